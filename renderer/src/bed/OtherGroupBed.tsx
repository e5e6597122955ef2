import { useMemo, useState } from 'react';
import { PRIORITY_PREFIX } from '../../../shared/domain/alarm-condition';
import { isShownHere, mayAcknowledgeHere } from '../../../shared/domain/care-group';
import { orderForAlarmBar } from '../alarms/alarm-order';
import { useStationActions } from '../alarms/station-actions';
import { useAlarmStore } from '../store/alarm-store';
import { useUnitStore } from '../store/unit-store';
import { bedDisplayState } from '../wall/bed-display';
import { NumericsPanel } from '../wall/NumericsPanel';

/**
 * A bed of another care group, opened from the "other beds" strip: its
 * tile's content – status, numerics, alarms – since this wall does not show
 * its tile. A charge nurse (or a nurse, where the config allows) can
 * acknowledge its alarms here. Nothing for a bed this wall shows.
 */
export function OtherGroupBed({ bedId }: { bedId: string }) {
  const careGroups = useUnitStore((s) => s.unit?.careGroups);
  const clinical = useUnitStore((s) => s.unit?.clinicalActionsAllowed ?? false);
  const status = useUnitStore((s) => s.statuses[bedId]);
  const viewStale = useUnitStore((s) => s.viewStale[bedId]);
  const alarms = useAlarmStore((s) => s.alarms);
  const session = useAlarmStore((s) => s.session);
  const actions = useStationActions();
  const [error, setError] = useState<string | null>(null);
  const mine = useMemo(() => orderForAlarmBar(alarms.filter((a) => a.bedId === bedId)), [alarms, bedId]);
  if (!careGroups || isShownHere(careGroups, bedId)) return null;
  const group = careGroups.groups.find((g) => g.bedIds.includes(bedId))?.name ?? '';
  const state = bedDisplayState(status, viewStale);
  const canAck = clinical && (session?.permissions.includes('acknowledge') ?? false) && mayAcknowledgeHere(careGroups, session!.role, bedId);
  return (
    <section className="bed-section other-group-bed" data-testid="other-group-bed">
      <h3>
        Now · care group {group} · <span className={`tile-status-${state}`}>{state === 'live' ? 'LIVE' : state === 'lead-off' ? 'ECG LEAD OFF' : 'NO DATA'}</span>
      </h3>
      {state !== 'no-data' && (
        <div className="other-group-numerics">
          <NumericsPanel bedId={bedId} />
        </div>
      )}
      {mine.map((a) => (
        <div key={a.alarmId} className={`alarm-row alarm-${a.priority.toLowerCase()} ${a.acknowledged ? 'alarm-acknowledged' : 'alarm-flashing'}`} data-testid="other-group-alarm" data-alarm-id={a.alarmId}>
          <span className="alarm-text">
            {PRIORITY_PREFIX[a.priority]} {a.message}
          </span>
          {a.acknowledged && <span className="alarm-ack">ACK</span>}
          {canAck && !a.acknowledged && a.state !== 'resolved' && (
            <button
              type="button"
              className="alarm-ack-button"
              onClick={async () => {
                const result = await actions.acknowledge(a.alarmId);
                setError(result.ok ? null : result.error);
              }}
            >
              Acknowledge
            </button>
          )}
        </div>
      ))}
      {error && (
        <p className="review-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
