import { useEffect, useMemo, useState } from 'react';
import { PRIORITY_PREFIX, type AlarmCondition } from '../../../shared/domain/alarm-condition';
import { isShownHere } from '../../../shared/domain/care-group';
import { useAlarmStore } from '../store/alarm-store';
import { useUnitStore } from '../store/unit-store';
import { formatLocalTime } from '../review/local-time';
import { orderForAlarmBar } from './alarm-order';
import { useStationActions } from './station-actions';

/**
 * Every current alarm, highest priority then oldest first, each with its
 * IEC prefix and a shape icon so colour is never the only cue. Acknowledge
 * buttons appear only for a signed-in user allowed to acknowledge, and only
 * on a station that accepts clinical actions, on every alarm nobody has
 * acknowledged: a latched one whose condition ended too (it sounds and
 * escalates until someone does; the latched row stays until a reset).
 */
export function AlarmBar() {
  const alarms = useAlarmStore((s) => s.alarms);
  const session = useAlarmStore((s) => s.session);
  const beds = useUnitStore((s) => s.unit?.beds);
  const careGroups = useUnitStore((s) => s.unit?.careGroups);
  // This station's care group and unit-wide alarms; other groups' HIGH ones are in the "other beds" strip.
  const ordered = useMemo(() => orderForAlarmBar(careGroups ? alarms.filter((a) => isShownHere(careGroups, a.bedId)) : alarms), [alarms, careGroups]);
  const labels = useMemo(() => new Map(beds?.map((b) => [b.bedId, b.label])), [beds]);
  const canAcknowledge = session?.permissions.includes('acknowledge') ?? false;
  // Rows beyond the collapsed bar, shown on request; back to none once the list fits again.
  const [extraRows, setExtraRows] = useState(0);
  const collapsed = collapsedRows(ordered.length);
  useEffect(() => {
    if (ordered.length <= collapsed) setExtraRows(0);
  }, [ordered.length, collapsed]);

  if (ordered.length === 0) {
    return (
      <section className="alarm-bar alarm-bar-empty" data-testid="alarm-bar" aria-live="polite">
        No active alarms
      </section>
    );
  }
  const shown = ordered.slice(0, collapsed + extraRows);
  return (
    <section className="alarm-bar" data-testid="alarm-bar" aria-live="assertive">
      {shown.map((alarm) => (
        <AlarmRow key={alarm.alarmId} alarm={alarm} bedLabel={alarm.bedId ? labels.get(alarm.bedId) ?? alarm.bedId : 'Station'} canAcknowledge={canAcknowledge} />
      ))}
      {ordered.length > shown.length && (
        <div className="alarm-more" data-testid="alarm-more">
          +{ordered.length - shown.length} more alarms, each shown on its bed&apos;s tile
          <button type="button" onClick={() => setExtraRows((n) => n + MORE_ROWS)} data-testid="alarm-more-button">
            Show {Math.min(MORE_ROWS, ordered.length - shown.length)} more
          </button>
        </div>
      )}
    </section>
  );
}

const ICON = { HIGH: '▲', MEDIUM: '◆', LOW: '●' } as const;

/**
 * Until someone asks for more, the bar shows what its fixed height holds
 * without scrolling: up to three rows, or the two most urgent and a line
 * counting the rest. Every alarm is also on its own tile, and the next rows
 * come on request (the bar then scrolls), so every alarm can be reached and
 * acknowledged from the bar. A bar that overflowed at once (twelve rows, as
 * before) hid the count below the fold and turned into a scroll container in
 * the very frame of a unit-wide burst: new compositor layers and scrollbars,
 * ~2 ms of the burst's latency on the CI machine.
 */
const FITTING_ROWS = 3;
const ROWS_ABOVE_COUNT = 2;
/** Rows added each time the count line's button is pressed. */
const MORE_ROWS = 12;

function collapsedRows(alarmCount: number): number {
  return alarmCount <= FITTING_ROWS ? alarmCount : ROWS_ABOVE_COUNT;
}

function AlarmRow({ alarm, bedLabel, canAcknowledge }: { alarm: AlarmCondition; bedLabel: string; canAcknowledge: boolean }) {
  const actions = useStationActions();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const acknowledged = alarm.acknowledged;
  const acknowledge = async () => {
    setPending(true);
    setError(null);
    // The row shows ACK only when the main process reports the alarm
    // acknowledged – i.e. after the audit entry is durable – never optimistically.
    const result = await actions.acknowledge(alarm.alarmId);
    setPending(false);
    if (!result.ok) setError(result.error);
  };
  return (
    <div
      className={`alarm-row alarm-${alarm.priority.toLowerCase()} ${acknowledged ? 'alarm-acknowledged' : 'alarm-flashing'} escalation-${alarm.escalationLevel}`}
      data-testid="alarm-row"
      data-alarm-id={alarm.alarmId}
      data-priority={alarm.priority}
      data-state={alarm.state}
      data-escalation-level={alarm.escalationLevel}
    >
      <span className="alarm-icon" aria-hidden="true">
        {ICON[alarm.priority]}
      </span>
      <span className="alarm-text">
        {PRIORITY_PREFIX[alarm.priority]} {bedLabel} {alarm.message}
      </span>
      {alarm.escalationLevel > 1 && <span className="alarm-escalation">ESCALATED L{alarm.escalationLevel}</span>}
      {acknowledged && <span className="alarm-ack">ACK</span>}
      <time className="alarm-time">{formatLocalTime(alarm.onsetAt)}</time>
      {canAcknowledge && !acknowledged && (
        <button type="button" className="alarm-ack-button" onClick={acknowledge} disabled={pending} data-testid="acknowledge">
          {pending ? 'Saving…' : 'Acknowledge'}
        </button>
      )}
      {error && (
        <span className="alarm-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
