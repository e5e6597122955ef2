import { describe, expect, it } from 'vitest';
import { BedFeedWatchdog } from '../../../../electron/main/connections/bed-feed-watchdog';

describe('BedFeedWatchdog (stale-data logic)', () => {
  it('starts unknown, goes live on data and no-data after the timeout', () => {
    const w = new BedFeedWatchdog(['a', 'b'], 5000);
    expect(w.statuses().map((s) => s.feed)).toEqual(['unknown', 'unknown']);
    w.recordData(0, 1000);
    expect(w.evaluate(1000)).toEqual([{ bedId: 'a', feed: 'live', ecgLeadOff: false, lastDataAt: 1000 }]);
    expect(w.evaluate(6000)).toEqual([]); // exactly at the timeout: still live
    expect(w.evaluate(6001)).toEqual([{ bedId: 'a', feed: 'no-data', ecgLeadOff: false, lastDataAt: 1000 }]);
    expect(w.statuses()[1]!.feed).toBe('unknown');
  });

  it('reports each change once and recovers when data returns', () => {
    const w = new BedFeedWatchdog(['a'], 5000);
    w.recordData(0, 0);
    w.evaluate(0);
    expect(w.evaluate(7000)).toHaveLength(1);
    expect(w.evaluate(8000)).toHaveLength(0);
    w.recordData(0, 9000);
    expect(w.evaluate(9000)).toEqual([{ bedId: 'a', feed: 'live', ecgLeadOff: false, lastDataAt: 9000 }]);
  });

  it('reports lead-off only for a live bed', () => {
    const w = new BedFeedWatchdog(['a'], 5000);
    w.recordData(0, 0);
    w.recordLeadOff(0, true);
    expect(w.evaluate(0)[0]).toMatchObject({ feed: 'live', ecgLeadOff: true });
    expect(w.evaluate(6000)[0]).toMatchObject({ feed: 'no-data', ecgLeadOff: false });
  });

  it('ignores out-of-range beds and older timestamps', () => {
    const w = new BedFeedWatchdog(['a'], 5000);
    w.recordData(5, 0);
    w.recordData(0, 10_000);
    w.recordData(0, 1);
    expect(w.evaluate(14_000)[0]).toMatchObject({ feed: 'live', lastDataAt: 10_000 });
  });

  it('a bed never heard from is unknown for one timeout after start, then no-data', () => {
    const w = new BedFeedWatchdog(['a', 'b'], 5000, 1000);
    w.recordData(1, 1000);
    expect(w.evaluate(1000).map((s) => s.feed)).toEqual(['live']);
    w.recordData(1, 5000);
    expect(w.evaluate(6000)).toEqual([]);
    expect(w.evaluate(6001)).toEqual([{ bedId: 'a', feed: 'no-data', ecgLeadOff: false, lastDataAt: null }]);
  });
});
