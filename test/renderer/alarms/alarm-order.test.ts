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
  acknowledged: false,
  ...extra,
});

describe('alarm bar order', () => {
  it('puts higher priority first, then the oldest', () => {
    const ordered = orderForAlarmBar([alarm('a', 'LOW', 1), alarm('b', 'HIGH', 30), alarm('c', 'MEDIUM', 5), alarm('d', 'HIGH', 10)]);
    expect(ordered.map((a) => a.alarmId)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('keeps acknowledged alarms visible and drops resolved non-latching ones', () => {
    const ordered = orderForAlarmBar([
      alarm('ack', 'HIGH', 1, { state: 'acknowledged', acknowledged: true }),
      alarm('gone', 'HIGH', 2, { state: 'resolved' }),
      alarm('latched', 'HIGH', 3, { state: 'resolved', latching: true }),
    ]);
    expect(ordered.map((a) => a.alarmId)).toEqual(['ack', 'latched']);
  });

  it('orders alarms of the same priority and onset (a burst) by id, the same way every time', () => {
    const burst = ['st1:dev:10', 'st1:dev:9', 'st1:dev:1', 'st1:dev:2'].map((id) => alarm(id, 'HIGH', 7));
    const expected = ['st1:dev:1', 'st1:dev:10', 'st1:dev:2', 'st1:dev:9'];
    expect(orderForAlarmBar(burst).map((a) => a.alarmId)).toEqual(expected);
    expect(orderForAlarmBar([...burst].reverse()).map((a) => a.alarmId)).toEqual(expected);
  });

  it('does not move a row when it is acknowledged', () => {
    const before = [alarm('a', 'HIGH', 1), alarm('b', 'HIGH', 2), alarm('c', 'HIGH', 3)];
    const after = [alarm('a', 'HIGH', 1, { state: 'acknowledged', acknowledged: true }), before[1]!, before[2]!];
    expect(orderForAlarmBar(after).map((a) => a.alarmId)).toEqual(orderForAlarmBar(before).map((a) => a.alarmId));
  });

  it("shows on a tile the bed's highest priority, one still waiting before an acknowledged one, then the oldest", () => {
    const byBed = highestPriorityByBed([
      alarm('old-ack', 'HIGH', 1, { state: 'acknowledged', acknowledged: true }),
      alarm('newer-waiting', 'HIGH', 50),
      alarm('latched-waiting', 'HIGH', 60, { bedId: 'bed-02', state: 'resolved', latching: true }),
      alarm('ack-then-ended', 'HIGH', 2, { bedId: 'bed-02', state: 'resolved', latching: true, acknowledged: true }),
      alarm('medium-waiting', 'MEDIUM', 0, { bedId: 'bed-03' }),
      alarm('high-ack', 'HIGH', 5, { bedId: 'bed-03', state: 'acknowledged', acknowledged: true }),
    ]);
    expect(byBed.get('bed-01')?.alarmId).toBe('newer-waiting');
    // A latched alarm whose condition ended still sounds until reset: it is waiting, not handled.
    expect(byBed.get('bed-02')?.alarmId).toBe('latched-waiting');
    // A higher priority wins even when acknowledged.
    expect(byBed.get('bed-03')?.alarmId).toBe('high-ack');
  });

  it('highlights each tile with its most urgent alarm', () => {
    const byBed = highestPriorityByBed([alarm('m', 'MEDIUM', 1), alarm('h', 'HIGH', 9), alarm('o', 'HIGH', 1, { bedId: 'bed-02' }), alarm('s', 'HIGH', 0, { bedId: null })]);
    expect(byBed.get('bed-01')?.alarmId).toBe('h');
    expect(byBed.get('bed-02')?.alarmId).toBe('o');
    expect(byBed.size).toBe(2);
  });
});
