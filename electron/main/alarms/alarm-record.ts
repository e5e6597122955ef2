import type { AlarmCondition, AlarmPriority, AlarmSource, AlarmState } from '../../../shared/domain/alarm-condition';
import type { EscalationLevel } from './escalation-policy';

/**
 * The engine's own record of one alarm condition (one alarmId). The UI gets
 * the AlarmCondition projection; acknowledgement and end are kept as
 * separate facts because a latched alarm can be both ended and unacknowledged
 * (still sounding) or ended and acknowledged (silent, still shown).
 */
export interface AlarmRecord {
  readonly alarmId: string;
  /** Creation order within this run; breaks ties between equal onset times. */
  readonly seq: number;
  /** What the condition is about, e.g. `limit:bed-3:spo2:low`; one open record per key. */
  readonly key: string;
  readonly bedId: string | null;
  readonly code: string;
  readonly message: string;
  readonly source: AlarmSource;
  readonly priority: AlarmPriority;
  readonly latching: boolean;
  /**
   * The episode this alarm is, shared with other stations and the back end
   * (shared/protocol/episode.ts); null for an alarm that stays at this station.
   */
  readonly episodeId: string | null;
  /** Shown and audited: for an episode from the back end, the source's wall time of the onset (maybe long past). */
  readonly onsetAt: number;
  /**
   * When THIS station learned of it: escalation counts from here. An episode
   * that reaches the station late (after a link outage) escalates from its
   * arrival, because nobody here could have acknowledged it earlier.
   */
  readonly escalatesFrom: number;
  readonly triggerValue: number | null;
  readonly limit: number | null;
  endedAt: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  escalationLevel: EscalationLevel;
}

export const PRIORITY_RANK: Readonly<Record<AlarmPriority, number>> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

export function alarmState(record: AlarmRecord): AlarmState {
  if (record.endedAt !== null) return 'resolved';
  return record.acknowledgedAt !== null ? 'acknowledged' : 'active';
}

/** Its auditory signal is on unless acknowledged (paused audio is decided elsewhere). */
export function wantsToSound(record: AlarmRecord): boolean {
  return record.acknowledgedAt === null && (record.endedAt === null || record.latching);
}

export function toAlarmCondition(record: AlarmRecord): AlarmCondition {
  return {
    alarmId: record.alarmId,
    bedId: record.bedId,
    code: record.code.slice(0, 48),
    message: record.message.slice(0, 120),
    source: record.source,
    priority: record.priority,
    latching: record.latching,
    state: alarmState(record),
    acknowledged: record.acknowledgedAt !== null,
    onsetAt: Math.max(0, Math.floor(record.onsetAt)),
    triggerValue: record.triggerValue,
    limit: record.limit,
    escalationLevel: record.escalationLevel,
  };
}
