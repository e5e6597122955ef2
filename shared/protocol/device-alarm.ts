import { z } from 'zod';
import { AlarmPrioritySchema } from '../domain/alarm-condition';
import { BedIdSchema } from '../domain/bed';

/**
 * A device-reported alarm (IHE PCD-04 style) as the gateway relays it. The
 * same shape as the alarm engine's DeviceAlarmInput, so the station hands it
 * over unchanged; the device's own id ties start/continue/end together and
 * is the alarm's identity across stations.
 */
export const ProtocolDeviceAlarmSchema = z
  .object({
    bedId: BedIdSchema,
    code: z.string().regex(/^[A-Z0-9_]{1,48}$/),
    message: z.string().min(1).max(120),
    priority: AlarmPrioritySchema,
    source: z.enum(['device', 'technical']),
    phase: z.enum(['start', 'continue', 'end']),
    deviceAlarmId: z.string().min(1).max(64),
    latching: z.boolean().optional(),
  })
  .strict();
export type ProtocolDeviceAlarm = z.infer<typeof ProtocolDeviceAlarmSchema>;
