import { describe, expect, it } from 'vitest';
import { needsMoreRows, scrollTopToReveal, visibleRows } from '../../../renderer/src/review/virtual-window';

describe('virtual list windowing', () => {
  it('renders only the rows on screen plus the overscan', () => {
    const w = visibleRows({ scrollTop: 2600, viewportHeight: 520, rowHeight: 26, rowCount: 50_000, overscan: 5 });
    expect(w).toEqual({ first: 95, end: 125, offsetTop: 95 * 26, totalHeight: 50_000 * 26 });
  });

  it('keeps the window size independent of the row count', () => {
    const small = visibleRows({ scrollTop: 0, viewportHeight: 600, rowHeight: 26, rowCount: 1_000 });
    const huge = visibleRows({ scrollTop: 0, viewportHeight: 600, rowHeight: 26, rowCount: 1_000_000 });
    expect(huge.end - huge.first).toBe(small.end - small.first);
    expect(huge.end - huge.first).toBeLessThan(40);
  });

  it('clamps at both ends and copes with an empty list', () => {
    expect(visibleRows({ scrollTop: -50, viewportHeight: 100, rowHeight: 10, rowCount: 100, overscan: 0 })).toMatchObject({ first: 0, end: 10 });
    // Scrolled past the end (rows were replaced by a shorter list): show the last screenful.
    expect(visibleRows({ scrollTop: 99_999, viewportHeight: 100, rowHeight: 10, rowCount: 100, overscan: 0 })).toMatchObject({ first: 90, end: 100 });
    expect(visibleRows({ scrollTop: 0, viewportHeight: 100, rowHeight: 10, rowCount: 0 })).toEqual({ first: 0, end: 0, offsetTop: 0, totalHeight: 0 });
  });

  it('asks for the next page before the end of the loaded rows comes into view', () => {
    const w = visibleRows({ scrollTop: 0, viewportHeight: 260, rowHeight: 26, rowCount: 500, overscan: 0 });
    expect(needsMoreRows(w, 500, 100)).toBe(false);
    const nearEnd = visibleRows({ scrollTop: 390 * 26, viewportHeight: 260, rowHeight: 26, rowCount: 500, overscan: 0 });
    expect(needsMoreRows(nearEnd, 500, 100)).toBe(true);
  });

  it('scrolls as little as needed to show a selected row', () => {
    expect(scrollTopToReveal(5, 0, 100, 10)).toBe(0);
    expect(scrollTopToReveal(12, 0, 100, 10)).toBe(30);
    expect(scrollTopToReveal(2, 50, 100, 10)).toBe(20);
  });
});
