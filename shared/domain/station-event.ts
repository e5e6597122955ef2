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

/**
 * The full alarm state, sent whole on every change (and in the snapshot) so a
 * view that missed events, or was just reloaded, can never hold a stale list.
 */
export const AuditorySignalSchema = z.object({
  alarmId: z.string(),
  priority: AlarmPrioritySchema,
  escalationLevel: z.number().int().min(1).max(3),
});
export type AuditorySignal = z.infer<typeof AuditorySignalSchema>;

export const AlarmsUpdateSchema = z.object({
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
