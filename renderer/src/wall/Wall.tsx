import { useContext, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import { WallSurface } from '../waveform';
import { useUnitStore } from '../store/unit-store';
import { BedTile } from './BedTile';
import { fitWall, tilePlacement, type WallGrid } from './wall-layout';
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
 */
export function Wall() {
  const beds = useUnitStore((s) => s.unit?.beds ?? []);
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
    const update = () => setGrid(fitWall(beds.length, element.clientWidth - 2 * INSET_PX, element.clientHeight - 2 * INSET_PX, GAP_PX));
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, [beds.length]);

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
        {grid &&
          beds.map((bed, index) => {
            const at = tilePlacement(grid, index, GAP_PX);
            return <BedTile key={bed.bedId} bed={bed} bedIndex={index} left={at.left + INSET_PX} top={at.top + INSET_PX} width={at.width} height={at.height} />;
          })}
      </WallSurfaceContext.Provider>
    </main>
  );
}
