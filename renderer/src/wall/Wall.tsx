import { useContext, useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import { WallSurface } from '../waveform';
import { useUnitStore } from '../store/unit-store';
import { BedTile } from './BedTile';
import { fitWall, type WallGrid } from './wall-layout';
import { WallSurfaceContext, WaveformContext } from './waveform-context';

const GAP_PX = 4;

/** Every bed on one screen: the grid is recomputed whenever the window changes size. */
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
    const update = () => setGrid(fitWall(beds.length, element.clientWidth, element.clientHeight, GAP_PX));
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
              gridTemplateColumns: `repeat(${grid.columns}, 1fr)`,
              gridTemplateRows: `repeat(${grid.rows}, 1fr)`,
              gap: GAP_PX,
              '--tile-w': `${grid.tileWidth}px`,
              '--tile-h': `${grid.tileHeight}px`,
            } as CSSProperties)
          : undefined
      }
    >
      <canvas ref={canvasRef} className="wall-waves" data-testid="wall-waves" aria-hidden="true" />
      <WallSurfaceContext.Provider value={surface}>
        {grid && beds.map((bed, index) => <BedTile key={bed.bedId} bed={bed} bedIndex={index} />)}
      </WallSurfaceContext.Provider>
    </main>
  );
}
