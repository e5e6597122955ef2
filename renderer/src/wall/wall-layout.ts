/**
 * Picks the grid (columns × rows) that makes tiles as large as possible for
 * `count` beds in the available area, preferring tiles near a monitor-like
 * aspect ratio so waveforms keep a usable width. Pure so it is unit-tested.
 */
export interface WallGrid {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
}

const PREFERRED_ASPECT = 16 / 9;

export function fitWall(count: number, width: number, height: number, gap = 4): WallGrid {
  const n = Math.max(1, Math.floor(count));
  let best: WallGrid | null = null;
  let bestScore = -Infinity;
  for (let columns = 1; columns <= n; columns++) {
    const rows = Math.ceil(n / columns);
    const tileWidth = (width - gap * (columns - 1)) / columns;
    const tileHeight = (height - gap * (rows - 1)) / rows;
    if (tileWidth <= 0 || tileHeight <= 0) continue;
    // Usable area of a tile is capped by the preferred aspect: a very wide,
    // very short tile has no room for three traces.
    const usableWidth = Math.min(tileWidth, tileHeight * PREFERRED_ASPECT * 1.6);
    const usableHeight = Math.min(tileHeight, tileWidth / PREFERRED_ASPECT * 1.6);
    const score = usableWidth * usableHeight - (columns * rows - n) * 0.01;
    if (score > bestScore) {
      bestScore = score;
      best = { columns, rows, tileWidth, tileHeight };
    }
  }
  return best ?? { columns: 1, rows: n, tileWidth: width, tileHeight: height / n };
}

export interface TilePlacement {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Where bed `index` sits in `grid`, in whole CSS pixels from the wall's
 * top-left corner (row-major, as the beds are listed). Edges are rounded so
 * borders and text stay sharp; rounding both edges of every cell keeps the
 * gaps even and the last tile flush with the wall.
 */
export function tilePlacement(grid: WallGrid, index: number, gap = 4): TilePlacement {
  const column = index % grid.columns;
  const row = Math.floor(index / grid.columns);
  const left = Math.round(column * (grid.tileWidth + gap));
  const top = Math.round(row * (grid.tileHeight + gap));
  return {
    left,
    top,
    width: Math.round(column * (grid.tileWidth + gap) + grid.tileWidth) - left,
    height: Math.round(row * (grid.tileHeight + gap) + grid.tileHeight) - top,
  };
}
