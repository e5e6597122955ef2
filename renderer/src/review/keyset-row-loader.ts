import type { AuditPage, AuditReviewRow } from '../../../shared/audit/audit-review';
import type { InvokeResult } from '../../../shared/ipc/contract';

/** One page after `afterSeq` (undefined: the newest page). */
export type PageFetcher = (afterSeq: number | undefined) => Promise<InvokeResult<AuditPage>>;

export interface LoadedRows {
  rows: readonly AuditReviewRow[];
  /** Rows matching the filter, when the station counted them (first page only). */
  total: number | null;
  loading: boolean;
  error: string | null;
  /** Every matching row is loaded. */
  complete: boolean;
  /** Stopped at the row cap although more rows match. */
  capped: boolean;
  /** Some page said rows may be missing that the station cannot place yet (AuditPage.incomplete). */
  incomplete: boolean;
}

const INITIAL: LoadedRows = { rows: [], total: null, loading: false, error: null, complete: false, capped: false, incomplete: false };

/**
 * Walks a filter's rows newest first with the station's keyset pages, one
 * page at a time and only when asked: at a million rows nothing may ever try
 * to load everything. `maxRows` bounds what one view holds in memory (and
 * the height of its scroll area); past it the user narrows the time range,
 * which the station answers from an index instead of a long walk.
 *
 * Answers arriving after dispose() – the filter changed, the screen closed –
 * are dropped, so an old query can never overwrite a newer one.
 */
export class KeysetRowLoader {
  private state: LoadedRows = INITIAL;
  private afterSeq: number | undefined = undefined;
  private firstPageLoaded = false;
  private disposed = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly fetchPage: PageFetcher,
    private readonly maxRows = Number.POSITIVE_INFINITY,
  ) {}

  get current(): LoadedRows {
    return this.state;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async loadMore(): Promise<void> {
    const { loading, complete: done, capped } = this.state;
    if (this.disposed || loading || done || capped) return;
    this.update({ loading: true, error: null });
    const result = await this.fetchPage(this.afterSeq).catch((error: Error) => ({ ok: false as const, error: error.message }));
    if (this.disposed) return;
    if (!result.ok) {
      this.update({ loading: false, error: result.error });
      return;
    }
    const page = result.value;
    const rows = this.state.rows.concat(page.rows);
    // An empty page ends the walk even if it claims more: never ask for the same page forever.
    const complete = page.nextAfterSeq === null || page.rows.length === 0;
    this.afterSeq = page.nextAfterSeq ?? undefined;
    this.update({
      rows,
      loading: false,
      total: this.firstPageLoaded ? this.state.total : page.total,
      complete,
      capped: !complete && rows.length >= this.maxRows,
      incomplete: this.state.incomplete || page.incomplete === true,
    });
    this.firstPageLoaded = true;
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }

  private update(change: Partial<LoadedRows>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }
}
