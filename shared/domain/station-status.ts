import { z } from 'zod';
import { AuditStatusSchema } from '../audit/audit-review';

/**
 * One connection the station depends on (the back end, the HL7 device
 * listener, the ADT feed), as every connection describes itself: the same
 * shape for all, so the status screen lists them alike. Facts are
 * operational (addresses, counts), never patient data.
 */
export const CONNECTION_KINDS = ['gateway', 'hl7-devices', 'adt'] as const;
export const ConnectionDescriptionSchema = z.object({
  name: z.string(),
  kind: z.enum(CONNECTION_KINDS),
  state: z.enum(['stopped', 'starting', 'up', 'down']),
  /** Why it is down (empty otherwise). */
  reason: z.string(),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  /** What IT must act on (plain text on the network, a sender being throttled…), shown in red. */
  warnings: z.array(z.string()),
});
export type ConnectionDescription = z.infer<typeof ConnectionDescriptionSchema>;

/**
 * The admin status screen: is everything behind the wall healthy, and how
 * much bad input has been turned away (per source and reason)?
 */
/**
 * Device alarm flood control (electron/main/alarms/device-alarm-flood.ts):
 * repeats merged, alarms delayed while their bed flooded or there was no
 * room, and the ones discarded (never a HIGH), per bed and in total.
 */
export const AlarmFloodStatusSchema = z.object({
  openDeviceAlarms: z.number().int().nonnegative(),
  maxOpen: z.number().int().positive(),
  maxOpenPerBed: z.number().int().positive(),
  merged: z.number().int().nonnegative(),
  delayed: z.number().int().nonnegative(),
  discarded: z.number().int().nonnegative(),
  /** Held now, waiting to be shown. */
  waiting: z.number().int().nonnegative(),
  beds: z.array(
    z.object({
      bedId: z.string(),
      /** Its devices send more than their budget now. */
      throttled: z.boolean(),
      messages: z.number().int().nonnegative(),
      merged: z.number().int().nonnegative(),
      delayed: z.number().int().nonnegative(),
      discarded: z.number().int().nonnegative(),
      waiting: z.number().int().nonnegative(),
      open: z.number().int().nonnegative(),
    }),
  ),
});
export type AlarmFloodStatus = z.infer<typeof AlarmFloodStatusSchema>;

export const StationStatusSchema = z.object({
  stationId: z.string(),
  audit: AuditStatusSchema,
  rejections: z.object({
    total: z.number().int().nonnegative(),
    bySourceAndReason: z.array(z.object({ source: z.string(), reason: z.string(), count: z.number().int(), lastAt: z.number().int() })),
  }),
  /** Connections the unit depends on that are down now, with why. */
  connectionsDown: z.array(z.object({ name: z.string(), reason: z.string() })),
  views: z.number().int().nonnegative(),
  alarmFlood: AlarmFloodStatusSchema,
  /** Where the beds' data comes from, and how that connection is doing. */
  feed: z.object({ kind: z.enum(['simulator', 'gateway']), facts: z.array(z.object({ label: z.string(), value: z.string() })) }),
  /** Every connection (back end, HL7 devices, ADT feed), each as it describes itself. */
  connections: z.array(ConnectionDescriptionSchema),
  /**
   * Times someone set this station's system clock (steps over 2 s), newest
   * first: `at` is the wall clock right after, `stepMs` the change (+ forward).
   * Nothing clinical follows the wall clock; IT still needs to know.
   */
  clockChanges: z.array(z.object({ at: z.number().int(), stepMs: z.number().int() })),
});
export type StationStatus = z.infer<typeof StationStatusSchema>;

/** "clock changed by +3600 s": the audit entry's and the status screen's wording. */
export function describeClockStep(stepMs: number): string {
  const seconds = Math.round(Math.abs(stepMs) / 100) / 10;
  return `clock changed by ${stepMs < 0 ? '-' : '+'}${seconds} s`;
}
