import { describe, expect, it } from 'vitest';
import { BedFeedWatchdog } from '../../../../electron/main/connections/bed-feed-watchdog';
import { FakeClock, HOUR_STEPS } from '../../../support/fake-clock';

/** A clock whose wall reads 0 at monotonic 0, so `lastDataAt` reads like elapsed time until the wall steps. */
const clockAt0 = () => new FakeClock({ monotonic: 0, wall: 0 });

describe('BedFeedWatchdog (stale-data logic)', () => {
  it('starts unknown, goes live on data and no-data after the timeout', () => {
    const clock = clockAt0();
    const w = new BedFeedWatchdog(['a', 'b'], 5000, { clock });
    expect(w.statuses().map((s) => s.feed)).toEqual(['unknown', 'unknown']);
    clock.advance(1000);
    w.recordData(0);
    expect(w.evaluate()).toEqual([{ bedId: 'a', feed: 'live', ecgLeadOff: false, lastDataAt: 1000 }]);
    clock.advance(5000);
    expect(w.evaluate()).toEqual([]); // exactly at the timeout: still live
    clock.advance(1);
    expect(w.evaluate()).toEqual([{ bedId: 'a', feed: 'no-data', ecgLeadOff: false, lastDataAt: 1000 }]);
    expect(w.statuses()[1]!.feed).toBe('unknown');
  });

  it('reports each change once and recovers when data returns', () => {
    const clock = clockAt0();
    const w = new BedFeedWatchdog(['a'], 5000, { clock });
    w.recordData(0);
    w.evaluate();
    clock.advance(7000);
    expect(w.evaluate()).toHaveLength(1);
    clock.advance(1000);
    expect(w.evaluate()).toHaveLength(0);
    clock.advance(1000);
    w.recordData(0);
    expect(w.evaluate()).toEqual([{ bedId: 'a', feed: 'live', ecgLeadOff: false, lastDataAt: 9000 }]);
  });

  it('reports lead-off only for a live bed', () => {
    const clock = clockAt0();
    const w = new BedFeedWatchdog(['a'], 5000, { clock });
    w.recordData(0);
    w.recordLeadOff(0, true);
    expect(w.evaluate()[0]).toMatchObject({ feed: 'live', ecgLeadOff: true });
    clock.advance(6000);
    expect(w.evaluate()[0]).toMatchObject({ feed: 'no-data', ecgLeadOff: false });
  });

  it('ignores out-of-range beds and data older than what the bed already proved', () => {
    const clock = clockAt0();
    const w = new BedFeedWatchdog(['a'], 5000, { clock });
    clock.advance(10_000);
    w.recordData(5);
    w.recordData(0);
    w.recordData(0, 1);
    clock.advance(4000);
    expect(w.evaluate()[0]).toMatchObject({ feed: 'live', lastDataAt: 10_000 });
  });

  it('data measured long ago does not make a bed live', () => {
    const clock = clockAt0();
    const w = new BedFeedWatchdog(['a'], 5000, { clock });
    clock.advance(20 * 60_000);
    w.recordData(0, clock.monotonic() - 20 * 60_000);
    // Heard from, but nothing recent: silent, dated when it was measured.
    expect(w.evaluate()).toEqual([{ bedId: 'a', feed: 'no-data', ecgLeadOff: false, lastDataAt: 0 }]);
  });

  it('a bed never heard from is unknown for one timeout after start, then no-data', () => {
    const clock = clockAt0();
    clock.advance(1000);
    const w = new BedFeedWatchdog(['a', 'b'], 5000, { clock, watchFromStart: true });
    w.recordData(1);
    expect(w.evaluate().map((s) => s.feed)).toEqual(['live']);
    clock.advance(4000);
    w.recordData(1);
    clock.advance(1000);
    expect(w.evaluate()).toEqual([]);
    clock.advance(1);
    expect(w.evaluate()).toEqual([{ bedId: 'a', feed: 'no-data', ecgLeadOff: false, lastDataAt: null }]);
  });

  describe.each(HOUR_STEPS)('with the wall clock set one hour %s', (_direction, step) => {
    it('a streaming bed stays live, and a silent one goes no-data after the timeout of elapsed time', () => {
      const clock = clockAt0();
      const w = new BedFeedWatchdog(['streaming', 'silent'], 5000, { clock, watchFromStart: true });
      w.recordData(0);
      w.recordData(1);
      w.evaluate();
      clock.advance(2000);
      clock.stepWall(step);
      for (let t = 0; t < 3000; t += 40) {
        clock.advance(40);
        w.recordData(0);
        expect(w.evaluate(), `at ${t} ms after the step`).toEqual([]);
      }
      clock.advance(40);
      w.recordData(0);
      expect(w.evaluate()).toEqual([{ bedId: 'silent', feed: 'no-data', ecgLeadOff: false, lastDataAt: step }]);
      expect(w.statuses()[0]).toMatchObject({ feed: 'live', lastDataAt: 5040 + step });
    });
  });
});
