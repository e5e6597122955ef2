import { useMemo, useState } from 'react';
import { PRIORITY_PREFIX, type AlarmCondition } from '../../../shared/domain/alarm-condition';
import { isOtherBedsAlarm, mayAcknowledgeHere } from '../../../shared/domain/care-group';
import { useAlarmStore } from '../store/alarm-store';
import { usePanelStore } from '../store/panel-store';
import { useUnitStore } from '../store/unit-store';
import { orderForAlarmBar } from './alarm-order';
import { useStationActions } from './station-actions';

/**
 * "Other beds" (IEC 60601-1-8 distributed alarm systems): at a station that
 * shows one care group, every other group's HIGH alarm still waiting for
 * someone, as bed, priority and message. One click opens that bed. A charge
 * nurse (or any nurse, where the config allows it) may acknowledge from here.
 *
 * A strip of fixed height below the alarm bar, present whether or not
 * anything is in it: a neighbour's alarm must never move this wall's tiles.
 */
export function OtherBedsStrip() {
  const alarms = useAlarmStore((s) => s.alarms);
  const session = useAlarmStore((s) => s.session);
  const unit = useUnitStore((s) => s.unit);
  const careGroups = unit?.careGroups;
  const others = useMemo(() => (careGroups ? orderForAlarmBar(alarms.filter((a) => isOtherBedsAlarm(careGroups, a))) : []), [alarms, careGroups]);
  const labels = useMemo(() => new Map(unit?.beds.map((b) => [b.bedId, b.label])), [unit?.beds]);
  if (!unit || !careGroups || careGroups.shown === null) return null;
  const canAcknowledge = (alarm: AlarmCondition) =>
    unit.clinicalActionsAllowed && (session?.permissions.includes('acknowledge') ?? false) && mayAcknowledgeHere(careGroups, session!.role, alarm.bedId);
  const groupOf = (bedId: string | null) => careGroups.groups.find((g) => bedId !== null && g.bedIds.includes(bedId))?.name ?? '';

  return (
    <section className="other-beds" data-testid="other-beds" aria-label="Other beds" aria-live="assertive">
      <span className="other-beds-title">Other beds</span>
      {others.length === 0 ? (
        <span className="other-beds-quiet" data-testid="other-beds-quiet">
          no HIGH alarm in other care groups
        </span>
      ) : (
        others.map((alarm) => (
          <OtherBed key={alarm.alarmId} alarm={alarm} label={alarm.bedId ? labels.get(alarm.bedId) ?? alarm.bedId : ''} group={groupOf(alarm.bedId)} interactive={!unit.wallMode} canAcknowledge={canAcknowledge(alarm)} />
        ))
      )}
    </section>
  );
}

function OtherBed({ alarm, label, group, interactive, canAcknowledge }: { alarm: AlarmCondition; label: string; group: string; interactive: boolean; canAcknowledge: boolean }) {
  const actions = useStationActions();
  const [error, setError] = useState<string | null>(null);
  const open = () => alarm.bedId && usePanelStore.getState().openBed(alarm.bedId);
  const text = `${PRIORITY_PREFIX[alarm.priority]} ${label} ${alarm.message}`;
  return (
    <span className={`other-bed alarm-${alarm.priority.toLowerCase()} alarm-flashing`} data-testid="other-bed" data-bed-id={alarm.bedId ?? ''} data-alarm-id={alarm.alarmId} data-priority={alarm.priority} title={group ? `${group}: ${text}` : text}>
      {interactive ? (
        <button type="button" className="other-bed-open" onClick={open} data-testid="other-bed-open">
          ▲ {text}
        </button>
      ) : (
        <span>▲ {text}</span>
      )}
      {canAcknowledge && (
        <button
          type="button"
          className="other-bed-ack"
          data-testid="other-bed-acknowledge"
          onClick={async () => {
            const result = await actions.acknowledge(alarm.alarmId);
            setError(result.ok ? null : result.error);
          }}
        >
          Ack
        </button>
      )}
      {error && (
        <span className="alarm-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
