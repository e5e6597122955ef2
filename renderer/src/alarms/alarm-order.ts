import type { AlarmCondition, AlarmPriority } from '../../../shared/domain/alarm-condition';

const RANK: Record<AlarmPriority, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

/**
 * Alarm bar order: highest priority first; within a priority, alarms still
 * waiting for someone (active) before those already handled (acknowledged, or
 * latched after their condition ended); then oldest first, the one waiting
 * longest. The bar shows only its first rows, so with acknowledged alarms on
 * top a nurse working through a unit-wide burst could never reach the rest.
 */
export function orderForAlarmBar(alarms: readonly AlarmCondition[]): AlarmCondition[] {
  return alarms
    .filter((a) => a.state !== 'resolved' || a.latching)
    .sort(
      (a, b) =>
        RANK[a.priority] - RANK[b.priority] ||
        waiting(b) - waiting(a) ||
        a.onsetAt - b.onsetAt ||
        a.alarmId.localeCompare(b.alarmId),
    );
}

const waiting = (alarm: AlarmCondition) => (alarm.state === 'active' ? 1 : 0);

/** The most urgent alarm on a bed decides how its tile is highlighted. */
export function highestPriorityByBed(alarms: readonly AlarmCondition[]): Map<string, AlarmCondition> {
  const byBed = new Map<string, AlarmCondition>();
  for (const alarm of orderForAlarmBar(alarms)) {
    if (alarm.bedId && !byBed.has(alarm.bedId)) byBed.set(alarm.bedId, alarm);
  }
  return byBed;
}
