import { z } from 'zod';

/**
 * How long an alarm may stay unacknowledged before it escalates, per
 * priority: `[toLevel2Ms, toLevel3Ms]` after onset, `[]` for never. Level 2
 * is typically the charge nurse's pager, level 3 further up (the back end
 * decides who; Cvach 2014: escalating unacknowledged alarms cuts their
 * duration). Acknowledgement or the end of the condition stops it.
 * Shared because IT sets it in the station configuration.
 */
const StepsSchema = z
  .array(z.number().int().positive().max(3_600_000))
  .max(2)
  .refine((s) => s.length < 2 || s[0]! < s[1]!, 'level 3 must come after level 2');

export const EscalationPolicySchema = z.object({ HIGH: StepsSchema, MEDIUM: StepsSchema, LOW: StepsSchema }).strict();
export type EscalationPolicy = z.infer<typeof EscalationPolicySchema>;

export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  HIGH: [30_000, 60_000],
  MEDIUM: [120_000, 300_000],
  LOW: [],
};
