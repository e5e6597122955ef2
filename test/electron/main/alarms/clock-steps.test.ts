import { describe, expect, it } from 'vitest';
import { harness, nursePause, onsets, raiseHigh, T0 } from './alarm-test-kit';
import { HOUR_STEPS } from '../../../support/fake-clock';

/**
 * Clinical time never follows the wall clock: someone setting the system
 * clock an hour forward or back (NTP, a daylight-saving mistake, a
 * technician) changes no condition delay, hysteresis episode, escalation or
 * AUDIO PAUSED. Each test steps the wall clock with nothing else happening
 * (FakeClock.stepWall) and checks the duration against elapsed time only.
 */
const HOUR = 3_600_000;

describe.each(HOUR_STEPS)('a wall-clock step of one hour %s', (_direction, step) => {
  it('leaves the condition delay at 10 s of elapsed time (adult SpO2 low)', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 88 });
    h.tick(2_000);
    h.clock.stepWall(step);
    h.numerics('bed-1', { spo2: 88 });
    h.tick(7_900);
    expect(onsets(h.audit, 'SPO2_LOW')).toBe(0);
    h.tick(100);
    expect(onsets(h.audit, 'SPO2_LOW')).toBe(1);
  });

  it('leaves the extreme (HIGH) delay at 5 s of elapsed time', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 80 });
    h.clock.stepWall(step);
    h.tick(4_900);
    expect(onsets(h.audit, 'SPO2_EXTREME_LOW')).toBe(0);
    h.tick(100);
    expect(onsets(h.audit, 'SPO2_EXTREME_LOW')).toBe(1);
  });

  it('keeps a value hovering in the hysteresis band one episode that matures after the delay, not at the step', () => {
    const h = harness();
    // 89 starts the episode; 90 is inside the limit but not by the hysteresis (1), so the episode goes on.
    for (let s = 0; s < 9; s++) {
      if (s === 4) h.clock.stepWall(step);
      h.numerics('bed-1', { spo2: s % 2 === 0 ? 89 : 90 });
      h.tick(1_000);
    }
    expect(onsets(h.audit, 'SPO2_LOW')).toBe(0);
    h.numerics('bed-1', { spo2: 90 });
    h.tick(1_000);
    expect(onsets(h.audit, 'SPO2_LOW')).toBe(1);
    // And once raised it ends on the value (91 = limit + hysteresis), not on time.
    h.clock.stepWall(step);
    h.tick(600_000);
    expect(h.engine.list().map((a) => a.code)).toEqual(['SPO2_LOW']);
    h.numerics('bed-1', { spo2: 91 });
    expect(h.engine.list()).toEqual([]);
  });

  it('escalates a HIGH at 30 s and 60 s of elapsed time: not at once, not an hour late', () => {
    const h = harness();
    const vf = raiseHigh(h);
    h.tick(1_000);
    h.clock.stepWall(step);
    h.tick(1_000);
    expect(h.escalations).toEqual([]);
    h.runUntil(29_999, 1);
    expect(h.escalations).toEqual([]);
    h.runUntil(30_000);
    h.runUntil(59_999);
    expect(h.escalations.map((e) => [e.alarmId, e.level])).toEqual([[vf, 2]]);
    h.runUntil(60_000);
    expect(h.escalations.map((e) => [e.alarmId, e.level])).toEqual([
      [vf, 2],
      [vf, 3],
    ]);
    // The step is in what people read: the wall time of each escalation moved with the clock.
    expect(h.escalations.map((e) => e.at - T0)).toEqual([30_000 + step, 60_000 + step]);
  });

  it('ends a 120 s AUDIO PAUSED after 120 s of elapsed time, and tells views the time left, not an hour', async () => {
    const h = harness();
    const vf = raiseHigh(h);
    await h.engine.pauseAudio(nursePause());
    h.tick(60_000);
    h.clock.stepWall(step);
    h.tick(1_000);
    expect(h.engine.auditory()).toBeNull();
    expect(h.engine.audioPauseRemainingMs).toBe(59_000);
    // What a view is sent: two readings of the same wall clock, exactly the time left apart.
    const update = h.engine.snapshot();
    expect(update.audioPausedUntil! - update.sentAt).toBe(59_000);
    h.tick(58_999);
    expect(h.engine.auditory()).toBeNull();
    h.tick(1);
    expect(h.engine.auditory()?.alarmId).toBe(vf);
    expect(h.engine.audioPauseRemainingMs).toBeNull();
    expect(h.audit.entries('audio.resumed')).toHaveLength(1);
  });

  it('never lets a pause of the 300 s maximum last longer than 300 s', async () => {
    const h = harness();
    const vf = raiseHigh(h);
    await h.engine.pauseAudio(nursePause(), 300_000);
    h.clock.stepWall(step);
    h.tick(299_999);
    expect(h.engine.auditory()).toBeNull();
    h.tick(1);
    expect(h.engine.auditory()?.alarmId).toBe(vf);
  });

  it('ends a pause that is due even before a tick has ended it (a late tick cannot lengthen it)', async () => {
    const h = harness();
    const vf = raiseHigh(h);
    await h.engine.pauseAudio(nursePause(), 10_000);
    h.clock.stepWall(step);
    h.clock.advance(10_000); // time passes, no tick yet
    expect(h.engine.auditory()?.alarmId).toBe(vf);
  });
});

describe('the issue’s cases', () => {
  it('a 1 h backward step does not keep a 120 s pause silencing for over 10 minutes', async () => {
    const h = harness();
    raiseHigh(h);
    await h.engine.pauseAudio(nursePause());
    h.clock.stepWall(-HOUR);
    h.runUntil(120_000, 1_000);
    expect(h.engine.auditory()).not.toBeNull();
    expect(h.engine.audioPauseRemainingMs).toBeNull();
  });

  it('a forward step does not send every open HIGH straight to level 3', () => {
    const h = harness();
    raiseHigh(h, 'bed-1');
    raiseHigh(h, 'bed-2');
    h.tick(1_000);
    h.clock.stepWall(+HOUR);
    h.tick(40);
    expect(h.escalations).toEqual([]);
    expect(h.engine.list().map((a) => a.escalationLevel)).toEqual([1, 1]);
  });
});

