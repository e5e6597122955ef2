import { z } from 'zod';
import { AlarmPrioritySchema } from './alarm-condition';

/**
 * Closing a workstation is a clinical action: its alarms stop being
 * annunciated there. The view first asks whether it may quit and what it
 * would silence (the check), shows the person a confirmation naming every
 * alarm, and then confirms with exactly the alarms it showed.
 */
export const QuitAlarmSchema = z.object({
  alarmId: z.string(),
  bedId: z.string().nullable(),
  /** The bed's label, or null for a unit-wide technical alarm. */
  bedLabel: z.string().nullable(),
  priority: AlarmPrioritySchema,
  message: z.string(),
  acknowledged: z.boolean(),
});
export type QuitAlarm = z.infer<typeof QuitAlarmSchema>;

export const QUIT_REFUSALS = ['wall', 'sign-in', 'not-permitted'] as const;

export const QuitCheckSchema = z.discriminatedUnion('allowed', [
  z.object({ allowed: z.literal(false), reason: z.enum(QUIT_REFUSALS), message: z.string() }),
  z.object({
    allowed: z.literal(true),
    /** Who would be recorded as closing the station. */
    by: z.object({ userId: z.string(), displayName: z.string() }),
    /** Every alarm this station shows now: none of them would be annunciated here any more. */
    alarms: z.array(QuitAlarmSchema),
  }),
]);
export type QuitCheck = z.infer<typeof QuitCheckSchema>;

export const QuitConfirmationSchema = z
  .object({
    /** The alarms the confirmation showed; an alarm not among them means the person has not seen it. */
    alarmIds: z.array(z.string().min(1).max(64)).max(4096),
    confirmed: z.literal(true),
  })
  .strict();
export type QuitConfirmation = z.infer<typeof QuitConfirmationSchema>;
