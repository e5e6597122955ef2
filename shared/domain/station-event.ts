import { z } from 'zod';
import { BedStatusSchema } from './bed-status';
import { NumericSchema } from './numeric';
import { AlarmConditionSchema, AlarmPrioritySchema } from './alarm-condition';

/**
 * Events the main process pushes to every view. Slow-changing state only:
 * waveform samples never travel as events (see waveform/frame.ts).
 */
export const NumericsUpdateSchema = z.object({
  /**
   * The station's wall clock when it sent this batch, read together with
   * every `measuredAt` in it: `sentAt − measuredAt` is a value's age. A view
   * ages it on its own monotonic clock, never against its wall clock.
   */
  sentAt: z.number().int(),
  beds: z.array(z.object({ bedId: z.string(), numerics: z.array(NumericSchema) })),
});
export type NumericsUpdate = z.infer<typeof NumericsUpdateSchema>;

export const BedStatusUpdateSchema = z.object({ statuses: z.array(BedStatusSchema) });
export type BedStatusUpdate = z.infer<typeof BedStatusUpdateSchema>;

export const AuditorySignalSchema = z.object({
  alarmId: z.string(),
  priority: AlarmPrioritySchema,
  escalationLevel: z.number().int().min(1).max(3),
});
export type AuditorySignal = z.infer<typeof AuditorySignalSchema>;

/**
 * Alarm state travels as a numbered stream of changes (AlarmsDelta, the
 * 'unit:alarms' event) on top of a full state (AlarmsUpdate: in the unit
 * snapshot and from 'alarms:get-snapshot'). A change to one alarm among
 * thousands then costs one alarm's worth of data, not the whole list.
 *
 * `stream` names one run of the station's alarm engine (a restarted station
 * starts a new one); `seq` numbers its states. A delta turns any state from
 * `baseSeq` up to (not including) `seq` into state `seq`: its alarms are
 * whole and the newest, and its removals final, so applying it on a state it
 * partly contains already is harmless. A view holding state `n` applies a
 * delta with `baseSeq ≤ n < seq`, ignores one with `seq ≤ n` (its snapshot
 * already had it), and on anything else (a gap, another stream) holds a
 * list it cannot prove current: it fetches the full state again and says so
 * meanwhile. See shared/alarms/alarm-list-replica.ts.
 */
export const AlarmStreamIdSchema = z.string().min(1).max(100);
const AlarmSeqSchema = z.number().int().nonnegative();

/** The full alarm state at `seq`: every current alarm, the auditory signal and AUDIO PAUSED. */
export const AlarmsUpdateSchema = z.object({
  stream: AlarmStreamIdSchema,
  seq: AlarmSeqSchema,
  alarms: z.array(AlarmConditionSchema),
  /** The one alarm that should sound now, or null for silence. */
  auditory: AuditorySignalSchema.nullable(),
  /**
   * The station's wall clock when AUDIO PAUSED ends, or null when not
   * paused; read together with `sentAt`, so `audioPausedUntil − sentAt` is
   * the pause left when sent. A view counts that down on its own monotonic
   * clock; the pause itself is decided in the main process (`auditory`).
   */
  audioPausedUntil: z.number().int().nullable(),
  /** The station's wall clock when this update was sent. */
  sentAt: z.number().int(),
});
export type AlarmsUpdate = z.infer<typeof AlarmsUpdateSchema>;

export const AlarmsDeltaSchema = z
  .object({
    stream: AlarmStreamIdSchema,
    baseSeq: AlarmSeqSchema,
    seq: AlarmSeqSchema,
    /**
     * `changed` is the complete list and every alarm not in it is gone: the
     * engine's answer when it cannot name what changed (unknown is unsafe).
     */
    replace: z.boolean(),
    /** Alarms that are new or changed since `baseSeq`, whole. */
    changed: z.array(AlarmConditionSchema),
    /** Alarm ids no longer listed. */
    removed: z.array(z.string().min(1).max(64)),
    /** Always sent: the auditory signal and AUDIO PAUSED as of `seq`. */
    auditory: AuditorySignalSchema.nullable(),
    /** As in AlarmsUpdate: read together with `sentAt` (one wall-clock reading), their difference is the pause left when sent. */
    audioPausedUntil: z.number().int().nullable(),
    /** The station's wall clock when this delta was made. */
    sentAt: z.number().int(),
  })
  .refine((d) => d.seq > d.baseSeq, { message: 'seq must be after baseSeq', path: ['seq'] });
export type AlarmsDelta = z.infer<typeof AlarmsDeltaSchema>;
