import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEventInput } from '../../../../electron/main/audit/normalize-event';
import { RejectionSampler } from '../../../../electron/main/audit/rejection-sampler';

let rows: AuditEventInput[];
let sampler: RejectionSampler;
beforeEach(() => {
  vi.useFakeTimers();
  rows = [];
  sampler = new RejectionSampler({ record: (e) => rows.push(e) }, { maxSources: 3 });
});
afterEach(() => {
  sampler.dispose();
  vi.useRealTimers();
});

describe('RejectionSampler', () => {
  it('writes the first rejection at once, then one row per source per minute with the count since the last row', () => {
    for (let i = 0; i < 1_000; i++) sampler.reject('feed:bed-03', 'schema', { bedId: 'bed-03' });
    expect(rows).toEqual([{ action: 'input.rejected', bedId: 'bed-03', details: { source: 'feed:bed-03', count: 1, reason: 'schema' } }]);
    vi.advanceTimersByTime(59_999);
    expect(rows).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(rows[1]).toMatchObject({ details: { source: 'feed:bed-03', count: 999 } });
    vi.advanceTimersByTime(10 * 60_000);
    expect(rows).toHaveLength(2);
    sampler.reject('feed:bed-03', 'truncated');
    expect(rows[2]).toMatchObject({ details: { count: 1, reason: 'truncated' } });
  });

  it('keeps sources apart, pools sources beyond the limit, and flushes pending counts', () => {
    for (const source of ['a', 'b', 'c', 'd', 'e']) {
      sampler.reject(source, 'json');
      sampler.reject(source, 'json');
    }
    // 'd' and 'e' arrived while 3 sources were live: pooled as 'other', rate limited like any source.
    expect(rows.map((r) => r.details!['source'])).toEqual(['a', 'b', 'c', 'other']);
    sampler.flush();
    expect(rows.slice(4).map((r) => [r.details!['source'], r.details!['count']])).toEqual([['a', 1], ['b', 1], ['c', 1], ['other', 3]]);
    // Once idle for a minute, sources are forgotten and new ones get their own rows again.
    vi.advanceTimersByTime(60_000);
    sampler.reject('f', 'json');
    expect(rows.at(-1)).toMatchObject({ details: { source: 'f', count: 1 } });
  });

  it('drops a malformed bed id from the rejected input instead of failing', () => {
    sampler.reject('feed', 'schema', { bedId: 'bed\u0000\n' });
    expect(rows[0]).toMatchObject({ bedId: null });
  });
});
