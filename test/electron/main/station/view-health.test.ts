import { describe, expect, it } from 'vitest';
import { AUDIO_START_GRACE_MS, ViewHealth } from '../../../../electron/main/station/view-health';

describe('ViewHealth', () => {
  it('flags a view that stops reporting after the timeout', () => {
    const health = new ViewHealth(5000);
    health.attached('v1', 0);
    health.report('v1', { ok: true }, 1000);
    expect(health.evaluate(6000).unresponsiveViews).toEqual([]);
    expect(health.evaluate(6001).unresponsiveViews).toEqual(['v1']);
    health.report('v1', { ok: true }, 7000);
    expect(health.evaluate(7000).unresponsiveViews).toEqual([]);
  });

  it('flags a view that never reports at all', () => {
    const health = new ViewHealth(5000);
    health.attached('v1', 0);
    expect(health.evaluate(5001).unresponsiveViews).toEqual(['v1']);
  });

  it('reports audio failure after the start-up grace period, and its recovery', () => {
    const health = new ViewHealth(5000);
    health.attached('v1', 0);
    health.report('v1', { ok: false, reason: 'audio context suspended' }, 100);
    expect(health.evaluate(200).audioFailures).toEqual([]);
    health.report('v1', { ok: false, reason: 'audio context suspended' }, AUDIO_START_GRACE_MS + 1);
    expect(health.evaluate(AUDIO_START_GRACE_MS + 1).audioFailures).toEqual([{ viewId: 'v1', reason: 'audio context suspended' }]);
    health.report('v1', { ok: true }, AUDIO_START_GRACE_MS + 2);
    expect(health.evaluate(AUDIO_START_GRACE_MS + 2).audioFailures).toEqual([]);
  });

  it('forgets a detached view', () => {
    const health = new ViewHealth(5000);
    health.attached('v1', 0);
    health.detached('v1');
    expect(health.evaluate(60_000)).toEqual({ unresponsiveViews: [], audioFailures: [] });
  });
});
