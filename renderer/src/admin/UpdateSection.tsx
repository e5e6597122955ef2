import { useState } from 'react';
import { formatLocalDateTime } from '../review/local-time';
import { useUpdateStatus } from './use-update-status';

const PHASE_TEXT: Record<string, string> = {
  off: 'Off',
  unavailable: 'Unavailable',
  idle: 'Up to date',
  checking: 'Checking…',
  downloading: 'Downloading',
  ready: 'Ready to install',
  failed: 'Failed',
  restarting: 'Restarting…',
};

/**
 * In-app updates on the station status screen. A downloaded version waits
 * for an admin: "Restart to update" is offered only while no alarm is
 * listed and nobody else is signed in, asks for confirmation, and the
 * station checks both again (and audits the restart) before it quits.
 */
export function UpdateSection() {
  const { status, error, restart } = useUpdateStatus();
  const [confirming, setConfirming] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);

  if (!status) return error ? <p className="review-error">Updates: {error}</p> : null;
  const confirm = async () => {
    setConfirming(false);
    setRefusal(await restart());
  };
  return (
    <section className="admin-section" data-testid="admin-updates">
      <h3>Software update</h3>
      <table className="review-table">
        <tbody>
          <tr>
            <th scope="row">This version</th>
            <td>{status.currentVersion}</td>
          </tr>
          <tr>
            <th scope="row">Update</th>
            <td data-testid="update-phase" data-phase={status.phase}>
              {PHASE_TEXT[status.phase] ?? status.phase}
              {status.availableVersion && ` – ${status.availableVersion}`}
              {status.phase === 'downloading' && status.downloadPercent !== null && ` (${Math.round(status.downloadPercent)} %)`}
            </td>
          </tr>
          {status.detail && (
            <tr>
              <th scope="row">Why</th>
              <td className="admin-reason">{status.detail}</td>
            </tr>
          )}
          {status.lastCheckedAt !== null && (
            <tr>
              <th scope="row">Last checked</th>
              <td>{formatLocalDateTime(status.lastCheckedAt)}</td>
            </tr>
          )}
        </tbody>
      </table>
      {status.phase === 'ready' && (
        <div className="update-restart">
          {!confirming ? (
            <button type="button" disabled={!status.restart.allowed} onClick={() => setConfirming(true)} data-testid="update-restart">
              Restart to update
            </button>
          ) : (
            <div className="change-confirmation">
              <p>Restart Vigil Station now into version {status.availableVersion}? The wall is dark until it is back.</p>
              <div className="change-buttons">
                <button type="button" className="confirm-button" onClick={() => void confirm()}>
                  Restart now
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            </div>
          )}
          {!status.restart.allowed && <p className="review-hint">Not now: {status.restart.reasons.join('; ')}.</p>}
          {refusal && (
            <p className="review-error" role="alert">
              {refusal}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
