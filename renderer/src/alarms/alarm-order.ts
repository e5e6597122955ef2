import type { AlarmCondition, AlarmPriority } from '../../../shared/domain/alarm-condition';

const RANK: Record<AlarmPriority, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

/** Alarm bar order: highest priority first, then oldest first (the one waiting longest). */
export function orderForAlarmBar(alarms: readonly AlarmCondition[]): AlarmCondition[] {
  return alarms
    .filter((a) => a.state !== 'resolved' || a.latching)
    .sort((a, b) => RANK[a.priority] - RANK[b.priority] || a.onsetAt - b.onsetAt || a.alarmId.localeCompare(b.alarmId));
}

/** The most urgent alarm on a bed decides how its tile is highlighted. */
export function highestPriorityByBed(alarms: readonly AlarmCondition[]): Map<string, AlarmCondition> {
  const byBed = new Map<string, AlarmCondition>();
  for (const alarm of orderForAlarmBar(alarms)) {
    if (alarm.bedId && !byBed.has(alarm.bedId)) byBed.set(alarm.bedId, alarm);
  }
  return byBed;
}
