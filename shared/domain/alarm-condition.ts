import { z } from 'zod';

/**
 * Alarm vocabulary follows IEC 60601-1-8: physiological vs technical alarm
 * conditions, three priorities, latching or not. The alarm engine (issue 3)
 * decides conditions in the main process; the renderer only annunciates them.
 */
export const ALARM_PRIORITIES = ['HIGH', 'MEDIUM', 'LOW'] as const;
export const AlarmPrioritySchema = z.enum(ALARM_PRIORITIES);
export type AlarmPriority = z.infer<typeof AlarmPrioritySchema>;

/** Where the condition was decided. */
export const ALARM_SOURCES = ['device', 'station', 'technical'] as const;
export const AlarmSourceSchema = z.enum(ALARM_SOURCES);
export type AlarmSource = z.infer<typeof AlarmSourceSchema>;

export const ALARM_STATES = ['active', 'acknowledged', 'resolved'] as const;
export const AlarmStateSchema = z.enum(ALARM_STATES);
export type AlarmState = z.infer<typeof AlarmStateSchema>;

export const AlarmConditionSchema = z.object({
  alarmId: z.string().min(1).max(64),
  bedId: z.string().nullable(),
  /** Stable code for the kind of condition, e.g. `SPO2_LOW`, `NO_DATA`. */
  code: z.string().min(1).max(48),
  message: z.string().min(1).max(120),
  source: AlarmSourceSchema,
  priority: AlarmPrioritySchema,
  latching: z.boolean(),
  state: AlarmStateSchema,
  /**
   * Someone acknowledged it. Kept apart from `state` because a latched alarm
   * whose condition has ended is `resolved` either way, and only this says
   * whether it was handled (silent) or is still waiting for someone (sounding
   * until an alarm reset).
   */
  acknowledged: z.boolean(),
  onsetAt: z.number().int().nonnegative(),
  triggerValue: z.number().nullable(),
  limit: z.number().nullable(),
  escalationLevel: z.number().int().min(1).max(3),
  /**
   * The encounter (census) in the bed when the alarm began: the alarm stays
   * this patient's after a transfer or discharge. An opaque station id, never
   * a name or hospital number (views of every display mode receive it).
   * Absent for unit-wide alarms and beds with no patient.
   */
  encounterId: z.string().max(64).nullable().optional(),
});
export type AlarmCondition = z.infer<typeof AlarmConditionSchema>;

/** IEC 60601-1-8 message prefixes: colour must never be the only cue. */
export const PRIORITY_PREFIX: Readonly<Record<AlarmPriority, string>> = { HIGH: '***', MEDIUM: '**', LOW: '*' };
