import { z } from 'zod';
import { AlarmPrioritySchema } from '../domain/alarm-condition';
import { BedIdSchema } from '../domain/bed';

/**
 * An alarm a bedside device decided and reported (IHE PCD-04 style), as the
 * alarm engine takes it and as the back-end protocol carries it. The device's
 * own id ties start/continue/end messages together (OBR-29 in PCD-04) and is
 * the alarm's identity across stations.
 */
export const DeviceAlarmSchema = z
  .object({
    bedId: BedIdSchema,
    code: z.string().regex(/^[A-Z0-9_]{1,48}$/),
    message: z.string().min(1).max(120),
    priority: AlarmPrioritySchema,
    /** Physiological alarms arrive as 'device'; the device's own equipment problems as 'technical'. */
    source: z.enum(['device', 'technical']),
    phase: z.enum(['start', 'continue', 'end']),
    deviceAlarmId: z.string().min(1).max(64),
    /** As reported; when absent, HIGH physiological alarms latch (a missed VT must stay visible). */
    latching: z.boolean().optional(),
  })
  .strict();
export type DeviceAlarmInput = z.infer<typeof DeviceAlarmSchema>;
