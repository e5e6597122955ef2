import { z } from 'zod';
import { BedStatusSchema } from './bed-status';
import { NumericSchema } from './numeric';
import { AlarmConditionSchema } from './alarm-condition';

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

export const AlarmsUpdateSchema = z.object({ alarms: z.array(AlarmConditionSchema) });
export type AlarmsUpdate = z.infer<typeof AlarmsUpdateSchema>;
