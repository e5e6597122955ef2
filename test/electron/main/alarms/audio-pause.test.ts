import { describe, expect, it } from 'vitest';
import { DEFAULT_AUDIO_PAUSE_MS, MAX_AUDIO_PAUSE_MS } from '../../../../electron/main/alarms/audio-pause';
import { harness, nurseAck, nursePause, operator, raiseDevice, raiseHigh, refusal, settle, T0 } from './alarm-test-kit';

/**
 * AUDIO PAUSED: station-wide and time-limited (120 s default, never more
 * than 300 s; never an indefinite AUDIO OFF). A HIGH alarm that begins
 * during the pause sounds anyway. Escalation carries on underneath.
 */
describe('audio pause', () => {
  it('defaults to 120 s and is capped at 300 s', () => {
    expect(DEFAULT_AUDIO_PAUSE_MS).toBe(120_000);
    expect(MAX_AUDIO_PAUSE_MS).toBe(300_000);
  });

  it('pauses for 120 s by default, audited with its duration', async () => {
    const h = harness();
    await expect(h.engine.pauseAudio(nursePause())).resolves.toEqual({ pausedUntil: T0 + 120_000 });
    expect(h.engine.audioPauseRemainingMs).toBe(120_000);
    expect(h.audit.durable).toEqual([expect.objectContaining({ action: 'audio.paused', actor: { userId: 'nina', role: 'nurse' }, details: { duration_ms: 120_000 } })]);
    expect(h.updates.at(-1)).toMatchObject({ sentAt: T0, audioPausedUntil: T0 + 120_000 });
  });

  it('accepts up to 300 s', async () => {
    const h = harness();
    await expect(h.engine.pauseAudio(nursePause(), 300_000)).resolves.toEqual({ pausedUntil: T0 + 300_000 });
  });

  it.each([300_001, 3_600_000, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses a pause of %s ms and writes nothing', async (duration) => {
    const h = harness();
    expect(await refusal(h.engine.pauseAudio(nursePause(), duration))).toBe('invalid-request');
    expect(h.engine.audioPauseRemainingMs).toBeNull();
    expect(h.audit.durable).toEqual([]);
  });

  it('silences existing alarms while paused; they stay listed', async () => {
    const h = harness();
    const vf = raiseHigh(h);
    const medium = raiseDevice(h, 'MEDIUM', 'ST_ELEVATION', 'bed-2');
    await h.engine.pauseAudio(nursePause());
    expect(h.engine.auditory()).toBeNull();
    expect(h.engine.list().map((a) => [a.alarmId, a.state])).toEqual([
      [vf, 'active'],
      [medium, 'active'],
    ]);
  });

  it('a NEW HIGH alarm during the pause sounds anyway, without ending the pause', async () => {
    const h = harness();
    raiseHigh(h, 'bed-1');
    await h.engine.pauseAudio(nursePause());
    h.tick(10_000);
    const fresh = raiseDevice(h, 'HIGH', 'ASYSTOLE', 'bed-2');
    expect(h.engine.auditory()?.alarmId).toBe(fresh);
    expect(h.engine.audioPauseRemainingMs).toBe(110_000);
  });

  it('a NEW MEDIUM alarm during the pause shows at once but waits for the pause to end to sound', async () => {
    const h = harness();
    await h.engine.pauseAudio(nursePause());
    h.numerics('bed-1', { spo2: 88 });
    h.tick(10_000);
    expect(h.engine.list().map((a) => a.code)).toEqual(['SPO2_LOW']);
    expect(h.engine.auditory()).toBeNull();
    h.tick(110_000);
    expect(h.engine.auditory()?.priority).toBe('MEDIUM');
  });

  it('a HIGH that begins while the pause is being audited was unknown to the nurse, so it still sounds', async () => {
    const h = harness();
    raiseHigh(h, 'bed-1');
    h.audit.mode = 'deferred';
    const pause = h.engine.pauseAudio(nursePause());
    await settle();
    const fresh = raiseDevice(h, 'HIGH', 'ASYSTOLE', 'bed-2');
    h.audit.resolveNext();
    await pause;
    expect(h.engine.audioPauseRemainingMs).not.toBeNull();
    expect(h.engine.auditory()?.alarmId).toBe(fresh);
  });

  it('expires by itself on the first tick at its end, recording audio.resumed', async () => {
    const h = harness();
    const vf = raiseHigh(h);
    await h.engine.pauseAudio(nursePause(), 60_000);
    h.tick(59_999);
    expect(h.engine.auditory()).toBeNull();
    expect(h.audit.entries('audio.resumed')).toEqual([]);
    h.tick(1);
    expect(h.engine.audioPauseRemainingMs).toBeNull();
    expect(h.engine.auditory()?.alarmId).toBe(vf);
    expect(h.audit.entries('audio.resumed')).toEqual([expect.objectContaining({ actor: 'system', details: { reason: 'pause-expired' } })]);
    expect(h.updates.at(-1)).toMatchObject({ audioPausedUntil: null, auditory: { alarmId: vf } });
    h.tick(60_000);
    expect(h.audit.entries('audio.resumed')).toHaveLength(1);
  });

  it('does not stop escalation (a pause is not an acknowledgement)', async () => {
    const h = harness();
    const vf = raiseHigh(h);
    await h.engine.pauseAudio(nursePause());
    h.tick(30_000);
    expect(h.escalations.map((e) => [e.alarmId, e.level])).toEqual([[vf, 2]]);
  });

  it('a pause is refused for a viewer, an admin, or an Operator minted for another action', async () => {
    const h = harness();
    expect(await refusal(h.engine.pauseAudio(operator('viewer', 'audio-pause')))).toBe('not-permitted');
    expect(await refusal(h.engine.pauseAudio(operator('admin', 'audio-pause')))).toBe('not-permitted');
    expect(await refusal(h.engine.pauseAudio(nurseAck()))).toBe('not-permitted');
    expect(h.engine.audioPauseRemainingMs).toBeNull();
  });

  it('a second pause restarts the pause and covers the HIGH alarm that began during the first', async () => {
    const h = harness();
    await h.engine.pauseAudio(nursePause());
    const fresh = raiseHigh(h, 'bed-2');
    expect(h.engine.auditory()?.alarmId).toBe(fresh);
    h.tick(60_000);
    await expect(h.engine.pauseAudio(nursePause())).resolves.toEqual({ pausedUntil: T0 + 180_000 });
    expect(h.engine.auditory()).toBeNull();
  });
});
