import { z } from 'zod';
import { BedIdSchema } from '../domain/bed';
import { isLoopbackHost, parsePeerPattern } from './peer-address';

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

const FilePathSchema = z.string().min(1).max(1024);

/**
 * MLLP over TLS (IHE ITI TF ATNA, "secure node"): the station's certificate
 * and key, and optionally the hospital CA that must have signed every
 * connecting device's (or integration engine's) client certificate.
 */
export const Hl7TlsSchema = z
  .object({
    certFile: FilePathSchema,
    keyFile: FilePathSchema,
    /** When set, a peer without a certificate signed by this CA (PEM) is refused during the handshake. */
    clientCaFile: FilePathSchema.optional(),
  })
  .strict();
export type Hl7TlsConfig = z.infer<typeof Hl7TlsSchema>;

/** An IP address or a CIDR block a peer may connect from (IPv4 or IPv6). */
export const PeerPatternSchema = z
  .string()
  .max(64)
  .refine((s) => parsePeerPattern(s) !== null, 'must be an IP address or a CIDR block (10.20.4.0/24, fd00::/64)');

/**
 * Per sender (peer address), per kind of message: alarms (ORU^R40) and
 * everything else each get their own bucket, so a sender flooding numerics
 * does not spend its alarms' allowance (many sites send every monitor
 * through one integration engine: one peer).
 */
export const Hl7RateLimitSchema = z
  .object({
    /** Sustained messages per second. */
    messagesPerSecond: z.number().min(1).max(100_000).default(200),
    /** Messages a sender may send at once above the sustained rate (a monitor's backlog after a reconnect). */
    burst: z.number().int().min(1).max(1_000_000).default(1000),
  })
  .strict();

/**
 * The fields of an MLLP listener, before the rules that tie them together
 * (listenerTransportRules): the ADT feed's listener (adt-config.ts) is built
 * from the same fields with a bed map of its own.
 */
export const Hl7ListenerFieldsSchema = z
  .object({
    /**
     * Loopback by default: listening on the ward network is an explicit IT
     * decision. Off loopback, give the address of the device network's
     * interface (never 0.0.0.0 on a multi-homed PC), with tls and allowedPeers.
     */
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
    /** Connections one peer address may hold (never more than maxConnections): a single sender cannot take every slot. */
    maxConnectionsPerPeer: z.number().int().min(1).max(1024).default(8),
    /** MLLP over TLS. Required off this machine unless `insecure` says otherwise. */
    tls: Hl7TlsSchema.optional(),
    /**
     * Plain-text MLLP on a network interface: patient data and alarms in
     * clear, and anyone who can reach the port can speak for a monitor. Only
     * with this explicit flag, which the admin status screen shows.
     */
    insecure: z.boolean().default(false),
    /** Peers allowed to connect. Required off this machine; on loopback, default: anyone on this machine. */
    allowedPeers: z.array(PeerPatternSchema).min(1).max(256).optional(),
    rateLimit: Hl7RateLimitSchema.default({ messagesPerSecond: 200, burst: 1000 }),
    /** The sink (station) must take a message within this time, or the device gets AE and retries. */
    sinkTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
    /** MSH-11: production only by default, so a monitor in demo/training mode never feeds a real bed. */
    processingIds: z.array(z.enum(HL7_PROCESSING_IDS)).min(1).default(['P']),
    bedMap: z.array(Hl7BedMapEntrySchema).min(1).max(512),
  })
  .strict();

/**
 * A listener is a trust boundary whoever sends to it (monitors, the HIS):
 * off this machine it needs TLS (or an explicit, flagged `insecure`) and an
 * allow-list of peers.
 */
export function listenerTransportRules(config: { host: string; tls?: unknown; insecure: boolean; allowedPeers?: unknown }, ctx: z.RefinementCtx): void {
  const offThisMachine = !isLoopbackHost(config.host);
  if (offThisMachine && config.tls === undefined && !config.insecure) {
    ctx.addIssue({ code: 'custom', path: ['tls'], message: 'a listener off this machine needs TLS (tls.certFile, tls.keyFile), or an explicit "insecure": true' });
  }
  if (config.tls !== undefined && config.insecure) {
    ctx.addIssue({ code: 'custom', path: ['insecure'], message: 'insecure is only for plain MLLP; remove it when tls is set' });
  }
  if (offThisMachine && config.allowedPeers === undefined) {
    ctx.addIssue({ code: 'custom', path: ['allowedPeers'], message: 'a listener off this machine needs the list of peer addresses or CIDR blocks allowed to connect' });
  }
}

export const Hl7ListenerConfigSchema = Hl7ListenerFieldsSchema.superRefine((config, ctx) => {
  listenerTransportRules(config, ctx);
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
