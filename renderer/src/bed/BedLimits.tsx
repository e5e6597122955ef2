import { useReducer, useState } from 'react';
import { LIMIT_PARAMETERS, PARAMETER_LABEL, type LimitParameter } from '../../../shared/alarms/limit-parameters';
import { PRIORITY_PREFIX } from '../../../shared/domain/alarm-condition';
import { useVigilApi } from '../station/api-context';
import { FALLBACK_JOURNAL_NOTICE, noteActionRecorded } from '../station/recorded-in';
import { stationRequest } from '../station/station-request';
import { ChangeConfirmation } from './ChangeConfirmation';
import { IDLE, changeFlow, isChangeInProgress } from './change-flow';
import { changeLines, changeRequest, type PendingChange } from './limit-change';
import { formatDelay, formatLimitValue, limitUnit } from './limit-format';
import { LimitEditor } from './LimitEditor';
import { ProfileChooser } from './ProfileChooser';
import { useBedLimits } from './use-bed-limits';

/**
 * The bed's limit profile and every parameter's limits. Anyone may look; a
 * session with limit-change may edit low/high or switch the profile, each
 * through a confirmation that shows before → after.
 */
export function BedLimits({ bedId, bedLabel, canChange }: { bedId: string; bedLabel: string; canChange: boolean }) {
  const api = useVigilApi();
  const { limits, error, reload } = useBedLimits(bedId);
  const [flow, dispatch] = useReducer(changeFlow, IDLE);
  const [editing, setEditing] = useState<LimitParameter | null>(null);
  const busy = isChangeInProgress(flow);

  const review = (change: PendingChange) => dispatch({ type: 'review', change });
  const confirm = async () => {
    if (flow.step !== 'confirming') return;
    dispatch({ type: 'confirm' });
    const { channel, request } = changeRequest(flow.change);
    const result = channel === 'limits:change' ? await stationRequest(api, channel, request) : await stationRequest(api, channel, request);
    if (result.ok) {
      setEditing(null);
      await reload();
      dispatch({ type: 'answered', ok: true, journaled: noteActionRecorded('Limits changed', result) });
    } else dispatch({ type: 'answered', ok: false, error: result.error });
  };

  return (
    <section className="bed-section bed-limits" data-testid="bed-limits">
      <h3>Alarm limits</h3>
      {error && (
        <p className="review-error" role="alert">
          Could not read the limits: {error}
        </p>
      )}
      {limits && (
        <>
          <ProfileChooser bedId={bedId} limits={limits} canChange={canChange} disabled={busy || editing !== null} onReview={review} />
          <table className="review-table limits-table">
            <thead>
              <tr>
                <th scope="col">Parameter</th>
                <th scope="col">Low</th>
                <th scope="col">High</th>
                <th scope="col">Extreme low</th>
                <th scope="col">Extreme high</th>
                <th scope="col">Priority</th>
                <th scope="col">Delay</th>
                <th scope="col">Extreme delay</th>
                {canChange && <th scope="col" aria-label="Actions" />}
              </tr>
            </thead>
            <tbody>
              {LIMIT_PARAMETERS.map((parameter) => {
                const p = limits.parameters[parameter];
                if (!p) return null;
                if (canChange && editing === parameter) {
                  return <LimitEditor key={parameter} bedId={bedId} parameter={parameter} current={p} disabled={busy} onReview={review} onCancel={() => setEditing(null)} />;
                }
                const unit = limitUnit(parameter);
                return (
                  <tr key={parameter} data-testid="limit-row" data-parameter={parameter}>
                    <th scope="row">
                      {PARAMETER_LABEL[parameter]} <span className="limit-unit">{unit}</span>
                    </th>
                    <td data-testid="limit-low">{formatLimitValue(parameter, p.low)}</td>
                    <td data-testid="limit-high">{formatLimitValue(parameter, p.high)}</td>
                    <td>{formatLimitValue(parameter, p.extremeLow)}</td>
                    <td>{formatLimitValue(parameter, p.extremeHigh)}</td>
                    <td>
                      {PRIORITY_PREFIX[p.priority]} {p.priority}
                    </td>
                    <td>{formatDelay(p.delayMs)}</td>
                    <td>{formatDelay(p.extremeDelayMs)}</td>
                    {canChange && (
                      <td>
                        <button type="button" onClick={() => setEditing(parameter)} disabled={busy || editing !== null} data-testid="edit-limit">
                          Edit
                        </button>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="review-hint">Extremes alarm at HIGH priority. A limit is the last acceptable value.</p>
        </>
      )}
      {(flow.step === 'confirming' || flow.step === 'saving') && (
        <ChangeConfirmation bedLabel={bedLabel} change={flow.change} saving={flow.step === 'saving'} onConfirm={confirm} onCancel={() => dispatch({ type: 'cancel' })} />
      )}
      {flow.step === 'done' && (
        <p className="change-done" role="status" data-testid="change-done">
          ✔ Done ({flow.journaled ? FALLBACK_JOURNAL_NOTICE : 'audited'}): {describe(flow.change)}
        </p>
      )}
      {flow.step === 'failed' && (
        <p className="review-error" role="alert" data-testid="change-error">
          Not changed: {flow.error}
        </p>
      )}
    </section>
  );
}

function describe(change: PendingChange): string {
  return changeLines(change)
    .filter((l) => l.changed)
    .map((l) => `${l.what} ${l.before} → ${l.after}`)
    .join('; ');
}
