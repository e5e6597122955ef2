import { useCallback, useEffect, useState } from 'react';
import type { AuditStatus } from '../../../shared/audit/audit-review';
import type { InvokeResponse } from '../../../shared/ipc/contract';
import { useVigilApi } from '../station/api-context';
import { stationRequest } from '../station/station-request';

type Verification = InvokeResponse<'audit:verify'>;

/** How often the progress of a running verification is read. */
const PROGRESS_POLL_MS = 300;

/**
 * How far the hash chain is proven, and a button to verify all of it now:
 * every row from the genesis row, every signed head and the heads the back
 * end holds, in the station's writer thread, with a progress bar (a million
 * rows take a few seconds). A broken chain is shown in full (where and why),
 * never summarised away: it means the trail was altered or damaged.
 */
export function ChainStatus({ refreshKey }: { refreshKey: number }) {
  const api = useVigilApi();
  const [status, setStatus] = useState<AuditStatus | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const result = await stationRequest(api, 'audit:status', {});
    if (result.ok) setStatus(result.value);
    else setError(result.error);
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh, refreshKey]);

  // While a verification runs (this one, or the daily one), show how far it has got.
  const running = status?.verification.running ?? null;
  useEffect(() => {
    if (!verifying && !running) return;
    const timer = setInterval(() => void refresh(), PROGRESS_POLL_MS);
    return () => clearInterval(timer);
  }, [verifying, running, refresh]);

  const verify = async () => {
    setVerifying(true);
    setError(null);
    const result = await stationRequest(api, 'audit:verify', {});
    setVerifying(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setVerification(result.value);
    await refresh();
  };

  return (
    <div className="chain-status" data-testid="chain-status">
      {status && (
        <span className="chain-verified" data-testid="chain-verified" data-verified-up-to={status.verifiedUpToSeq}>
          Chain verified up to seq {status.verifiedUpToSeq.toLocaleString()} of {status.headSeq.toLocaleString()}
        </span>
      )}
      {status && status.health !== 'ok' && <span className="review-badge review-badge--bad">AUDIT {status.health.toUpperCase()}</span>}
      <button type="button" onClick={verify} disabled={verifying} data-testid="verify-chain">
        {verifying ? 'Verifying…' : 'Verify now'}
      </button>
      {running && (
        <span className="verify-running" data-testid="verify-progress" data-done={running.done} data-total={running.total}>
          <progress className="verify-progress" value={running.done} max={Math.max(1, running.total)} aria-label="Verification progress" />{' '}
          {running.done.toLocaleString()} of {running.total.toLocaleString()} rows
        </span>
      )}
      {verification?.ok === true && (
        <span className="chain-ok" role="status" data-testid="verify-result">
          ✔ {verification.checkedRows.toLocaleString()} rows checked{verification.lastSeq !== null ? `, chain intact up to seq ${verification.lastSeq}` : ''}
          {verification.signedHeads !== undefined && `; ${verification.signedHeads.toLocaleString()} signed heads`}
          {verification.backEndHeads !== undefined && (verification.backEndHeads === null ? '; no back-end heads to compare' : `; ${verification.backEndHeads} back-end heads match`)}
        </span>
      )}
      {verification?.ok === false && (
        <span className="chain-broken" role="alert" data-testid="chain-broken">
          ✖ CHAIN BROKEN at seq {verification.brokenAtSeq}: {verification.reason} – {verification.detail}
        </span>
      )}
      {error && (
        <span className="review-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
