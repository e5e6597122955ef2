import { describe, expect, it } from 'vitest';
import { harness, nurseAck, raiseDevice } from './alarm-test-kit';

/**
 * Only one alarm sounds at a time: the highest-priority unacknowledged one,
 * then the oldest of that priority (it has waited longest), then creation
 * order.
 */
describe('auditory signal selection', () => {
  it('is null with no alarms', () => {
    expect(harness().engine.auditory()).toBeNull();
  });

  it('picks the highest priority even when lower ones are older', () => {
    const h = harness();
    raiseDevice(h, 'LOW', 'LOW_BATTERY', 'bed-1');
    h.tick(1_000);
    raiseDevice(h, 'MEDIUM', 'ST_ELEVATION', 'bed-2');
    h.tick(1_000);
    const high = raiseDevice(h, 'HIGH', 'APNEA', 'bed-3');
    expect(h.engine.auditory()).toEqual({ alarmId: high, priority: 'HIGH', escalationLevel: 1 });
  });

  it('among equal priorities picks the one that has waited longest, even when the wall clock was set back between them', () => {
    const h = harness();
    const older = raiseDevice(h, 'MEDIUM', 'ST_ELEVATION', 'bed-1');
    h.tick(1_000);
    // Someone sets the system clock back an hour: the second alarm's wall-clock onset is now the earlier one.
    h.clock.stepWall(-3_600_000);
    const newer = raiseDevice(h, 'MEDIUM', 'PVC_RUN', 'bed-2');
    expect(h.engine.list().find((a) => a.alarmId === newer)!.onsetAt).toBeLessThan(h.engine.list().find((a) => a.alarmId === older)!.onsetAt);
    expect(h.engine.auditory()?.alarmId).toBe(older);
  });

  it('for the same onset time, the first created sounds', () => {
    const h = harness();
    const first = raiseDevice(h, 'MEDIUM', 'B_CODE', 'bed-2');
    raiseDevice(h, 'MEDIUM', 'A_CODE', 'bed-1');
    expect(h.engine.auditory()?.alarmId).toBe(first);
  });

  it('skips acknowledged alarms, and moves down the priorities as they are acknowledged', async () => {
    const h = harness();
    const low = raiseDevice(h, 'LOW', 'LOW_BATTERY', 'bed-1');
    h.tick(1_000);
    const medOld = raiseDevice(h, 'MEDIUM', 'ST_ELEVATION', 'bed-2');
    h.tick(1_000);
    const medNew = raiseDevice(h, 'MEDIUM', 'PVC_RUN', 'bed-3');
    const high = raiseDevice(h, 'HIGH', 'APNEA', 'bed-1');
    const heard: Array<string | undefined> = [h.engine.auditory()?.alarmId];
    for (const id of [high, medOld, medNew, low]) {
      await h.engine.acknowledge(id, nurseAck());
      heard.push(h.engine.auditory()?.alarmId);
    }
    expect(heard).toEqual([high, medOld, medNew, low, undefined]);
  });

  it('a latched alarm whose condition ended still sounds, above a newer active MEDIUM', () => {
    const h = harness();
    const vf = raiseDevice(h, 'HIGH', 'VF', 'bed-1');
    h.engine.deviceAlarm({ bedId: 'bed-1', code: 'VF', message: 'VF', priority: 'HIGH', source: 'device', phase: 'end', deviceAlarmId: 'VF-bed-1' });
    raiseDevice(h, 'MEDIUM', 'ST_ELEVATION', 'bed-2');
    expect(h.engine.auditory()?.alarmId).toBe(vf);
  });

  it('carries the escalation level of the alarm that sounds', () => {
    const h = harness();
    const high = raiseDevice(h, 'HIGH', 'APNEA');
    h.tick(30_000);
    expect(h.engine.auditory()).toEqual({ alarmId: high, priority: 'HIGH', escalationLevel: 2 });
  });
});
