import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useAlarmStore } from '../store/alarm-store';
import { useUnitStore } from '../store/unit-store';
import { useVigilApi } from '../station/api-context';
import { stationRequest } from '../station/station-request';
import { timeRangeFrom } from '../review/audit-filter';
import type { PageFetcher } from '../review/keyset-row-loader';
import { useKeysetRows } from '../review/use-keyset-rows';
import { alarmHistoryEntry } from './alarm-history-entry';
import { HISTORY_PAGE_SIZE, alarmHistoryRequest, patientHistoryRequest } from './alarm-history-request';

/**
 * Onset, acknowledgement, escalation, resolution and reset of every alarm
 * on this bed, newest first, from the audit trail – so "what happened at
 * 03:12 in bed 7" has an answer with a time and a name.
 *
 * With a patient in the bed it shows that patient's history by default:
 * every bed they were in during this stay, and only while they were there
 * (a transfer moves the history with the patient); "This bed" shows the
 * bed's own, whoever was in it. An onset's "Strip" opens the waveforms of
 * the bed it happened in (in the patient's history, maybe another bed).
 */
export function AlarmHistory({ bedId, encounterId = null, onOpenStrip }: { bedId: string; encounterId?: string | null; onOpenStrip?: (alarmId: string, bedId: string) => void }) {
  const api = useVigilApi();
  const [scope, setScope] = useState<'patient' | 'bed'>('patient');
  const byPatient = scope === 'patient' && encounterId !== null;
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [range, setRange] = useState<{ fromUtc?: number; toUtc?: number }>({});
  const [rangeError, setRangeError] = useState<string | null>(null);

  const fetchPage = useMemo<PageFetcher>(
    () => (afterSeq) =>
      byPatient
        ? stationRequest(api, 'census:alarm-history', patientHistoryRequest(encounterId!, range, afterSeq))
        : stationRequest(api, 'bed:alarm-history', alarmHistoryRequest(bedId, range, afterSeq)),
    [api, bedId, range, byPatient, encounterId],
  );
  const { loaded, loadMore, reload } = useKeysetRows(fetchPage);
  const entries = useMemo(() => loaded.rows.map(alarmHistoryEntry), [loaded.rows]);
  const beds = useUnitStore((s) => s.unit?.beds);
  const labels = useMemo(() => new Map(beds?.map((b) => [b.bedId, b.label])), [beds]);
  useReloadOnAlarmChange(bedId, range.toUtc === undefined && loaded.rows.length <= HISTORY_PAGE_SIZE, reload);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const outcome = timeRangeFrom(from, to);
    if (!outcome.ok) setRangeError(outcome.error);
    else {
      setRangeError(null);
      setRange(outcome.value);
    }
  };
  const clear = () => {
    setFrom('');
    setTo('');
    setRangeError(null);
    setRange({});
  };

  return (
    <section className="bed-section bed-history" data-testid="alarm-history" data-scope={byPatient ? 'patient' : 'bed'}>
      <h3>Alarm history</h3>
      {encounterId !== null && (
        <div className="history-scope" role="group" aria-label="Whose history">
          <button type="button" aria-pressed={byPatient} onClick={() => setScope('patient')} data-testid="history-scope-patient">
            This patient
          </button>
          <button type="button" aria-pressed={!byPatient} onClick={() => setScope('bed')} data-testid="history-scope-bed">
            This bed
          </button>
        </div>
      )}
      <form className="review-filters" onSubmit={apply}>
        <label>
          From
          <input type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} data-testid="history-from" />
        </label>
        <label>
          Before
          <input type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} data-testid="history-to" />
        </label>
        <button type="submit" data-testid="history-apply">
          Show
        </button>
        <button type="button" onClick={clear}>
          All times
        </button>
        <button type="button" onClick={reload} data-testid="history-refresh">
          Refresh
        </button>
        {rangeError && (
          <span className="review-error" role="alert">
            {rangeError}
          </span>
        )}
      </form>
      <table className="review-table history-table">
        <thead>
          <tr>
            <th scope="col">Local time</th>
            {byPatient && <th scope="col">Bed</th>}
            <th scope="col">Event</th>
            <th scope="col">Alarm</th>
            <th scope="col">Priority</th>
            <th scope="col">Who</th>
            <th scope="col">Notes</th>
            {onOpenStrip && <th scope="col">Waveforms</th>}
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} data-testid="history-row" data-action={e.action} data-alarm-id={e.alarmId ?? ''} className={`history-${e.action.replace('alarm.', '')}`}>
              <td className="history-time">{e.time}</td>
              {byPatient && <td data-testid="history-bed">{labels.get(e.bedId ?? '') ?? e.bedId}</td>}
              <td>{e.event}</td>
              <td title={e.alarmId ?? undefined}>{e.code}</td>
              <td className={e.priority ? `priority-${e.priority.toLowerCase()}` : undefined}>{e.priorityText}</td>
              <td>{e.who}</td>
              <td>{e.note}</td>
              {onOpenStrip && (
                <td>
                  {e.alarmId && e.action === 'alarm.onset' && (
                    <button type="button" onClick={() => onOpenStrip(e.alarmId!, e.bedId ?? bedId)} data-testid="history-strip">
                      Strip
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="history-footer">
        {loaded.incomplete && (
          <span className="review-error" role="status" data-testid="history-incomplete">
            History incomplete: this stay began or ended while the audit store was down; alarms around that change are shown once the fallback journal is imported.
          </span>
        )}
        {loaded.error && (
          <span className="review-error" role="alert">
            Could not load the history: {loaded.error}
          </span>
        )}
        {loaded.loading && <span>Loading…</span>}
        {!loaded.loading && loaded.complete && entries.length === 0 && <span>No alarms {byPatient ? 'for this patient' : 'on this bed'}{range.fromUtc !== undefined || range.toUtc !== undefined ? ' in this time range' : ''}.</span>}
        {!loaded.loading && !loaded.complete && (
          <button type="button" onClick={loadMore} data-testid="history-more">
            {loaded.error ? 'Retry' : 'Load older'}
          </button>
        )}
      </div>
    </section>
  );
}

/**
 * While the newest page is what is on screen, follow the bed's alarms: when
 * one starts, is acknowledged or ends, read the history again. The short
 * wait lets the station's (batched) audit write land first; a user who has
 * paged back in time is left where they are.
 */
function useReloadOnAlarmChange(bedId: string, following: boolean, reload: () => void): void {
  const alarmKey = useAlarmStore((s) =>
    s.alarms
      .filter((a) => a.bedId === bedId)
      .map((a) => `${a.alarmId}:${a.state}:${a.escalationLevel}`)
      .join(','),
  );
  const previous = useRef(alarmKey);
  const followingNow = useRef(following);
  useEffect(() => {
    followingNow.current = following;
  }, [following]);
  useEffect(() => {
    if (previous.current === alarmKey) return;
    previous.current = alarmKey;
    const timer = setTimeout(() => {
      if (followingNow.current) reload();
    }, 750);
    return () => clearTimeout(timer);
  }, [alarmKey, reload]);
}
