import { describe, expect, it } from 'vitest';
import { fitWall, tilePlacement } from '../../../renderer/src/wall/wall-layout';

describe('fitWall', () => {
  it('fits every bed count from 1 to 64 without overflow', () => {
    for (let n = 1; n <= 64; n++) {
      const g = fitWall(n, 1920, 1040);
      expect(g.columns * g.rows).toBeGreaterThanOrEqual(n);
      expect(g.columns * g.tileWidth).toBeLessThanOrEqual(1920);
      expect(g.rows * g.tileHeight).toBeLessThanOrEqual(1040);
      // No completely empty row or column.
      expect(g.columns * (g.rows - 1)).toBeLessThan(n);
    }
  });

  it('uses a square-ish grid for 16 and 64 beds on a wide screen', () => {
    expect(fitWall(16, 1920, 1040)).toMatchObject({ columns: 4, rows: 4 });
    expect(fitWall(64, 1920, 1040)).toMatchObject({ columns: 8, rows: 8 });
  });

  it('keeps tiles usable on a portrait display', () => {
    const g = fitWall(16, 1080, 1880);
    expect(g.tileWidth).toBeGreaterThan(250);
  });
});

describe('tilePlacement', () => {
  it('tiles the area in whole pixels, row by row, with even gaps and the last tile flush with the edge', () => {
    const width = 1912;
    const height = 935;
    const grid = fitWall(64, width, height, 4);
    const cells = Array.from({ length: 64 }, (_, i) => tilePlacement(grid, i, 4));
    for (const c of cells) for (const v of Object.values(c)) expect(Number.isInteger(v)).toBe(true);
    expect(cells[0]).toMatchObject({ left: 0, top: 0 });
    expect(cells[1]!.top).toBe(0);
    expect(cells[grid.columns]!.left).toBe(0);
    const last = cells[63]!;
    expect(last.left + last.width).toBe(width);
    expect(last.top + last.height).toBe(height);
    for (let i = 1; i < grid.columns; i++) {
      const gap = cells[i]!.left - (cells[i - 1]!.left + cells[i - 1]!.width);
      expect(gap).toBeGreaterThanOrEqual(3);
      expect(gap).toBeLessThanOrEqual(5);
    }
    // No overlap between rows either.
    expect(cells[grid.columns]!.top).toBeGreaterThan(cells[0]!.top + cells[0]!.height);
  });
});
