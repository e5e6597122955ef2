import { describe, expect, it } from 'vitest';
import { fitWall } from '../../../renderer/src/wall/wall-layout';

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
