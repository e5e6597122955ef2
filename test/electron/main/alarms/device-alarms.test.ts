import { describe, expect, it } from 'vitest';
import type { DeviceAlarmInput } from '../../../../electron/main/alarms/device-alarm';
import { codes, harness, onsets, only } from './alarm-test-kit';

/**
 * Alarms decided by the bedside device (IHE PCD-04 style, start / continue /
 * end tied together by the device's alarm id) are taken as reported, except
 * that lethal arrhythmias are always HIGH and latching.
 */
function device(overrides: Partial<DeviceAlarmInput> = {}): DeviceAlarmInput {
  return { bedId: 'bed-1', code: 'ST_ELEVATION', message: 'ST elevation', priority: 'MEDIUM', source: 'device', phase: 'start', deviceAlarmId: 'dev-7', ...overrides };
}

describe('device-reported alarms', () => {
  it('are taken with the device priority, as device-source alarms', () => {
    const h = harness();
    h.engine.deviceAlarm(device({ code: 'ST_ELEVATION', priority: 'MEDIUM', deviceAlarmId: 'a' }));
    h.engine.deviceAlarm(device({ code: 'LOW_BATTERY', priority: 'LOW', source: 'technical', deviceAlarmId: 'b' }));
    h.engine.deviceAlarm(device({ code: 'APNEA', priority: 'HIGH', deviceAlarmId: 'c' }));
    expect(h.engine.list().map((a) => [a.code, a.priority, a.source, a.latching])).toEqual([
      ['ST_ELEVATION', 'MEDIUM', 'device', false],
      ['LOW_BATTERY', 'LOW', 'technical', false],
      ['APNEA', 'HIGH', 'device', true], // HIGH physiological alarms latch unless the device says otherwise
    ]);
  });

  it.each(['ASYSTOLE', 'VF', 'VT', 'VFIB', 'VTACH'])('%s is HIGH and latching whatever the device says', (code) => {
    const h = harness();
    h.engine.deviceAlarm(device({ code, priority: 'LOW', latching: false }));
    expect(only(h.engine, code)).toMatchObject({ priority: 'HIGH', latching: true, state: 'active' });
    expect(h.engine.auditory()?.priority).toBe('HIGH');
  });

  it('honours an explicit latching flag for other alarms', () => {
    const h = harness();
    h.engine.deviceAlarm(device({ code: 'APNEA', priority: 'HIGH', latching: false, deviceAlarmId: 'a' }));
    h.engine.deviceAlarm(device({ code: 'PVC_RUN', priority: 'MEDIUM', latching: true, deviceAlarmId: 'b' }));
    expect(h.engine.list().map((a) => [a.code, a.latching])).toEqual([
      ['APNEA', false],
      ['PVC_RUN', true],
    ]);
  });

  it('start, continue, continue, end: one alarm, one onset, then gone (non-latching)', () => {
    const h = harness();
    h.engine.deviceAlarm(device({ phase: 'start' }));
    const id = only(h.engine, 'ST_ELEVATION').alarmId;
    h.tick(1_000);
    h.engine.deviceAlarm(device({ phase: 'continue' }));
    h.engine.deviceAlarm(device({ phase: 'continue' }));
    expect(only(h.engine, 'ST_ELEVATION').alarmId).toBe(id);
    expect(onsets(h.audit, 'ST_ELEVATION')).toBe(1);
    h.engine.deviceAlarm(device({ phase: 'end' }));
    expect(h.engine.list()).toEqual([]);
    expect(h.audit.entries('alarm.resolved')).toEqual([expect.objectContaining({ alarmId: id })]);
  });

  it('a latching device alarm stays resolved after its end', () => {
    const h = harness();
    h.engine.deviceAlarm(device({ code: 'VT', priority: 'HIGH' }));
    h.engine.deviceAlarm(device({ code: 'VT', priority: 'HIGH', phase: 'end' }));
    expect(only(h.engine, 'VT').state).toBe('resolved');
  });

  it('a continue for an alarm the station never saw start raises it', () => {
    const h = harness();
    h.engine.deviceAlarm(device({ phase: 'continue' }));
    expect(only(h.engine, 'ST_ELEVATION').state).toBe('active');
  });

  it('an end without a start: a latching alarm is shown resolved so it is not missed, and audited', () => {
    const h = harness();
    h.engine.deviceAlarm(device({ code: 'ASYSTOLE', priority: 'HIGH', phase: 'end' }));
    expect(only(h.engine, 'ASYSTOLE')).toMatchObject({ state: 'resolved', priority: 'HIGH', latching: true });
    expect(h.engine.auditory()?.priority).toBe('HIGH');
    expect(h.audit.actions()).toEqual(['alarm.onset', 'alarm.resolved']);
  });

  it('an end without a start of a non-latching alarm is audited but not shown', () => {
    const h = harness();
    h.engine.deviceAlarm(device({ phase: 'end' }));
    expect(h.engine.list()).toEqual([]);
    expect(onsets(h.audit, 'ST_ELEVATION')).toBe(1);
  });

  it('a repeated end is not taken for another missed alarm', () => {
    const h = harness();
    h.engine.deviceAlarm(device({ code: 'VF', phase: 'start' }));
    h.engine.deviceAlarm(device({ code: 'VF', phase: 'end' }));
    h.engine.deviceAlarm(device({ code: 'VF', phase: 'end' }));
    h.engine.deviceAlarm(device({ code: 'VF', phase: 'end' }));
    expect(h.engine.list()).toHaveLength(1);
    expect(onsets(h.audit, 'VF')).toBe(1);
  });

  it('a priority raised by the device is a new alarm; the old one is retired', () => {
    const h = harness();
    h.engine.deviceAlarm(device({ priority: 'LOW' }));
    const low = only(h.engine, 'ST_ELEVATION').alarmId;
    h.engine.deviceAlarm(device({ priority: 'MEDIUM', phase: 'continue' }));
    const medium = only(h.engine, 'ST_ELEVATION');
    expect(medium.alarmId).not.toBe(low);
    expect(medium.priority).toBe('MEDIUM');
    expect(h.audit.entries('alarm.resolved')).toEqual([expect.objectContaining({ alarmId: low, details: expect.objectContaining({ reason: 'superseded' }) })]);
  });

  it('a priority lowered by the device keeps the higher one (only ever raises)', () => {
    const h = harness();
    h.engine.deviceAlarm(device({ priority: 'MEDIUM' }));
    const id = only(h.engine, 'ST_ELEVATION').alarmId;
    h.engine.deviceAlarm(device({ priority: 'LOW', phase: 'continue' }));
    expect(only(h.engine, 'ST_ELEVATION')).toMatchObject({ alarmId: id, priority: 'MEDIUM' });
  });

  it('a device alarm that starts again after it ended is a new alarm', () => {
    const h = harness();
    h.engine.deviceAlarm(device());
    const first = only(h.engine, 'ST_ELEVATION').alarmId;
    h.engine.deviceAlarm(device({ phase: 'end' }));
    h.engine.deviceAlarm(device());
    expect(only(h.engine, 'ST_ELEVATION').alarmId).not.toBe(first);
  });

  it('device alarm ids are per bed', () => {
    const h = harness();
    h.engine.deviceAlarm(device({ bedId: 'bed-1' }));
    h.engine.deviceAlarm(device({ bedId: 'bed-2' }));
    h.engine.deviceAlarm(device({ bedId: 'bed-1', phase: 'end' }));
    expect(h.engine.list().map((a) => a.bedId)).toEqual(['bed-2']);
  });

  it('a garbled alarm is repaired, never dropped: unknown priority becomes HIGH, unreadable phase never ends one', () => {
    const h = harness();
    h.engine.deviceAlarm({ ...device(), priority: 'URGENT' } as unknown as DeviceAlarmInput);
    expect(only(h.engine, 'ST_ELEVATION').priority).toBe('HIGH');
    h.engine.deviceAlarm({ ...device(), priority: 'HIGH', phase: 'finish' } as unknown as DeviceAlarmInput);
    expect(only(h.engine, 'ST_ELEVATION').state).toBe('active');
    h.engine.deviceAlarm({ ...device({ deviceAlarmId: 'x' }), code: 'st elevation!' } as DeviceAlarmInput);
    expect(codes(h.engine)).toContain('ST_ELEVATION_');
  });
});
