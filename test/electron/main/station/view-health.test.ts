import { describe, expect, it } from 'vitest';
import { AUDIO_START_GRACE_MS, ViewHealth } from '../../../../electron/main/station/view-health';
import { FakeClock, HOUR_STEPS } from '../../../support/fake-clock';


function healthAt0(timeoutMs = 5000): { health: ViewHealth; clock: FakeClock; at(ms: number): void } {
  const clock = new FakeClock({ monotonic: 0 });
  return { health: new ViewHealth({ timeoutMs, clock }), clock, at: (ms) => clock.advance(ms - clock.monotonic()) };
}

describe('ViewHealth', () => {
  it('flags a view that stops reporting after the timeout', () => {
    const { health, at } = healthAt0();
    health.attached('v1');
    at(1000);
    health.report('v1', { ok: true });
    at(6000);
    expect(health.evaluate().unresponsiveViews).toEqual([]);
    at(6001);
    expect(health.evaluate().unresponsiveViews).toEqual(['v1']);
    at(7000);
    health.report('v1', { ok: true });
    expect(health.evaluate().unresponsiveViews).toEqual([]);
  });

  it('flags a view that never reports at all', () => {
    const { health, at } = healthAt0();
    health.attached('v1');
    at(5001);
    expect(health.evaluate().unresponsiveViews).toEqual(['v1']);
  });

  it('reports audio failure after the start-up grace period, and its recovery', () => {
    const { health, at } = healthAt0();
    health.attached('v1');
    at(100);
    health.report('v1', { ok: false, reason: 'audio context suspended' });
    at(200);
    expect(health.evaluate().audioFailures).toEqual([]);
    at(AUDIO_START_GRACE_MS + 1);
    health.report('v1', { ok: false, reason: 'audio context suspended' });
    expect(health.evaluate().audioFailures).toEqual([{ viewId: 'v1', reason: 'audio context suspended' }]);
    at(AUDIO_START_GRACE_MS + 2);
    health.report('v1', { ok: true });
    expect(health.evaluate().audioFailures).toEqual([]);
  });

  it('forgets a detached view', () => {
    const { health, at } = healthAt0();
    health.attached('v1');
    health.detached('v1');
    at(60_000);
    expect(health.evaluate()).toEqual({ unresponsiveViews: [], audioFailures: [] });
  });

  describe.each(HOUR_STEPS)('with the wall clock set one hour %s', (_direction, step) => {
    it('a view reporting every second stays responsive, and one that stops is flagged after 5 s of elapsed time', () => {
      const { health, clock } = healthAt0();
      health.attached('alive');
      health.attached('stops');
      health.report('alive', { ok: true });
      health.report('stops', { ok: true });
      clock.stepWall(step);
      for (let s = 1; s <= 5; s++) {
        clock.advance(1000);
        health.report('alive', { ok: true });
        expect(health.evaluate().unresponsiveViews, `${s} s after the step`).toEqual([]);
      }
      clock.advance(1);
      expect(health.evaluate().unresponsiveViews).toEqual(['stops']);
    });
  });
});
