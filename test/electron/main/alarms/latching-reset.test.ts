import { describe, expect, it } from 'vitest';
import { chargeReset, codes, harness, nurseAck, onsets, only, operator, raiseHigh, refusal } from './alarm-test-kit';

/**
 * Latching (IEC 60601-1-8): the alarm signal continues after its condition
 * ends until an operator resets it. Extreme limit alarms and HIGH device
 * alarms latch, so a brief crash is still seen. ALARM RESET ends latched
 * alarms whose condition is gone, and nothing else.
 */
function extremeSpo2(h: ReturnType<typeof harness>, bedId = 'bed-1'): string {
  h.numerics(bedId, { spo2: 80 });
  h.tick(5_000);
  return h.engine.list().find((a) => a.code === 'SPO2_EXTREME_LOW' && a.bedId === bedId && a.state !== 'resolved')!.alarmId;
}

describe('latching and alarm reset', () => {
  it('a latching alarm stays listed (resolved) and keeps sounding after its condition ends', () => {
    const h = harness();
    const id = extremeSpo2(h);
    h.numerics('bed-1', { spo2: 97 });
    h.tick(60_000);
    expect(h.engine.list()).toEqual([expect.objectContaining({ alarmId: id, state: 'resolved', latching: true, priority: 'HIGH' })]);
    expect(h.engine.auditory()).toMatchObject({ alarmId: id });
  });

  it('an alarm reset by a charge nurse clears it, audited with the alarm id', async () => {
    const h = harness();
    const id = extremeSpo2(h);
    h.numerics('bed-1', { spo2: 97 });
    await expect(h.engine.resetAlarms(chargeReset())).resolves.toEqual({ reset: 1 });
    expect(h.engine.list()).toEqual([]);
    expect(h.engine.auditory()).toBeNull();
    expect(h.audit.entries('alarm.reset')).toEqual([expect.objectContaining({ alarmId: id, actor: { userId: 'carl', role: 'charge-nurse' } })]);
  });

  it('a nurse cannot reset (alarm reset is a charge-nurse right)', async () => {
    const h = harness();
    extremeSpo2(h);
    h.numerics('bed-1', { spo2: 97 });
    expect(await refusal(h.engine.resetAlarms(operator('nurse', 'alarm-reset', 'nina')))).toBe('not-permitted');
    expect(codes(h.engine)).toEqual(['SPO2_EXTREME_LOW']);
    expect(h.audit.entries('alarm.reset')).toEqual([]);
  });

  it('reset leaves latched alarms whose condition persists', async () => {
    const h = harness();
    const ended = extremeSpo2(h, 'bed-1');
    h.numerics('bed-1', { spo2: 97 });
    const persisting = extremeSpo2(h, 'bed-2');
    const vf = raiseHigh(h, 'bed-3');
    await expect(h.engine.resetAlarms(chargeReset())).resolves.toEqual({ reset: 1 });
    expect(h.engine.list().map((a) => a.alarmId)).toEqual([persisting, vf]);
    expect(h.engine.list().every((a) => a.state === 'active')).toBe(true);
    expect(h.engine.list().some((a) => a.alarmId === ended)).toBe(false);
  });

  it('reset with nothing latched is still audited and resets nothing', async () => {
    const h = harness();
    await expect(h.engine.resetAlarms(chargeReset())).resolves.toEqual({ reset: 0 });
    expect(h.audit.entries('alarm.reset')).toEqual([expect.objectContaining({ details: { count: 0 } })]);
  });

  it('a non-latching alarm leaves the list when its condition ends', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 88 });
    h.tick(10_000);
    expect(only(h.engine, 'SPO2_LOW').latching).toBe(false);
    h.numerics('bed-1', { spo2: 96 });
    expect(h.engine.list()).toEqual([]);
    expect(h.engine.auditory()).toBeNull();
  });

  it('a condition that returns after it resolved is a new alarm with a new id (the latched one stays as it was)', () => {
    const h = harness();
    const first = extremeSpo2(h);
    h.numerics('bed-1', { spo2: 97 });
    h.tick(1_000);
    const second = extremeSpo2(h);
    expect(second).not.toBe(first);
    expect(h.engine.list().map((a) => [a.alarmId, a.state])).toEqual([
      [first, 'resolved'],
      [second, 'active'],
    ]);
    expect(onsets(h.audit, 'SPO2_EXTREME_LOW')).toBe(2);
  });

  it('a returning non-latching condition gets a new id too', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 88 });
    h.tick(10_000);
    const first = only(h.engine, 'SPO2_LOW').alarmId;
    h.numerics('bed-1', { spo2: 96 });
    h.numerics('bed-1', { spo2: 88 });
    h.tick(10_000);
    expect(only(h.engine, 'SPO2_LOW').alarmId).not.toBe(first);
  });

  it('an acknowledged latched alarm whose condition ended stays shown but silent until reset', async () => {
    const h = harness();
    const id = extremeSpo2(h);
    await h.engine.acknowledge(id, nurseAck());
    h.numerics('bed-1', { spo2: 97 });
    expect(h.engine.list()).toEqual([expect.objectContaining({ alarmId: id, state: 'resolved' })]);
    expect(h.engine.auditory()).toBeNull();
    await h.engine.resetAlarms(chargeReset());
    expect(h.engine.list()).toEqual([]);
  });

  it('extreme limit alarms do not latch when the station is configured so', () => {
    const h = harness({ latchExtremeLimitAlarms: false });
    extremeSpo2(h);
    expect(only(h.engine, 'SPO2_EXTREME_LOW').latching).toBe(false);
    h.numerics('bed-1', { spo2: 97 });
    expect(h.engine.list()).toEqual([]);
  });

  it('a reset whose audit write fails clears nothing, is refused, and raises AUDIT_FAILURE', async () => {
    const h = harness();
    const id = extremeSpo2(h);
    h.numerics('bed-1', { spo2: 97 });
    h.audit.mode = 'fail';
    expect(await refusal(h.engine.resetAlarms(chargeReset()))).toBe('audit-failed');
    expect(h.engine.list().find((a) => a.alarmId === id)?.state).toBe('resolved');
    expect(codes(h.engine)).toContain('AUDIT_FAILURE');
  });
});
