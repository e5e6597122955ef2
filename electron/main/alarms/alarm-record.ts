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
  /**
   * Wall clock (epoch ms) at onset: what people read (the alarm bar, the
   * audit trail). For an episode from the back end, the source's wall time of
   * its onset (maybe long past, on another machine's clock): shown, never
   * measured against.
   */
  readonly onsetAt: number;
  /**
   * Monotonic clock when THIS station learned of the alarm: its onset for one
   * decided here, its arrival for an episode from the back end (after a link
   * outage nobody here could have acknowledged it earlier). Escalation and
   * "oldest first" count from it, so a change of the system clock never
   * moves them. Never shown, stored or sent (see time/clock.ts).
   */
  readonly escalatesFrom: number;
  readonly triggerValue: number | null;
  readonly limit: number | null;
  /** Wall clock when the condition ended, or null while it lasts. */
  endedAt: number | null;
  /** Wall clock when the acknowledgement took effect (here or at another station), or null. */
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  escalationLevel: EscalationLevel;
  /** The census encounter in the bed at onset (the alarm stays that patient's), or null. */
  readonly encounterId: string | null;
}

export const PRIORITY_RANK: Readonly<Record<AlarmPriority, number>> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

export function alarmState(record: AlarmRecord): AlarmState {
  if (record.endedAt !== null) return 'resolved';
  return record.acknowledgedAt !== null ? 'acknowledged' : 'active';
}

/**
 * Its auditory signal is on until it is acknowledged or leaves the list
 * (paused audio is decided elsewhere). A latched alarm keeps sounding after
 * its condition ended; a non-latching one has left the list by then.
 */
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
    encounterId: record.encounterId,
  };
}
