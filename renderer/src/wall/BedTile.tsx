import { memo, useContext, useEffect, useRef } from 'react';
import type { Bed } from '../../../shared/domain/bed';
import { useUnitStore } from '../store/unit-store';
import { useAlarmStore } from '../store/alarm-store';
import { usePanelStore } from '../store/panel-store';
import { PRIORITY_PREFIX } from '../../../shared/domain/alarm-condition';
import { bedDisplayState } from './bed-display';
import { NumericsPanel } from './NumericsPanel';
import { WallSurfaceContext, WaveformContext } from './waveform-context';

const STATE_LABEL = { live: 'LIVE', 'lead-off': 'ECG LEAD OFF', 'no-data': 'NO DATA' } as const;

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
 * One bed. Its waveform area is handed to the sweep renderer once (as a region
 * of the wall's canvas) and never drawn by React; React only re-renders this
 * tile for this bed's numerics, status and alarm.
 */
export const BedTile = memo(function BedTile({ bed, bedIndex, left, top, width, height }: BedTileProps) {
  const status = useUnitStore((s) => s.statuses[bed.bedId]);
  const viewStale = useUnitStore((s) => s.viewStale[bed.bedId]);
  const sweep = useContext(WaveformContext);
  const surface = useContext(WallSurfaceContext);
  const wavesRef = useRef<HTMLDivElement>(null);
  const state = bedDisplayState(status, viewStale);
  // A primitive key keeps this tile from re-rendering on other beds' alarms.
  const alarmKey = useAlarmStore((s) => s.bedAlarmKeys[bed.bedId] ?? '');
  const [alarmPriority, alarmState, alarmLevel, alarmMessage] = alarmKey ? alarmKey.split('|') : [];
  // Only a workstation opens the bed detail; a wall is view-only.
  const interactive = useUnitStore((s) => s.unit?.wallMode === false);
  const selected = usePanelStore((s) => s.panel?.kind === 'bed' && s.panel.bedId === bed.bedId);
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
      className={`tile tile--${state}${alarmPriority ? ` tile-alarm tile-alarm-${alarmPriority.toLowerCase()}` : ''}${interactive ? ' tile--interactive' : ''}${selected ? ' tile--selected' : ''}`}
      style={{ left, top, width, height }}
      data-testid="bed-tile"
      data-bed-id={bed.bedId}
      data-state={state}
      data-alarm-priority={alarmPriority ?? ''}
      data-selected={selected || undefined}
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
      <header className="tile-header">
        <span className="tile-label">{bed.label}</span>
        <span className="tile-alias">{bed.patient?.alias ?? '—'}</span>
        {/* In the header line, never above the body: an alarm must not resize the trace (which would restart the sweep) or reflow the wall. */}
        {alarmPriority && (
          <span
            className={`tile-alarm-banner alarm-${alarmPriority.toLowerCase()} ${alarmState === 'acknowledged' ? 'alarm-acknowledged' : 'alarm-flashing'} escalation-${alarmLevel}`}
            data-testid="tile-alarm"
          >
            {PRIORITY_PREFIX[alarmPriority as keyof typeof PRIORITY_PREFIX]} {alarmMessage}
            {Number(alarmLevel) > 1 ? ` · L${alarmLevel}` : ''}
            {alarmState === 'acknowledged' ? ' · ACK' : ''}
          </span>
        )}
        <span className={`tile-status tile-status-${state}`} data-testid="bed-status">
          <span className="tile-status-icon" aria-hidden="true">
            {state === 'live' ? '●' : state === 'lead-off' ? '▲' : '■'}
          </span>
          {STATE_LABEL[state]}
        </span>
      </header>
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
