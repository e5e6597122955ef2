import { useCallback, useEffect, useState } from 'react';
import { PRIORITY_PREFIX } from '../../../shared/domain/alarm-condition';
import type { QuitCheck } from '../../../shared/domain/clinical-quit';
import { INVOKE_CHANNELS } from '../../../shared/ipc/contract';
import { ReviewDialog } from '../review/ReviewDialog';
import { useVigilApi } from '../station/api-context';
import { FALLBACK_JOURNAL_NOTICE, recordedInJournal } from '../station/recorded-in';
import { useAlarmStore } from '../store/alarm-store';
import { usePanelStore } from '../store/panel-store';

/**
 * Closing the station (File → Quit, Cmd-Q, the window's close button, or the
 * header's Close station): a charge nurse or admin must be signed in, and
 * sees every alarm this station would stop annunciating before confirming.
 * The station checks all of it again and audits the quit durably before it
 * stops; an alarm that appears meanwhile is added to the list here, and a
 * confirmation that did not name it is refused there.
 */
export function QuitDialog() {
  const api = useVigilApi();
  const close = usePanelStore((s) => s.close);
  const session = useAlarmStore((s) => s.session);
  const alarms = useAlarmStore((s) => s.alarms);
  const [check, setCheck] = useState<QuitCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Set once the station approved the quit; says where the quit was recorded when that was the fallback journal. */
  const [closing, setClosing] = useState<{ journaled: boolean } | null>(null);

  const refresh = useCallback(async () => {
    if (!api) return;
    const result = await api.invoke('station:quit-check', {});
    const parsed = result.ok ? INVOKE_CHANNELS['station:quit-check'].response.safeParse(result.value) : null;
    if (parsed?.success) setCheck(parsed.data);
    else setError(result.ok ? 'invalid answer from the station' : result.error);
  }, [api]);

  // Again whenever someone signs in or out here, or the alarms change: the list must be what the station would silence.
  useEffect(() => {
    void refresh();
  }, [refresh, session, alarms]);

  const confirm = async () => {
    if (!api || !check?.allowed) return;
    setError(null);
    const result = await api.invoke('station:quit', { alarmIds: check.alarms.map((a) => a.alarmId), confirmed: true });
    if (result.ok) setClosing({ journaled: recordedInJournal(result) });
    else {
      setError(result.error);
      void refresh();
    }
  };

  return (
    <ReviewDialog title="Close the station" variant="drawer-right" testId="quit-dialog" onClose={close}>
      {closing ? (
        <p role="status" data-testid="quit-closing">
          Closing the station…{closing.journaled && ` The quit is ${FALLBACK_JOURNAL_NOTICE}.`}
        </p>
      ) : check === null ? (
        <p>Checking…</p>
      ) : !check.allowed ? (
        <p className="review-error" role="alert" data-testid="quit-refused" data-reason={check.reason}>
          {check.message}
        </p>
      ) : (
        <>
          <p>
            Closing as <strong data-testid="quit-by">{check.by.displayName}</strong>. This station will stop annunciating{' '}
            {check.alarms.length === 0 ? 'alarms.' : `these ${check.alarms.length} alarm${check.alarms.length === 1 ? '' : 's'}:`}
          </p>
          {check.alarms.length === 0 ? (
            <p data-testid="quit-no-alarms">No alarms are active now.</p>
          ) : (
            <ul className="quit-alarms">
              {check.alarms.map((a) => (
                <li key={a.alarmId} data-testid="quit-alarm" data-priority={a.priority}>
                  {PRIORITY_PREFIX[a.priority]} {a.bedLabel ?? 'Unit'}: {a.message}
                  {a.acknowledged ? ' (acknowledged)' : ''}
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="quit-confirm" data-testid="confirm-quit" onClick={() => void confirm()}>
            Close the station
          </button>
        </>
      )}
      {error && (
        <p className="review-error" role="alert" data-testid="quit-error">
          {error}
        </p>
      )}
    </ReviewDialog>
  );
}
