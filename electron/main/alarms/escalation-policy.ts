import type { AlarmPriority } from '../../../shared/domain/alarm-condition';
import type { EscalationPolicy } from '../../../shared/alarms/escalation-policy';

export { DEFAULT_ESCALATION_POLICY, EscalationPolicySchema, type EscalationPolicy } from '../../../shared/alarms/escalation-policy';

export type EscalationLevel = 1 | 2 | 3;

/** The level an alarm unacknowledged for `elapsedMs` should have reached. */
export function escalationLevelAfter(policy: EscalationPolicy, priority: AlarmPriority, elapsedMs: number): EscalationLevel {
  let level: EscalationLevel = 1;
  for (const stepMs of policy[priority]) if (elapsedMs >= stepMs) level = level === 1 ? 2 : 3;
  return level;
}
