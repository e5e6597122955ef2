import { useContext, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import { WallSurface } from '../waveform';
import { BedTile } from './BedTile';
import { TileHeader } from './TileHeader';
import { fitWall, tilePlacement, type WallGrid } from './wall-layout';
import { useShownBeds } from './shown-beds';
import { WallSurfaceContext, WaveformContext } from './waveform-context';

const GAP_PX = 4;
/** Margin between the wall's edge and the outer tiles. */
const INSET_PX = 4;

/**
 * Every bed on one screen: the grid is recomputed whenever the window changes
 * size. Tiles are placed absolutely, in pixels, not as CSS grid items: Blink
 * never treats a grid (or flex) item as a relayout boundary, so with a CSS
 * grid every numeric change laid out the whole document (~3,600 boxes), and a
 * unit-wide alarm burst cost one ~25 ms frame. A positioned, size-contained
 * tile is a boundary: a change inside it lays out that tile alone.
 *
 * The wall is drawn in three layers, bottom to top:
 *   tiles    each bed's body: waveform area and numerics (BedTile);
 *   headers  each bed's header line and, in alarm, its highlight frame
 *            (TileHeader), in a compositor layer of their own;
 *   traces   the one waveform canvas (WallSurface).
 * What an alarm changes (banner, frame, status) is in the header layer, which
 * is mostly transparent and cheap to re-raster; the tiles' text is not touched.
 * With headers inside the tiles, a burst on every bed re-rasterized the whole
 * screen in software, ~10-15 ms of the burst's latency on the CI machine.
 */
export function Wall() {
  // The care group this station shows (or the whole unit): the grid fits to its size.
  const shown = useShownBeds();
  const ref = useRef<HTMLDivElement>(null);
  const [grid, setGrid] = useState<WallGrid | null>(null);
  const sweep = useContext(WaveformContext);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [surface, setSurface] = useState<WallSurface | null>(null);

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !sweep) return;
    const created = new WallSurface(canvas, () => sweep.invalidateAll());
    setSurface(created);
    return () => created.dispose();
  }, [sweep]);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = () => setGrid(fitWall(shown.length, element.clientWidth - 2 * INSET_PX, element.clientHeight - 2 * INSET_PX, GAP_PX));
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, [shown.length]);

  const placements = grid
    ? shown.map((_, index) => {
        const at = tilePlacement(grid, index, GAP_PX);
        return { ...at, left: at.left + INSET_PX, top: at.top + INSET_PX };
      })
    : [];

  return (
    <main
      ref={ref}
      className="wall"
      data-testid="wall"
      style={
        grid
          ? ({
              '--tile-w': `${grid.tileWidth}px`,
              '--tile-h': `${grid.tileHeight}px`,
            } as CSSProperties)
          : undefined
      }
    >
      <canvas ref={canvasRef} className="wall-waves" data-testid="wall-waves" aria-hidden="true" />
      <WallSurfaceContext.Provider value={surface}>
        {placements.map((at, index) => (
          <BedTile key={shown[index]!.bed.bedId} bed={shown[index]!.bed} bedIndex={shown[index]!.unitIndex} left={at.left} top={at.top} width={at.width} height={at.height} />
        ))}
      </WallSurfaceContext.Provider>
      <div className="wall-headers">
        {placements.map((at, index) => (
          <TileHeader key={shown[index]!.bed.bedId} bed={shown[index]!.bed} left={at.left} top={at.top} width={at.width} height={at.height} />
        ))}
      </div>
    </main>
  );
}
