import { describe, expect, it } from 'vitest';
import { chargeLimits, codes, harness, nurseAck, nursePause, only, raiseHigh, refusal } from './alarm-test-kit';

/**
 * Clinical actions are written to the audit trail first and take effect only
 * once durable; a failed write refuses the action, leaves the state as it
 * was, and raises the AUDIT_FAILURE technical alarm until a durable write
 * succeeds again.
 */
describe('audit failure', () => {
  it('an acknowledgement whose audit write fails is refused and the alarm stays unacknowledged and sounding', async () => {
    const h = harness();
    const id = raiseHigh(h);
    h.audit.mode = 'fail';
    expect(await refusal(h.engine.acknowledge(id, nurseAck()))).toBe('audit-failed');
    expect(h.engine.list().find((a) => a.alarmId === id)?.state).toBe('active');
    expect(h.engine.auditory()?.alarmId).toBe(id);
    expect(h.audit.durable).toEqual([]);
  });

  it('raises one AUDIT_FAILURE technical alarm (station-wide, MEDIUM), however many writes fail', async () => {
    const h = harness();
    const id = raiseHigh(h);
    h.audit.mode = 'fail';
    await refusal(h.engine.acknowledge(id, nurseAck()));
    await refusal(h.engine.acknowledge(id, nurseAck()));
    await refusal(h.engine.pauseAudio(nursePause()));
    expect(only(h.engine, 'AUDIT_FAILURE')).toMatchObject({ bedId: null, source: 'technical', priority: 'MEDIUM', state: 'active' });
  });

  it('a refused acknowledgement leaves escalation running', async () => {
    const h = harness();
    const id = raiseHigh(h);
    h.audit.mode = 'fail';
    await refusal(h.engine.acknowledge(id, nurseAck()));
    h.tick(30_000);
    expect(h.escalations.map((e) => [e.alarmId, e.level])).toEqual([[id, 2]]);
  });

  it('AUDIT_FAILURE clears after the next durable write', async () => {
    const h = harness();
    const id = raiseHigh(h);
    h.audit.mode = 'fail';
    await refusal(h.engine.acknowledge(id, nurseAck()));
    expect(codes(h.engine)).toContain('AUDIT_FAILURE');
    h.audit.mode = 'ok';
    await h.engine.acknowledge(id, nurseAck());
    expect(codes(h.engine)).not.toContain('AUDIT_FAILURE');
    expect(h.engine.list().find((a) => a.alarmId === id)?.state).toBe('acknowledged');
  });

  it('a failing system record (onset, escalation) never blocks the alarm, but raises AUDIT_FAILURE', () => {
    const h = harness();
    h.audit.recordThrows = true;
    const id = raiseHigh(h);
    expect(h.engine.list().map((a) => a.code)).toEqual(['VF', 'AUDIT_FAILURE']);
    expect(h.engine.auditory()?.alarmId).toBe(id);
    h.tick(30_000);
    expect(h.escalations).toHaveLength(1);
  });

  it('a limit change whose audit write fails does not change the limits', async () => {
    const h = harness();
    h.audit.mode = 'fail';
    expect(await refusal(h.engine.changeLimits('bed-1', 'spo2', { low: 88 }, chargeLimits()))).toBe('audit-failed');
    expect(h.engine.limitsOf('bed-1')?.parameters.spo2.low).toBe(90);
  });

  it('an audio pause whose audit write fails does not pause', async () => {
    const h = harness();
    const id = raiseHigh(h);
    h.audit.mode = 'fail';
    expect(await refusal(h.engine.pauseAudio(nursePause()))).toBe('audit-failed');
    expect(h.engine.audioPauseRemainingMs).toBeNull();
    expect(h.engine.auditory()?.alarmId).toBe(id);
  });
});
