import { describe, expect, it } from 'vitest';
import { harness, nurseAck, operator, raiseDevice, raiseHigh, refusal, settle, T0 } from './alarm-test-kit';

/**
 * ACKNOWLEDGED (IEC 60601-1-8): the operator turns off the auditory signal
 * of a current alarm condition; the visual signal stays until the
 * condition ends.
 */
describe('acknowledge', () => {
  it('stops the audio; the alarm stays listed as acknowledged until its condition ends', async () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 88 });
    h.tick(10_000);
    const [alarm] = h.engine.list();
    expect(h.engine.auditory()?.alarmId).toBe(alarm!.alarmId);
    h.tick(2_000);

    const result = await h.engine.acknowledge(alarm!.alarmId, nurseAck());

    expect(result).toEqual({ alarmId: alarm!.alarmId, acknowledgedAt: T0 + 12_000, applied: true });
    expect(h.engine.auditory()).toBeNull();
    expect(h.engine.list()).toEqual([expect.objectContaining({ alarmId: alarm!.alarmId, state: 'acknowledged' })]);
    h.tick(60_000);
    expect(h.engine.list()[0]?.state).toBe('acknowledged');
    h.numerics('bed-1', { spo2: 97 });
    expect(h.engine.list()).toEqual([]);
  });

  it('is audited durably with the operator as actor', async () => {
    const h = harness();
    const id = raiseHigh(h);
    await h.engine.acknowledge(id, nurseAck());
    expect(h.audit.durable).toEqual([
      expect.objectContaining({ action: 'alarm.acknowledged', alarmId: id, bedId: 'bed-1', actor: { userId: 'nina', role: 'nurse' } }),
    ]);
  });

  it('publishes the acknowledged state to views', async () => {
    const h = harness();
    const id = raiseHigh(h);
    await h.engine.acknowledge(id, nurseAck());
    const last = h.updates.at(-1)!;
    expect(last.changed.map((a) => [a.alarmId, a.state])).toEqual([[id, 'acknowledged']]);
    expect(last.auditory).toBeNull();
  });

  it('acknowledging one alarm lets the next one sound', async () => {
    const h = harness();
    const vf = raiseHigh(h, 'bed-1');
    h.tick(1_000);
    const vt = raiseDevice(h, 'HIGH', 'VT', 'bed-2');
    expect(h.engine.auditory()?.alarmId).toBe(vf);
    await h.engine.acknowledge(vf, nurseAck());
    expect(h.engine.auditory()?.alarmId).toBe(vt);
  });

  it('refuses an unknown alarm', async () => {
    const h = harness();
    expect(await refusal(h.engine.acknowledge('st1:test:999', nurseAck()))).toBe('unknown-alarm');
    expect(h.audit.durable).toEqual([]);
  });

  it('a nurse acknowledges a latched alarm whose condition has ended: it falls silent, stops escalating and stays shown until reset', async () => {
    const h = harness();
    const id = raiseHigh(h);
    h.tick(5_000);
    h.engine.deviceAlarm({ bedId: 'bed-1', code: 'VF', message: 'VF', priority: 'HIGH', source: 'device', phase: 'end', deviceAlarmId: 'vf-bed-1' });
    expect(h.engine.list()[0]).toMatchObject({ alarmId: id, state: 'resolved', acknowledged: false });
    expect(h.engine.auditory()?.alarmId).toBe(id);
    await expect(h.engine.acknowledge(id, nurseAck())).resolves.toMatchObject({ alarmId: id, applied: true });
    expect(h.engine.list()[0]).toMatchObject({ alarmId: id, state: 'resolved', acknowledged: true, latching: true });
    expect(h.engine.auditory()).toBeNull();
    expect(h.audit.entries('alarm.acknowledged')).toEqual([
      expect.objectContaining({ alarmId: id, actor: { userId: 'nina', role: 'nurse' }, details: expect.objectContaining({ condition_ended: true }) }),
    ]);
    h.runUntil(600_000, 1_000);
    expect(h.escalations).toEqual([]);
    expect(h.engine.list().map((a) => a.alarmId)).toEqual([id]);
  });

  it('tells the view a latched alarm was acknowledged even after its condition ended (resolved either way)', async () => {
    const h = harness();
    const handled = raiseHigh(h, 'bed-1');
    const waiting = raiseHigh(h, 'bed-2');
    expect(h.engine.list().map((a) => a.acknowledged)).toEqual([false, false]);
    await h.engine.acknowledge(handled, nurseAck());
    for (const bedId of ['bed-1', 'bed-2'])
      h.engine.deviceAlarm({ bedId, code: 'VF', message: 'VF', priority: 'HIGH', source: 'device', phase: 'end', deviceAlarmId: `vf-${bedId}` });
    const shown = Object.fromEntries(h.engine.list().map((a) => [a.alarmId, [a.state, a.acknowledged]]));
    expect(shown).toEqual({ [handled]: ['resolved', true], [waiting]: ['resolved', false] });
    // Only the one nobody acknowledged still sounds.
    expect(h.engine.auditory()?.alarmId).toBe(waiting);
  });

  it('refuses an alarm that is already acknowledged, and writes no second entry', async () => {
    const h = harness();
    const id = raiseHigh(h);
    await h.engine.acknowledge(id, nurseAck());
    expect(await refusal(h.engine.acknowledge(id, operator('charge-nurse', 'acknowledge', 'carl')))).toBe('already-acknowledged');
    expect(h.audit.entries('alarm.acknowledged')).toHaveLength(1);
  });

  it('refusals carry a message for the view', async () => {
    const h = harness();
    await expect(h.engine.acknowledge('nope', nurseAck())).rejects.toMatchObject({ name: 'AlarmActionRefused', reason: 'unknown-alarm', message: expect.stringContaining('nope') });
  });

  it('takes effect only once its audit entry is durable', async () => {
    const h = harness();
    const id = raiseHigh(h);
    h.audit.mode = 'deferred';
    const ack = h.engine.acknowledge(id, nurseAck());
    await settle();
    expect(h.engine.list()[0]?.state).toBe('active');
    expect(h.engine.auditory()?.alarmId).toBe(id);
    h.tick(3_000);
    h.audit.resolveNext();
    await expect(ack).resolves.toEqual({ alarmId: id, acknowledgedAt: T0 + 3_000, applied: true });
    expect(h.engine.list()[0]?.state).toBe('acknowledged');
  });

  it('two acknowledgements in flight: both are audited, the first to become durable wins', async () => {
    const h = harness();
    const id = raiseHigh(h);
    h.audit.mode = 'deferred';
    const first = h.engine.acknowledge(id, nurseAck());
    const second = h.engine.acknowledge(id, operator('charge-nurse', 'acknowledge', 'carl'));
    await settle();
    h.tick(1_000);
    h.audit.resolveNext();
    await expect(first).resolves.toMatchObject({ applied: true, acknowledgedAt: T0 + 1_000 });
    h.tick(1_000);
    h.audit.resolveNext();
    await expect(second).resolves.toMatchObject({ applied: false, acknowledgedAt: T0 + 1_000 });
    expect(h.audit.entries('alarm.acknowledged')).toHaveLength(2);
  });

  it('one overtaken while it is written (by a colleague here or a relayed one from elsewhere) is audited, not applied, and told to onOvertakenAcknowledgement', async () => {
    const h = harness();
    const overtaken: unknown[] = [];
    h.engine.onOvertakenAcknowledgement((e) => overtaken.push(e));
    h.engine.onOvertakenAcknowledgement(() => {
      throw new Error('a broken listener stops nothing');
    });
    const id = raiseHigh(h);
    h.audit.mode = 'deferred';
    const mine = h.engine.acknowledge(id, nurseAck());
    await settle();
    expect(h.engine.acknowledgeRemote(id, { stationId: 'st2', userId: 'rita' }, T0)).toEqual({ applied: true });
    h.tick(500);
    h.audit.resolveNext();
    await expect(mine).resolves.toMatchObject({ applied: false });
    expect(overtaken).toEqual([{ alarmId: id, userId: 'nina', at: T0 + 500 }]);
    expect(h.engine.list()[0]).toMatchObject({ state: 'acknowledged' });
    // Applied ones and refused ones are not "overtaken".
    const next = raiseHigh(h, 'bed-2');
    h.audit.mode = 'ok';
    await h.engine.acknowledge(next, nurseAck());
    await expect(h.engine.acknowledge(next, nurseAck())).rejects.toThrow();
    expect(overtaken).toHaveLength(1);
  });

  it('an alarm that ends while its acknowledgement is being written is not resurrected', async () => {
    const h = harness();
    const id = raiseDevice(h, 'MEDIUM', 'ST_ELEVATION');
    h.audit.mode = 'deferred';
    const ack = h.engine.acknowledge(id, nurseAck());
    h.engine.deviceAlarm({ bedId: 'bed-1', code: 'ST_ELEVATION', message: 'ST', priority: 'MEDIUM', source: 'device', phase: 'end', deviceAlarmId: 'ST_ELEVATION-bed-1' });
    h.audit.resolveNext();
    await expect(ack).resolves.toMatchObject({ applied: false });
    expect(h.engine.list()).toEqual([]);
  });
});
