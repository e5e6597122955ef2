import { z } from 'zod';
import { BedIdSchema } from '../domain/bed';
import { AlarmPrioritySchema } from '../domain/alarm-condition';

/**
 * How stations name "the same alarm" to each other. Alarm ids are
 * station-local (every station's engine numbers its own), and a limit alarm
 * is decided independently at each station from the same numerics, so the
 * shared identity is the bed, the condition code and the onset:
 *
 * - origin 'station': evaluated at each station. An acknowledgement applies
 *   to a station's open, unacknowledged alarm with the same bed and code
 *   whose onset is not after the acknowledgement (one that began later is a
 *   new episode nobody has seen yet).
 * - origin 'device': reported by the bedside device via the gateway; the
 *   device's start/end decide the episode, so the acknowledgement applies to
 *   the open device alarm with the same bed and code.
 *
 * Both also carry the priority, and it must match: a condition that
 * deepened (a device raising MEDIUM to HIGH) is a new alarm here, and
 * whoever acknowledged the MEDIUM did not accept the HIGH.
 */
export const AlarmOriginSchema = z.enum(['station', 'device']);
export type AlarmOrigin = z.infer<typeof AlarmOriginSchema>;

export const AlarmIdentitySchema = z
  .object({
    bedId: BedIdSchema,
    code: z.string().regex(/^[A-Z0-9_]{1,48}$/),
    /** Epoch ms of the onset at the station that reports it. */
    onsetAt: z.number().int().nonnegative(),
    origin: AlarmOriginSchema,
    priority: AlarmPrioritySchema,
  })
  .strict();
export type AlarmIdentity = z.infer<typeof AlarmIdentitySchema>;

export const StationUserSchema = z
  .object({
    stationId: z.string().regex(/^[A-Za-z0-9_.-]{1,48}$/),
    /** Printable ASCII, never the audit trail's reserved "system" (it becomes an audit actor). */
    userId: z
      .string()
      .regex(/^[\x21-\x7e]{1,64}$/)
      .refine((id) => id !== 'system', 'reserved'),
  })
  .strict();
export type StationUser = z.infer<typeof StationUserSchema>;
