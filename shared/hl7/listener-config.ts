import { z } from 'zod';
import { BedIdSchema } from '../domain/bed';

/**
 * The HL7 listener's part of the IT-managed configuration. Unknown keys are
 * rejected like everywhere else in the config: a typo in a bed map must not
 * silently route a device to no bed (or the wrong one).
 *
 * A bed map entry ties a bed to a PV1-3 location (`pointOfCare^room^bed`, as
 * the monitors are configured) and/or to a device EUI-64 (OBX-18 / MSH-3).
 * Several entries may name one bed (a monitor plus a separate NIBP device);
 * one location or one EUI-64 may name only one bed.
 *
 * In shared/ because it is part of the station configuration (`hl7`).
 */

/**
 * Location key: first three PL components (point of care, room, bed),
 * trimmed, upper-cased, trailing empties dropped – so `ICU4^^BED07`, `icu4^^bed07`
 * and `ICU4^^BED07^HOSP^^^B1` are the same bed. Also used by the bed map.
 */
export function normalizeLocationKey(location: string | readonly string[]): string | null {
  const parts = (typeof location === 'string' ? location.split('^') : [...location]).slice(0, 3).map((p) => p.trim().toUpperCase());
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts.length === 0 ? null : parts.join('^');
}

export const Hl7BedMapEntrySchema = z
  .object({
    bedId: BedIdSchema,
    location: z
      .string()
      .max(200)
      .refine((s) => normalizeLocationKey(s) !== null, 'location must be pointOfCare^room^bed with at least one part')
      .optional(),
    eui64: z
      .string()
      .regex(/^[0-9A-Fa-f]{16}$/, 'eui64 must be 16 hex digits')
      .transform((s) => s.toUpperCase())
      .optional(),
  })
  .strict()
  .refine((e) => e.location !== undefined || e.eui64 !== undefined, 'a bed map entry needs a location or an eui64');
export type Hl7BedMapEntry = z.infer<typeof Hl7BedMapEntrySchema>;

export const HL7_PROCESSING_IDS = ['P', 'T', 'D'] as const;

export const Hl7ListenerConfigSchema = z
  .object({
    /** Loopback by default: listening on the ward network is an explicit IT decision. */
    host: z.string().min(1).max(255).default('127.0.0.1'),
    /** 0 picks a free port (tests). MLLP has no fixed port; 2575 is the customary one. */
    port: z.number().int().min(0).max(65535).default(2575),
    /** PCD-01 numerics are a few KB; anything near this limit is not a numeric feed. */
    maxMessageBytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(256 * 1024),
    /**
     * Bytes a connection may throw away (data outside frames, cut-off and
     * oversized frames) without one good frame in between before it is closed
     * as flooding. Defaults to 4 × maxMessageBytes.
     */
    maxDiscardBytes: z.number().int().min(1024).max(256 * 1024 * 1024).optional(),
    maxConnections: z.number().int().min(1).max(1024).default(64),
    /** The sink (station) must take a message within this time, or the device gets AE and retries. */
    sinkTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
    /** MSH-11: production only by default, so a monitor in demo/training mode never feeds a real bed. */
    processingIds: z.array(z.enum(HL7_PROCESSING_IDS)).min(1).default(['P']),
    bedMap: z.array(Hl7BedMapEntrySchema).min(1).max(512),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Map<string, string>();
    config.bedMap.forEach((entry, i) => {
      const keys = [
        entry.location !== undefined ? `location ${normalizeLocationKey(entry.location)}` : null,
        entry.eui64 !== undefined ? `eui64 ${entry.eui64}` : null,
      ];
      for (const key of keys) {
        if (key === null) continue;
        const other = seen.get(key);
        if (other !== undefined && other !== entry.bedId) {
          ctx.addIssue({ code: 'custom', path: ['bedMap', i], message: `${key.split(' ')[0]} is already mapped to bed ${other}` });
        }
        seen.set(key, entry.bedId);
      }
    });
  });
export type Hl7ListenerConfig = z.infer<typeof Hl7ListenerConfigSchema>;
export type Hl7ListenerConfigInput = z.input<typeof Hl7ListenerConfigSchema>;

export function discardLimit(config: Hl7ListenerConfig): number {
  return config.maxDiscardBytes ?? config.maxMessageBytes * 4;
}
