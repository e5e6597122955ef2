import { describe, expect, it } from 'vitest';
import { createSimulatedFeed } from '../../../../electron/main/connections/simulated-feed';
import { FakeClock, HOUR_STEPS } from '../../../support/fake-clock';

/** ECG samples in one pull of the first bed. */
const ecgSamples = (batch: ReturnType<ReturnType<typeof createSimulatedFeed>['pull']>) =>
  batch.segments.filter((s) => s.bedIndex === 0 && s.channel === 'ecg').reduce((n, s) => n + s.samples.length, 0);

describe('simulated feed', () => {
  it('stamps its numerics with its own clock: sentAt is the simulator’s time, measuredAt no later', () => {
    const clock = new FakeClock();
    const feed = createSimulatedFeed({ beds: 2, seed: 1, clock });
    clock.advance(3000);
    const batch = feed.pull();
    expect(batch.numerics.length).toBeGreaterThan(0);
    for (const { numerics, sentAt } of batch.numerics) {
      expect(sentAt).toBe(clock.wall());
      for (const n of numerics) if (n.kind === 'hr') expect(n.measuredAt).toBeLessThanOrEqual(sentAt);
    }
  });

  it.each(HOUR_STEPS)('runs on elapsed time when the system clock is set an hour %s: neither frozen nor an hour of data at once', (_direction, step) => {
    const clock = new FakeClock();
    const feed = createSimulatedFeed({ beds: 1, seed: 1, clock });
    clock.advance(1000);
    feed.pull();
    clock.stepWall(step);
    clock.advance(1000);
    // One second at 250 Hz, whichever way the clock was set.
    const samples = ecgSamples(feed.pull());
    expect(samples).toBeGreaterThanOrEqual(249);
    expect(samples).toBeLessThanOrEqual(251);
  });
});
