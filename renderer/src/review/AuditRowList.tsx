import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AuditReviewRow } from '../../../shared/audit/audit-review';
import type { LoadedRows } from './keyset-row-loader';
import { summarizeDetails } from './audit-details';
import { formatLocalDateTime } from './local-time';
import { needsMoreRows, scrollTopToReveal, visibleRows } from './virtual-window';

/** Must match `.audit-row` height in styles.css: the windowing maths depends on it. */
export const AUDIT_ROW_HEIGHT = 26;
/** Ask for the next page this many rows before the loaded end comes into view. */
const PREFETCH_ROWS = 100;

/**
 * The audit rows as a virtual list: only the rows on screen are in the DOM,
 * and the next keyset page is fetched as the user scrolls towards the end
 * of what is loaded. Arrow keys, Page Up/Down, Home and End move the
 * selection.
 */
export function AuditRowList({
  loaded,
  loadMore,
  selectedSeq,
  onSelect,
}: {
  loaded: LoadedRows;
  loadMore(): void;
  selectedSeq: number | null;
  onSelect(row: AuditReviewRow): void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const { rows } = loaded;

  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const measure = () => setViewportHeight(element.clientHeight);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const shown = visibleRows({ scrollTop, viewportHeight, rowHeight: AUDIT_ROW_HEIGHT, rowCount: rows.length });
  const wantsMore = viewportHeight > 0 && needsMoreRows(shown, rows.length, PREFETCH_ROWS);
  const canLoad = !loaded.loading && !loaded.complete && !loaded.capped && loaded.error === null;
  useEffect(() => {
    if (wantsMore && canLoad) loadMore();
  }, [wantsMore, canLoad, loadMore]);

  const selectedIndex = selectedSeq === null ? -1 : rows.findIndex((r) => r.seq === selectedSeq);
  const selectIndex = (index: number) => {
    const row = rows[Math.max(0, Math.min(rows.length - 1, index))];
    const element = scrollRef.current;
    if (!row || !element) return;
    onSelect(row);
    element.scrollTop = scrollTopToReveal(rows.indexOf(row), element.scrollTop, element.clientHeight, AUDIT_ROW_HEIGHT);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(viewportHeight / AUDIT_ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (event.key in moves) selectIndex(Math.max(0, selectedIndex) + (selectedIndex < 0 ? 0 : moves[event.key]!));
    else if (event.key === 'Home') selectIndex(0);
    else if (event.key === 'End') selectIndex(rows.length - 1);
    else return;
    event.preventDefault();
  };

  return (
    <div className="audit-list" role="grid" aria-label="Audit rows" aria-rowcount={loaded.total ?? -1} data-testid="audit-list">
      <div className="audit-row audit-row--head" role="row">
        <span role="columnheader">Seq</span>
        <span role="columnheader">Local time</span>
        <span role="columnheader">User (role)</span>
        <span role="columnheader">Action</span>
        <span role="columnheader">Bed</span>
        <span role="columnheader">Alarm</span>
        <span role="columnheader">Details</span>
      </div>
      <div ref={scrollRef} className="audit-list-scroll" tabIndex={0} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)} onKeyDown={onKeyDown}>
        <div className="audit-list-spacer" style={{ height: shown.totalHeight }}>
          <div className="audit-list-window" style={{ transform: `translateY(${shown.offsetTop}px)` }}>
            {rows.slice(shown.first, shown.end).map((row, i) => (
              <AuditListRow key={row.seq} row={row} index={shown.first + i} selected={row.seq === selectedSeq} onSelect={onSelect} />
            ))}
          </div>
        </div>
        <ListFooter loaded={loaded} loadMore={loadMore} />
      </div>
    </div>
  );
}

function AuditListRow({ row, index, selected, onSelect }: { row: AuditReviewRow; index: number; selected: boolean; onSelect(row: AuditReviewRow): void }) {
  return (
    <div
      className={`audit-row${selected ? ' audit-row--selected' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      onClick={() => onSelect(row)}
      data-testid="audit-row"
      data-seq={row.seq}
      data-action={row.action}
      data-user={row.userId}
    >
      <span role="gridcell" className="audit-seq">
        {row.seq}
      </span>
      <span role="gridcell">{formatLocalDateTime(row.utcMs)}</span>
      <span role="gridcell">
        {row.userId} ({row.role})
      </span>
      <span role="gridcell" className="audit-action">
        {row.action}
      </span>
      <span role="gridcell">{row.bedId ?? ''}</span>
      <span role="gridcell">{row.alarmId ?? ''}</span>
      <span role="gridcell" className="audit-details-summary">
        {summarizeDetails(row.details)}
      </span>
    </div>
  );
}

function ListFooter({ loaded, loadMore }: { loaded: LoadedRows; loadMore(): void }) {
  if (loaded.error) {
    return (
      <div className="audit-list-footer review-error" role="alert">
        Could not load rows: {loaded.error}{' '}
        <button type="button" onClick={loadMore}>
          Retry
        </button>
      </div>
    );
  }
  if (loaded.loading) return <div className="audit-list-footer">Loading…</div>;
  if (loaded.capped) {
    return (
      <div className="audit-list-footer" data-testid="audit-capped">
        Showing the newest {loaded.rows.length.toLocaleString()} rows. Narrow the time range to see older ones.
      </div>
    );
  }
  if (loaded.complete) return <div className="audit-list-footer">{loaded.rows.length === 0 ? 'No rows match this filter.' : 'End of the matching rows.'}</div>;
  return null;
}
