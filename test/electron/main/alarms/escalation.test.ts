import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_POLICY, escalationLevelAfter } from '../../../../electron/main/alarms/escalation-policy';
import { chargeReset, harness, nurseAck, raiseDevice, raiseHigh, T0 } from './alarm-test-kit';

/**
 * Unacknowledged alarms escalate (level 2: charge nurse, level 3: further
 * up; Cvach 2014). Default: HIGH at 30 s / 60 s, MEDIUM at 120 s / 300 s,
 * LOW never. Acknowledgement or the end of the condition stops it.
 */
describe('escalation', () => {
  it('the default policy is HIGH 30/60 s, MEDIUM 120/300 s, LOW never', () => {
    expect(DEFAULT_ESCALATION_POLICY).toEqual({ HIGH: [30_000, 60_000], MEDIUM: [120_000, 300_000], LOW: [] });
    expect(escalationLevelAfter(DEFAULT_ESCALATION_POLICY, 'HIGH', 29_999)).toBe(1);
    expect(escalationLevelAfter(DEFAULT_ESCALATION_POLICY, 'HIGH', 30_000)).toBe(2);
    expect(escalationLevelAfter(DEFAULT_ESCALATION_POLICY, 'HIGH', 60_000)).toBe(3);
    expect(escalationLevelAfter(DEFAULT_ESCALATION_POLICY, 'LOW', 86_400_000)).toBe(1);
  });

  it('an unacknowledged HIGH reaches level 2 at 30 s and level 3 at 60 s, not earlier', () => {
    const h = harness();
    const id = raiseHigh(h);
    h.runUntil(29_900);
    expect(h.escalations).toEqual([]);
    expect(h.engine.list()[0]?.escalationLevel).toBe(1);
    h.runUntil(30_000);
    expect(h.escalations).toEqual([{ alarmId: id, bedId: 'bed-1', level: 2, at: T0 + 30_000 }]);
    expect(h.engine.list()[0]?.escalationLevel).toBe(2);
    h.runUntil(59_900);
    expect(h.escalations).toHaveLength(1);
    h.runUntil(60_000);
    expect(h.escalations.map((e) => [e.level, e.at])).toEqual([
      [2, T0 + 30_000],
      [3, T0 + 60_000],
    ]);
    expect(h.engine.list()[0]?.escalationLevel).toBe(3);
    h.runUntil(600_000, 1_000);
    expect(h.escalations).toHaveLength(2);
  });

  it('each step is audited once', () => {
    const h = harness();
    const id = raiseHigh(h);
    h.runUntil(120_000);
    expect(h.audit.entries('alarm.escalated')).toEqual([
      expect.objectContaining({ alarmId: id, actor: 'system', details: expect.objectContaining({ level: 2, priority: 'HIGH' }) }),
      expect.objectContaining({ alarmId: id, actor: 'system', details: expect.objectContaining({ level: 3 }) }),
    ]);
  });

  it('MEDIUM escalates on its longer timers', () => {
    const h = harness();
    raiseDevice(h, 'MEDIUM', 'ST_ELEVATION');
    h.runUntil(119_900, 1_000);
    h.tick(99);
    expect(h.escalations).toEqual([]);
    h.tick(1);
    expect(h.escalations.map((e) => e.level)).toEqual([2]);
    h.runUntil(299_999, 1_000);
    expect(h.escalations.map((e) => e.level)).toEqual([2]);
    h.tick(1);
    expect(h.escalations.map((e) => [e.level, e.at - T0])).toEqual([
      [2, 120_000],
      [3, 300_000],
    ]);
  });

  it('LOW never escalates', () => {
    const h = harness();
    raiseDevice(h, 'LOW', 'LOW_BATTERY');
    h.runUntil(3_600_000, 10_000);
    expect(h.escalations).toEqual([]);
    expect(h.engine.list()[0]?.escalationLevel).toBe(1);
  });

  it('counts from the onset of the alarm condition (after its condition delay), not from the first excursion', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 80 });
    h.runUntil(5_000); // extreme delay
    h.runUntil(34_900);
    expect(h.escalations).toEqual([]);
    h.runUntil(35_000);
    expect(h.escalations.map((e) => e.level)).toEqual([2]);
  });

  it('one long gap between ticks emits both steps, in order, each once', () => {
    const h = harness();
    raiseHigh(h);
    h.tick(90_000);
    expect(h.escalations.map((e) => e.level)).toEqual([2, 3]);
    h.tick(90_000);
    expect(h.escalations).toHaveLength(2);
  });

  it('honours a configured policy', () => {
    const h = harness({ escalation: { HIGH: [5_000], MEDIUM: [10_000, 20_000], LOW: [15_000, 40_000] } });
    raiseDevice(h, 'HIGH', 'APNEA', 'bed-1');
    raiseDevice(h, 'MEDIUM', 'ST_ELEVATION', 'bed-2');
    raiseDevice(h, 'LOW', 'LOW_BATTERY', 'bed-3');
    h.runUntil(4_900);
    expect(h.escalations).toEqual([]);
    h.runUntil(60_000);
    expect(h.escalations.map((e) => [e.bedId, e.level, e.at - T0])).toEqual([
      ['bed-1', 2, 5_000],
      ['bed-2', 2, 10_000],
      ['bed-3', 2, 15_000],
      ['bed-2', 3, 20_000],
      ['bed-3', 3, 40_000],
    ]);
  });

  it('acknowledged alarms never escalate', async () => {
    const h = harness();
    const id = raiseHigh(h);
    h.runUntil(29_000);
    await h.engine.acknowledge(id, nurseAck());
    h.runUntil(600_000);
    expect(h.escalations).toEqual([]);
  });

  it('an acknowledged alarm stops at the level it reached', async () => {
    const h = harness();
    const id = raiseHigh(h);
    h.runUntil(45_000);
    await h.engine.acknowledge(id, nurseAck());
    h.runUntil(600_000);
    expect(h.escalations.map((e) => e.level)).toEqual([2]);
    expect(h.engine.list()[0]).toMatchObject({ state: 'acknowledged', escalationLevel: 2 });
  });

  it('a latched alarm nobody acknowledged keeps escalating after its condition ended; a non-latching one that ended is gone and does not', () => {
    const h = harness();
    const vf = raiseHigh(h, 'bed-1'); // latching
    raiseDevice(h, 'HIGH', 'APNEA', 'bed-2', false); // non-latching
    h.tick(5_000);
    for (const [bedId, code, deviceAlarmId] of [['bed-1', 'VF', 'vf-bed-1'], ['bed-2', 'APNEA', 'APNEA-bed-2']] as const) {
      h.engine.deviceAlarm({ bedId, code, message: code, priority: 'HIGH', source: 'device', phase: 'end', deviceAlarmId });
    }
    expect(h.engine.list().map((a) => [a.alarmId, a.state])).toEqual([[vf, 'resolved']]);
    h.runUntil(600_000, 1_000);
    // Counted from the onset, not from the end: a 5 s VF at 30 s and 60 s like one that lasts.
    expect(h.escalations.map((e) => [e.alarmId, e.level, e.at - T0])).toEqual([
      [vf, 2, 30_000],
      [vf, 3, 60_000],
    ]);
    expect(h.audit.entries('alarm.escalated').map((e) => e.details)).toEqual([
      expect.objectContaining({ level: 2, condition_ended: true }),
      expect.objectContaining({ level: 3, condition_ended: true }),
    ]);
    expect(h.engine.list()[0]).toMatchObject({ alarmId: vf, state: 'resolved', acknowledged: false, escalationLevel: 3 });
  });

  it('escalation of a latched, ended alarm stops at its acknowledgement and with its reset', async () => {
    const acked = harness();
    const vf = raiseHigh(acked);
    acked.engine.deviceAlarm({ bedId: 'bed-1', code: 'VF', message: 'VF', priority: 'HIGH', source: 'device', phase: 'end', deviceAlarmId: 'vf-bed-1' });
    acked.runUntil(40_000, 1_000);
    await acked.engine.acknowledge(vf, nurseAck());
    acked.runUntil(600_000, 1_000);
    expect(acked.escalations.map((e) => e.level)).toEqual([2]);

    const reset = harness();
    raiseHigh(reset);
    reset.engine.deviceAlarm({ bedId: 'bed-1', code: 'VF', message: 'VF', priority: 'HIGH', source: 'device', phase: 'end', deviceAlarmId: 'vf-bed-1' });
    reset.runUntil(10_000, 1_000);
    await reset.engine.resetAlarms(chargeReset());
    reset.runUntil(600_000, 1_000);
    expect(reset.escalations).toEqual([]);
    expect(reset.engine.list()).toEqual([]);
  });

  it('an acknowledgement received from another station counts the same as a local one', () => {
    const h = harness();
    const id = raiseHigh(h);
    h.runUntil(20_000);
    expect(h.engine.acknowledgeRemote(id, { stationId: 'st2', userId: 'rita' }, h.time.now)).toEqual({ applied: true });
    expect(h.engine.list()[0]?.state).toBe('acknowledged');
    expect(h.engine.auditory()).toBeNull();
    h.runUntil(600_000);
    expect(h.escalations).toEqual([]);
    expect(h.audit.entries('alarm.acknowledged')).toEqual([
      expect.objectContaining({ alarmId: id, actor: { userId: 'rita', role: 'remote' }, details: expect.objectContaining({ via_station: 'st2' }) }),
    ]);
  });

  it('a remote acknowledgement of an unknown or already acknowledged alarm is not applied; of a latched, ended one it is', async () => {
    const h = harness();
    expect(h.engine.acknowledgeRemote('st1:test:99', { stationId: 'st2', userId: 'rita' }, h.time.now)).toEqual({ applied: false, reason: 'unknown-alarm' });
    const acked = raiseHigh(h, 'bed-1');
    await h.engine.acknowledge(acked, nurseAck());
    expect(h.engine.acknowledgeRemote(acked, { stationId: 'st2', userId: 'rita' }, h.time.now)).toEqual({ applied: false, reason: 'already-acknowledged' });
    const ended = raiseHigh(h, 'bed-2');
    h.engine.deviceAlarm({ bedId: 'bed-2', code: 'VF', message: 'VF', priority: 'HIGH', source: 'device', phase: 'end', deviceAlarmId: 'vf-bed-2' });
    expect(h.engine.acknowledgeRemote(ended, { stationId: 'st2', userId: 'rita' }, h.time.now)).toEqual({ applied: true });
    expect(h.engine.list().find((a) => a.alarmId === ended)).toMatchObject({ state: 'resolved', acknowledged: true });
    // A non-latching alarm whose condition ended has left the list: nothing to acknowledge.
    h.engine.deviceAlarm({ bedId: 'bed-3', code: 'SPO2_LOW', message: 'SpO2', priority: 'MEDIUM', source: 'device', phase: 'start', deviceAlarmId: 'sp-bed-3' });
    const gone = h.engine.list().find((a) => a.code === 'SPO2_LOW')!.alarmId;
    h.engine.deviceAlarm({ bedId: 'bed-3', code: 'SPO2_LOW', message: 'SpO2', priority: 'MEDIUM', source: 'device', phase: 'end', deviceAlarmId: 'sp-bed-3' });
    expect(h.engine.acknowledgeRemote(gone, { stationId: 'st2', userId: 'rita' }, h.time.now)).toEqual({ applied: false, reason: 'unknown-alarm' });
    expect(h.engine.auditory()).toBeNull();
  });

  it('a listener that throws does not stop the others or the escalation', () => {
    const h = harness();
    h.engine.onEscalation(() => {
      throw new Error('pager down');
    });
    const seen: number[] = [];
    h.engine.onEscalation((e) => seen.push(e.level));
    raiseHigh(h);
    h.runUntil(60_000);
    expect(seen).toEqual([2, 3]);
    expect(h.escalations).toHaveLength(2);
  });

  it('an unsubscribed listener hears nothing more', () => {
    const h = harness();
    const seen: number[] = [];
    const off = h.engine.onEscalation((e) => seen.push(e.level));
    raiseHigh(h);
    h.runUntil(30_000);
    off();
    h.runUntil(60_000);
    expect(seen).toEqual([2]);
  });
});
