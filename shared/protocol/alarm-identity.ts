import { z } from 'zod';
import { BedIdSchema } from '../domain/bed';
import { AlarmPrioritySchema } from '../domain/alarm-condition';
import { EpisodeIdSchema } from './episode';

/**
 * How stations name "the same alarm" to each other: its EPISODE id (see
 * episode.ts). Alarm ids are station-local; the episode id is shared:
 *
 * - origin 'device': the id the gateway gave the device's episode when it
 *   journaled its onset;
 * - origin 'station': derived by each station from the source's data
 *   (bed, code, priority, the source time of the excursion's first sample).
 *
 * An acknowledgement applies to exactly the episode it names, never to
 * "whatever began before time T": the stations' clocks are never compared.
 * Bed, code and priority travel along for the audit trail and the pager
 * route, and are checked against the local alarm as a guard.
 */
export const AlarmOriginSchema = z.enum(['station', 'device']);
export type AlarmOrigin = z.infer<typeof AlarmOriginSchema>;

export const AlarmIdentitySchema = z
  .object({
    episodeId: EpisodeIdSchema,
    bedId: BedIdSchema,
    code: z.string().regex(/^[A-Z0-9_]{1,48}$/),
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
