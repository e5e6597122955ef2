import { z } from 'zod';
import { BedStatusSchema } from './bed-status';
import { NumericSchema } from './numeric';
import { AlarmConditionSchema, AlarmPrioritySchema } from './alarm-condition';

/**
 * Events the main process pushes to every view. Slow-changing state only:
 * waveform samples never travel as events (see waveform/frame.ts).
 */
export const NumericsUpdateSchema = z.object({
  /** Epoch ms when the main process sent this batch. */
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
  /** Epoch ms when AUDIO PAUSED ends, or null when not paused. */
  audioPausedUntil: z.number().int().nullable(),
  sentAt: z.number().int(),
});
export type AlarmsUpdate = z.infer<typeof AlarmsUpdateSchema>;
