import type { AlarmCondition, AlarmPriority } from '../../../shared/domain/alarm-condition';

const RANK: Record<AlarmPriority, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

const shown = (alarm: AlarmCondition) => alarm.state !== 'resolved' || alarm.latching;
// Ties (a burst's alarms share their onset millisecond) are broken by id, compared as plain
// code units: localeCompare goes through ICU collation, and sorting a burst of 64 with it
// twice per update took ~11 ms of the page's time, measured, before the tone was scheduled.
const byId = (a: AlarmCondition, b: AlarmCondition) => (a.alarmId < b.alarmId ? -1 : a.alarmId > b.alarmId ? 1 : 0);
const byPriorityThenAge = (a: AlarmCondition, b: AlarmCondition) => RANK[a.priority] - RANK[b.priority] || a.onsetAt - b.onsetAt || byId(a, b);
/** Nobody has acknowledged it: it is still waiting for someone (a latched one until reset). */
const waiting = (alarm: AlarmCondition) => (alarm.acknowledged ? 0 : 1);

/**
 * Alarm bar order: highest priority first, then oldest first (the one waiting
 * longest). Acknowledging does not move a row: rows shifting under the
 * pointer as each is acknowledged would put another bed's Acknowledge button
 * where the nurse just clicked.
 */
export function orderForAlarmBar(alarms: readonly AlarmCondition[]): AlarmCondition[] {
  return alarms.filter(shown).sort(byPriorityThenAge);
}

/**
 * The alarm a bed's tile shows: its highest priority; within that, one still
 * waiting for someone before one already acknowledged; then the oldest.
 */
export function highestPriorityByBed(alarms: readonly AlarmCondition[]): Map<string, AlarmCondition> {
  const byBed = new Map<string, AlarmCondition>();
  const ordered = alarms.filter(shown).sort((a, b) => RANK[a.priority] - RANK[b.priority] || waiting(b) - waiting(a) || byPriorityThenAge(a, b));
  for (const alarm of ordered) {
    if (alarm.bedId && !byBed.has(alarm.bedId)) byBed.set(alarm.bedId, alarm);
  }
  return byBed;
}
