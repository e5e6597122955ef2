import { z } from 'zod';
import { DeviceAlarmSchema } from '../alarms/device-alarm';

/**
 * An alarm EPISODE: one alarm condition from its onset to its end, with an
 * identity every station shares. A link carries episodes, not "what is
 * active now": an episode that started and ended while a station was cut off
 * still reaches it on resync (see journal.ts), with its real onset and end.
 *
 * Times are the SOURCE's wall clock (epoch ms): when the gateway learned of
 * the onset / end. A station shows and audits them; it never compares them
 * with its own clock to decide anything (the two machines' clocks may differ
 * by minutes).
 */
export const EpisodeIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/);
export type EpisodeId = z.infer<typeof EpisodeIdSchema>;

/**
 * How an episode ended. `superseded`: the device deepened its priority, which
 * is a new episode (whoever acknowledged the MEDIUM did not accept the HIGH);
 * the old one ends without latching, since its successor shows the same cause.
 */
export const EpisodeEndSchema = z
  .object({
    /** Source wall time of the end. */
    at: z.number().int().nonnegative(),
    reason: z.enum(['ended', 'superseded']),
  })
  .strict();
export type EpisodeEnd = z.infer<typeof EpisodeEndSchema>;

/**
 * A device-reported alarm episode as the gateway journals it. The device's
 * own id (`deviceAlarmId`, OBR-29 in PCD-04) ties its start/continue/end
 * messages together but is reused by many devices; the gateway gives each
 * episode its own `episodeId` (random, never reused), which is what an
 * acknowledgement names.
 */
export const DeviceEpisodeSchema = DeviceAlarmSchema.omit({ phase: true })
  .extend({
    episodeId: EpisodeIdSchema,
    /** Source wall time of the onset. */
    onsetAt: z.number().int().nonnegative(),
    /** null while the condition lasts. */
    end: EpisodeEndSchema.nullable(),
  })
  .strict();
export type DeviceEpisode = z.infer<typeof DeviceEpisodeSchema>;

/**
 * The identity of a station-evaluated limit alarm episode. Each station
 * decides limit alarms itself from the same numerics, so there is no id
 * anyone assigns; both derive it from what they share, the SOURCE's data:
 * the bed, the condition code and priority, and `excursionAt`, the
 * `measuredAt` (source clock) of the first sample beyond the limit that began
 * the excursion. Two stations fed the same samples derive the same id
 * whatever their own clocks say; an excursion that begins later has a later
 * first sample and so another id. When the stations saw different samples
 * (other limits, a station that joined mid-excursion, samples shed) the ids
 * differ and an acknowledgement does not carry over: the alarm keeps
 * sounding at the other station (the safe side).
 */
export function stationEpisodeId(bedId: string, code: string, priority: string, excursionAt: number): EpisodeId {
  return `st:${bedId}:${code}:${priority}:${Math.max(0, Math.floor(excursionAt))}`;
}

/** Station-evaluated ids start with `st:`; the gateway assigns every other one. */
export function isStationEpisodeId(id: string): boolean {
  return id.startsWith('st:');
}

/** Whether a station-evaluated id is the one derived for this bed, code and priority (any excursion). */
export function isStationEpisodeIdOf(id: string, bedId: string, code: string, priority: string): boolean {
  const prefix = `st:${bedId}:${code}:${priority}:`;
  return id.startsWith(prefix) && /^\d{1,16}$/.test(id.slice(prefix.length));
}
