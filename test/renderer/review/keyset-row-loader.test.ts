import { describe, expect, it } from 'vitest';
import type { AuditPage, AuditReviewRow } from '../../../shared/audit/audit-review';
import type { InvokeResult } from '../../../shared/ipc/contract';
import { KeysetRowLoader, type PageFetcher } from '../../../renderer/src/review/keyset-row-loader';

function row(seq: number): AuditReviewRow {
  return { seq, utcMs: seq * 1000, stationId: 's', userId: 'system', role: 'system', action: 'alarm.onset', bedId: 'bed-01', alarmId: null, details: '{}', prevHash: 'p', hash: 'h' };
}

/** A trail of `count` rows served newest first in pages of `size`, like the station. */
function trail(count: number, size: number): { fetch: PageFetcher; calls: Array<number | undefined> } {
  const calls: Array<number | undefined> = [];
  const fetch: PageFetcher = async (afterSeq) => {
    calls.push(afterSeq);
    const top = afterSeq === undefined ? count : afterSeq - 1;
    const rows: AuditReviewRow[] = [];
    for (let seq = top; seq >= 1 && rows.length < size; seq--) rows.push(row(seq));
    const last = rows.at(-1)?.seq ?? 1;
    const page: AuditPage = { rows, nextAfterSeq: last > 1 ? last : null, total: afterSeq === undefined ? count : null };
    return { ok: true, value: page };
  };
  return { fetch, calls };
}

describe('KeysetRowLoader', () => {
  it('a list any of whose pages the station called incomplete stays marked incomplete (a patient history with an unplaced boundary)', async () => {
    const pages: AuditPage[] = [
      { rows: [row(9), row(8)], nextAfterSeq: 8, total: null, incomplete: true },
      { rows: [row(3)], nextAfterSeq: null, total: null },
    ];
    const loader = new KeysetRowLoader(async () => ({ ok: true, value: pages.shift()! }));
    expect(loader.current.incomplete).toBe(false);
    await loader.loadMore();
    expect(loader.current.incomplete).toBe(true);
    await loader.loadMore();
    expect(loader.current).toMatchObject({ incomplete: true, complete: true });
  });

  it('walks the pages newest first, continuing from each page’s cursor', async () => {
    const { fetch, calls } = trail(12, 5);
    const loader = new KeysetRowLoader(fetch);
    await loader.loadMore();
    expect(loader.current).toMatchObject({ total: 12, complete: false, loading: false });
    expect(loader.current.rows.map((r) => r.seq)).toEqual([12, 11, 10, 9, 8]);
    await loader.loadMore();
    await loader.loadMore();
    expect(loader.current.rows.map((r) => r.seq)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    // The count came with the first page and is kept.
    expect(loader.current).toMatchObject({ total: 12, complete: true });
    expect(calls).toEqual([undefined, 8, 3]);
    await loader.loadMore();
    expect(calls).toHaveLength(3);
  });

  it('never has two requests in flight', async () => {
    const { fetch, calls } = trail(100, 10);
    const loader = new KeysetRowLoader(fetch);
    await Promise.all([loader.loadMore(), loader.loadMore(), loader.loadMore()]);
    expect(calls).toEqual([undefined]);
  });

  it('stops at the row cap and says so', async () => {
    const { fetch } = trail(1_000_000, 500);
    const loader = new KeysetRowLoader(fetch, 1_000);
    for (let i = 0; i < 5; i++) await loader.loadMore();
    expect(loader.current.rows).toHaveLength(1_000);
    expect(loader.current).toMatchObject({ capped: true, complete: false, total: 1_000_000 });
  });

  it('keeps the rows it has on an error and can try again', async () => {
    const { fetch } = trail(20, 10);
    let fail = false;
    const flaky: PageFetcher = async (afterSeq) => (fail ? { ok: false, error: 'bridge disconnected' } : fetch(afterSeq));
    const loader = new KeysetRowLoader(flaky);
    await loader.loadMore();
    fail = true;
    await loader.loadMore();
    expect(loader.current).toMatchObject({ error: 'bridge disconnected', loading: false });
    expect(loader.current.rows).toHaveLength(10);
    fail = false;
    await loader.loadMore();
    expect(loader.current).toMatchObject({ error: null, complete: true });
    expect(loader.current.rows).toHaveLength(20);
  });

  it('drops an answer that arrives after it was disposed', async () => {
    let answer!: (r: InvokeResult<AuditPage>) => void;
    const loader = new KeysetRowLoader(() => new Promise((resolve) => (answer = resolve)));
    const seen: number[] = [];
    loader.subscribe(() => seen.push(loader.current.rows.length));
    const loading = loader.loadMore();
    loader.dispose();
    answer({ ok: true, value: { rows: [row(1)], nextAfterSeq: null, total: 1 } });
    await loading;
    expect(loader.current.rows).toHaveLength(0);
    expect(seen).toEqual([0]);
  });

  it('ends the walk on an empty page even if it names a cursor', async () => {
    const loader = new KeysetRowLoader(async () => ({ ok: true, value: { rows: [], nextAfterSeq: 5, total: 0 } }));
    await loader.loadMore();
    expect(loader.current.complete).toBe(true);
  });
});
