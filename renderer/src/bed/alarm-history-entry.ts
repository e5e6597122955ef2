import type { AuditReviewRow } from '../../../shared/audit/audit-review';
import { AlarmPrioritySchema, PRIORITY_PREFIX, type AlarmPriority } from '../../../shared/domain/alarm-condition';
import { parseDetails, type DetailValue } from '../review/audit-details';
import { formatLocalDateTime } from '../review/local-time';

/** One line of a bed's alarm history, ready to show. */
export interface AlarmHistoryEntry {
  seq: number;
  utcMs: number;
  time: string;
  action: AuditReviewRow['action'];
  /** The bed the row is about (a patient's history spans beds). */
  bedId: string | null;
  event: string;
  alarmId: string | null;
  code: string;
  priority: AlarmPriority | null;
  /** `*** HIGH`: the prefix carries the priority without colour. */
  priorityText: string;
  who: string;
  note: string;
}

const EVENT: Partial<Record<AuditReviewRow['action'], string>> = {
  'alarm.onset': 'Onset',
  'alarm.acknowledged': 'Acknowledged',
  'alarm.escalated': 'Escalated',
  'alarm.resolved': 'Resolved',
  'alarm.reset': 'Reset',
};

const SYSTEM = 'system';

export function alarmHistoryEntry(row: AuditReviewRow): AlarmHistoryEntry {
  const details = parseDetails(row.details) ?? {};
  const priority = AlarmPrioritySchema.safeParse(details['priority']);
  return {
    seq: row.seq,
    utcMs: row.utcMs,
    time: formatLocalDateTime(row.utcMs),
    action: row.action,
    bedId: row.bedId,
    event: EVENT[row.action] ?? row.action,
    alarmId: row.alarmId,
    code: typeof details['code'] === 'string' ? details['code'] : '',
    priority: priority.success ? priority.data : null,
    priorityText: priority.success ? `${PRIORITY_PREFIX[priority.data]} ${priority.data}` : '',
    who: row.userId === SYSTEM ? 'Station' : `${row.userId} (${row.role})`,
    note: noteFor(row.action, details),
  };
}

/** What else the row says that matters at the bedside, in words. */
function noteFor(action: AuditReviewRow['action'], d: Record<string, DetailValue>): string {
  const parts: string[] = [];
  const num = (key: string) => (typeof d[key] === 'number' ? (d[key] as number) : null);
  if (action === 'alarm.onset') {
    if (num('value') !== null) parts.push(`value ${num('value')}`);
    if (num('limit') !== null) parts.push(`limit ${num('limit')}`);
    if (typeof d['source'] === 'string') parts.push(`${d['source']}`);
    if (d['latching'] === true) parts.push('latching');
  } else if (action === 'alarm.escalated') {
    if (num('level') !== null) parts.push(`to level ${num('level')}`);
  } else if (action === 'alarm.acknowledged') {
    if (num('escalation_level') !== null) parts.push(`at level ${num('escalation_level')}`);
    if (typeof d['via_station'] === 'string') parts.push(`via ${d['via_station']}`);
  } else if (action === 'alarm.resolved') {
    if (typeof d['reason'] === 'string') parts.push(d['reason']);
    if (d['latched'] === true) parts.push('stays latched until reset');
  }
  return parts.join(', ');
}
