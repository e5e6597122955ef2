import { memo, useContext, useEffect, useRef } from 'react';
import type { Bed } from '../../../shared/domain/bed';
import { useUnitStore } from '../store/unit-store';
import { usePanelStore } from '../store/panel-store';
import { bedDisplayState } from './bed-display';
import { NumericsPanel } from './NumericsPanel';
import { tileHeaderId } from './TileHeader';
import { WallSurfaceContext, WaveformContext } from './waveform-context';

/** The bed, its index in the wall's sweep, and its place on the wall in CSS px (primitives, so memo holds). */
interface BedTileProps {
  bed: Bed;
  bedIndex: number;
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * One bed's tile: the body (waveform area and numerics) under its header line,
 * which TileHeader draws in the wall's header layer (see Wall.tsx). The
 * waveform area is handed to the sweep renderer once (as a region of the
 * wall's canvas) and never drawn by React; React only re-renders this tile for
 * this bed's status. An alarm changes nothing here: a burst on every bed
 * re-renders 64 headers, not 64 tiles as well.
 */
export const BedTile = memo(function BedTile({ bed, bedIndex, left, top, width, height }: BedTileProps) {
  const status = useUnitStore((s) => s.statuses[bed.bedId]);
  const viewStale = useUnitStore((s) => s.viewStale[bed.bedId]);
  const sweep = useContext(WaveformContext);
  const surface = useContext(WallSurfaceContext);
  const wavesRef = useRef<HTMLDivElement>(null);
  const state = bedDisplayState(status, viewStale);
  // Only a workstation opens the bed detail; a wall is view-only.
  const interactive = useUnitStore((s) => s.unit?.wallMode === false);
  const openDetail = () => usePanelStore.getState().openBed(bed.bedId);

  useEffect(() => {
    const placeholder = wavesRef.current;
    if (!sweep || !surface || !placeholder) return;
    sweep.attach(bedIndex, surface.region(placeholder));
    return () => {
      sweep.detach(bedIndex);
      surface.release(placeholder);
    };
  }, [sweep, surface, bedIndex]);

  useEffect(() => {
    sweep?.setStale(bedIndex, state === 'no-data');
  }, [sweep, bedIndex, state]);

  return (
    <section
      className={`tile tile--${state}${interactive ? ' tile--interactive' : ''}`}
      aria-describedby={tileHeaderId(bed.bedId)}
      style={{ left, top, width, height }}
      data-testid="bed-tile"
      data-bed-id={bed.bedId}
      data-state={state}
      aria-label={bed.label}
      role={interactive ? 'button' : undefined}
      tabIndex={interactive ? 0 : undefined}
      aria-haspopup={interactive ? 'dialog' : undefined}
      onClick={interactive ? openDetail : undefined}
      onKeyDown={
        interactive
          ? (event) => {
              if (event.key !== 'Enter' && event.key !== ' ') return;
              event.preventDefault();
              openDetail();
            }
          : undefined
      }
    >
      <div className="tile-body">
        {/* Black placeholder: the traces are drawn over it, in the wall's one canvas (wall-surface.ts). */}
        <div ref={wavesRef} className="tile-waves" data-testid="waveform-area" />
        {state === 'no-data' ? (
          <div className="tile-no-data" data-testid="no-data">
            NO DATA
          </div>
        ) : (
          <NumericsPanel bedId={bed.bedId} />
        )}
      </div>
    </section>
  );
});
