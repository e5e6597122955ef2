import { describe, expect, it } from 'vitest';
import type { AlarmCondition } from '../../../shared/domain/alarm-condition';
import { highestPriorityByBed, orderForAlarmBar } from '../../../renderer/src/alarms/alarm-order';

const alarm = (alarmId: string, priority: AlarmCondition['priority'], onsetAt: number, extra: Partial<AlarmCondition> = {}): AlarmCondition => ({
  alarmId,
  bedId: 'bed-01',
  code: 'X',
  message: 'x',
  source: 'station',
  priority,
  latching: false,
  state: 'active',
  onsetAt,
  triggerValue: null,
  limit: null,
  escalationLevel: 1,
  ...extra,
});

describe('alarm bar order', () => {
  it('puts higher priority first, then the oldest', () => {
    const ordered = orderForAlarmBar([alarm('a', 'LOW', 1), alarm('b', 'HIGH', 30), alarm('c', 'MEDIUM', 5), alarm('d', 'HIGH', 10)]);
    expect(ordered.map((a) => a.alarmId)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('keeps acknowledged alarms visible and drops resolved non-latching ones', () => {
    const ordered = orderForAlarmBar([
      alarm('ack', 'HIGH', 1, { state: 'acknowledged' }),
      alarm('gone', 'HIGH', 2, { state: 'resolved' }),
      alarm('latched', 'HIGH', 3, { state: 'resolved', latching: true }),
    ]);
    expect(ordered.map((a) => a.alarmId)).toEqual(['ack', 'latched']);
  });

  it('lists alarms still waiting for someone before handled ones of the same priority, never above a higher priority', () => {
    const ordered = orderForAlarmBar([
      alarm('old-ack', 'HIGH', 1, { state: 'acknowledged' }),
      alarm('old-latched', 'HIGH', 2, { state: 'resolved', latching: true }),
      alarm('new-high', 'HIGH', 50),
      alarm('medium', 'MEDIUM', 0),
      alarm('medium-ack', 'MEDIUM', 0, { state: 'acknowledged', alarmId: 'a-medium-ack' }),
    ]);
    expect(ordered.map((a) => a.alarmId)).toEqual(['new-high', 'old-ack', 'old-latched', 'medium', 'a-medium-ack']);
  });

  it('highlights each tile with its most urgent alarm', () => {
    const byBed = highestPriorityByBed([alarm('m', 'MEDIUM', 1), alarm('h', 'HIGH', 9), alarm('o', 'HIGH', 1, { bedId: 'bed-02' }), alarm('s', 'HIGH', 0, { bedId: null })]);
    expect(byBed.get('bed-01')?.alarmId).toBe('h');
    expect(byBed.get('bed-02')?.alarmId).toBe('o');
    expect(byBed.size).toBe(2);
  });
});
