/**
 * Fixed-row-height windowing: which rows of a long list are on screen, so
 * only those (plus a few either side) are in the DOM. Pure arithmetic, so
 * the list stays responsive whatever the row count.
 */
export interface WindowInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  /** Rows rendered beyond each edge, so fast scrolling does not show gaps. */
  overscan?: number;
}

export interface RowWindow {
  /** First rendered row. */
  first: number;
  /** One past the last rendered row. */
  end: number;
  /** Where the first rendered row sits from the top of the scroll area. */
  offsetTop: number;
  /** Height of the whole scroll area. */
  totalHeight: number;
}

export function visibleRows({ scrollTop, viewportHeight, rowHeight, rowCount, overscan = 8 }: WindowInput): RowWindow {
  const count = Math.max(0, Math.floor(rowCount));
  const totalHeight = count * rowHeight;
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, totalHeight - viewportHeight));
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight) + overscan);
  return { first, end: Math.max(first, end), offsetTop: first * rowHeight, totalHeight };
}

/** The next page is wanted once the window comes within `margin` rows of the loaded end. */
export function needsMoreRows(window: RowWindow, loadedCount: number, margin: number): boolean {
  return window.end + margin >= loadedCount;
}

/** The scrollTop that brings row `index` fully into view, moving as little as possible. */
export function scrollTopToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const rowTop = index * rowHeight;
  if (rowTop < scrollTop) return rowTop;
  const rowBottom = rowTop + rowHeight;
  if (rowBottom > scrollTop + viewportHeight) return Math.max(0, rowBottom - viewportHeight);
  return scrollTop;
}
