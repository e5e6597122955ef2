import { memo } from 'react';
import type { Bed } from '../../../shared/domain/bed';
import { PRIORITY_PREFIX } from '../../../shared/domain/alarm-condition';
import { useUnitStore } from '../store/unit-store';
import { useAlarmStore } from '../store/alarm-store';
import { usePanelStore } from '../store/panel-store';
import { bedDisplayState } from './bed-display';
import { patientLabel } from './patient-label';

const STATE_LABEL = { live: 'LIVE', 'lead-off': 'ECG LEAD OFF', 'no-data': 'NO DATA' } as const;

interface TileHeaderProps {
  bed: Bed;
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * A bed's header line (label, patient, category and age, alarm banner,
 * status) and, while the bed is in alarm, the frame that highlights its tile
 * in the priority's colour. Drawn in the wall's header layer, over the tile,
 * not inside it (see Wall.tsx). The line has a fixed height and its text is
 * clipped, so an admission or discharge changes words, never the layout:
 * no tile moves, resizes or loses its traces.
 */
export const TileHeader = memo(function TileHeader({ bed, left, top, width, height }: TileHeaderProps) {
  const status = useUnitStore((s) => s.statuses[bed.bedId]);
  const viewStale = useUnitStore((s) => s.viewStale[bed.bedId]);
  const state = bedDisplayState(status, viewStale);
  // A primitive key keeps this header from re-rendering on other beds' alarms.
  const alarmKey = useAlarmStore((s) => s.bedAlarmKeys[bed.bedId] ?? '');
  const [alarmPriority, alarmAck, alarmLevel, alarmMessage] = alarmKey ? alarmKey.split('|') : [];
  const acknowledged = alarmAck === 'ack';
  const selected = usePanelStore((s) => s.panel?.kind === 'bed' && s.panel.bedId === bed.bedId);
  const patient = patientLabel(useUnitStore((s) => s.census[bed.bedId]));
  const review = useUnitStore((s) => s.census[bed.bedId]?.review ?? false);
  const priority = alarmPriority?.toLowerCase();
  return (
    <>
      <header
        id={tileHeaderId(bed.bedId)}
        className={`tile-header${selected ? ' tile-header--selected' : ''}`}
        style={{ left, top, width }}
        data-testid="tile-header"
        data-header-of={bed.bedId}
        data-alarm-priority={alarmPriority ?? ''}
      >
        <span className="tile-label">{bed.label}</span>
        <span className={`tile-patient tile-patient--${patient.state}`} data-testid="tile-patient" data-patient-state={patient.state}>
          {review && (
            <span className="tile-review" title="The ADT feed changed this patient: check and confirm" aria-label="check patient">
              ⚑{' '}
            </span>
          )}
          {patient.name}
        </span>
        {patient.detail && (
          <span className="tile-category" data-testid="tile-category">
            {patient.detail}
          </span>
        )}
        {priority && (
          <span
            className={`tile-alarm-banner alarm-${priority} ${acknowledged ? 'alarm-acknowledged' : 'alarm-flashing'} escalation-${alarmLevel}`}
            data-testid="tile-alarm"
          >
            {PRIORITY_PREFIX[alarmPriority as keyof typeof PRIORITY_PREFIX]} {alarmMessage}
            {Number(alarmLevel) > 1 ? ` · L${alarmLevel}` : ''}
            {acknowledged ? ' · ACK' : ''}
          </span>
        )}
        <span className={`tile-status tile-status-${state}`} data-testid="bed-status">
          <span className="tile-status-icon" aria-hidden="true">
            {state === 'live' ? '●' : state === 'lead-off' ? '▲' : '■'}
          </span>
          {STATE_LABEL[state]}
        </span>
      </header>
      {/* After the header, so it is drawn over the header's background (the open bed's highlight). */}
      {priority && <div className={`tile-alarm-frame alarm-${priority}`} style={{ left, top, width, height }} data-frame-of={bed.bedId} aria-hidden="true" />}
    </>
  );
});

export function tileHeaderId(bedId: string): string {
  return `tile-header-${bedId}`;
}
