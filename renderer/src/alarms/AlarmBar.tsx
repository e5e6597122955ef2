import { useEffect, useMemo, useState } from 'react';
import { PRIORITY_PREFIX, type AlarmCondition } from '../../../shared/domain/alarm-condition';
import { useAlarmStore } from '../store/alarm-store';
import { useUnitStore } from '../store/unit-store';
import { formatLocalTime } from '../review/local-time';
import { orderForAlarmBar } from './alarm-order';
import { useStationActions } from './station-actions';

/**
 * Every current alarm, highest priority then oldest first, each with its
 * IEC prefix and a shape icon so colour is never the only cue. Acknowledge
 * buttons appear only for a signed-in user allowed to acknowledge, and only
 * on a station that accepts clinical actions.
 */
export function AlarmBar() {
  const alarms = useAlarmStore((s) => s.alarms);
  const session = useAlarmStore((s) => s.session);
  const beds = useUnitStore((s) => s.unit?.beds);
  const ordered = useMemo(() => orderForAlarmBar(alarms), [alarms]);
  const labels = useMemo(() => new Map(beds?.map((b) => [b.bedId, b.label])), [beds]);
  const canAcknowledge = session?.permissions.includes('acknowledge') ?? false;
  // Rows beyond the first MAX_ROWS, shown on request; back to none once the list is short again.
  const [extraRows, setExtraRows] = useState(0);
  useEffect(() => {
    if (ordered.length <= MAX_ROWS) setExtraRows(0);
  }, [ordered.length]);

  if (ordered.length === 0) {
    return (
      <section className="alarm-bar alarm-bar-empty" data-testid="alarm-bar" aria-live="polite">
        No active alarms
      </section>
    );
  }
  const shown = ordered.slice(0, MAX_ROWS + extraRows);
  return (
    <section className="alarm-bar" data-testid="alarm-bar" aria-live="assertive">
      {shown.map((alarm) => (
        <AlarmRow key={alarm.alarmId} alarm={alarm} bedLabel={alarm.bedId ? labels.get(alarm.bedId) ?? alarm.bedId : 'Station'} canAcknowledge={canAcknowledge} />
      ))}
      {ordered.length > shown.length && (
        <div className="alarm-more" data-testid="alarm-more">
          +{ordered.length - shown.length} more alarms, each shown on its bed&apos;s tile
          <button type="button" onClick={() => setExtraRows((n) => n + MAX_ROWS)} data-testid="alarm-more-button">
            Show {Math.min(MAX_ROWS, ordered.length - shown.length)} more
          </button>
        </div>
      )}
    </section>
  );
}

const ICON = { HIGH: '▲', MEDIUM: '◆', LOW: '●' } as const;

/**
 * The bar shows three rows and scrolls; rendering 64 flashing rows for a
 * unit-wide burst would cost a frame nobody can read. The most urgent come
 * first, the rest are counted, and every alarm is on its own tile; the next
 * rows are rendered on request, so every alarm can be reached (and
 * acknowledged) from the bar.
 */
const MAX_ROWS = 12;

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
      {canAcknowledge && !acknowledged && alarm.state !== 'resolved' && (
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
