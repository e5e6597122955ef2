import { useEffect, useState } from 'react';
import { useUnitStore } from '../store/unit-store';
import { OperatorControls } from '../alarms/OperatorControls';
import { ScreenButtons } from '../review/ScreenButtons';
import { formatLocalTime } from '../review/local-time';
import { useShownBeds } from './shown-beds';

/** Unit name, mode, live bed count and a clock: a wall must show it is alive. */
export function UnitHeader() {
  const unit = useUnitStore((s) => s.unit);
  const shown = useShownBeds();
  const liveBeds = useUnitStore((s) => shown.filter(({ bed }) => s.statuses[bed.bedId]?.feed === 'live' && s.viewStale[bed.bedId] === false).length);
  const groupName = useUnitStore((s) => (s.unit ? s.unit.careGroups.groups.find((g) => g.id === s.unit!.careGroups.shown)?.name ?? null : null));
  const [clock, setClock] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setClock(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!unit) return null;
  return (
    <header className="unit-header">
      <span className="unit-name">{unit.unitName}</span>
      {groupName && (
        <span className="badge" data-testid="care-group-name">
          {groupName}
        </span>
      )}
      {unit.simulationNotice !== null && (
        // In the header, so it is on every screen: the wall, every review panel, a kiosk wall. The reason is its title.
        <span className="badge badge-sim" role="status" data-testid="simulated-unit-banner" title={unit.simulationNotice} aria-label={unit.simulationNotice}>
          SIMULATED UNIT · NOT REAL PATIENTS
        </span>
      )}
      {unit.wallMode && <span className="badge">{unit.clinicalActionsAllowed ? 'WALL' : 'WALL · VIEW ONLY'}</span>}
      <OperatorControls />
      <ScreenButtons />
      <span className="unit-live" data-testid="live-bed-count">
        {liveBeds}/{shown.length} beds live
      </span>
      <time className="unit-clock">{formatLocalTime(clock.getTime())}</time>
    </header>
  );
}
