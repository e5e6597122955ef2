import { describeClockStep } from '../../../shared/domain/station-status';
import { usePanelStore } from '../store/panel-store';
import { formatLocalDateTime } from '../review/local-time';
import { ReviewDialog } from '../review/ReviewDialog';
import { AlarmFloodSection } from './AlarmFloodSection';
import { UpdateSection } from './UpdateSection';
import { useStationStatus } from './use-station-status';
import { ConnectionList, FactRows } from './ConnectionList';
import { PatientDisplayChooser } from './PatientDisplayChooser';

const DURABILITY_LABEL = {
  'audit-trail': 'the audit trail',
  'fallback-journal': 'the fallback journal (audit store unavailable)',
  refused: 'nowhere: clinical actions are refused',
} as const;

/**
 * For IT: is everything behind the wall healthy? Rejected input per source
 * and reason (a misconfigured gateway shows up here long before anyone
 * notices missing data), every connection as it describes itself (back
 * end, HL7 devices, ADT feed: state, security, what it refuses) and those
 * that are down, the wall's patient display mode, the audit trail's
 * health and chain, device alarm flood control, how many views are
 * attached, and every time someone set this computer's clock (nothing
 * clinical follows it, but IT must know).
 */
export function AdminStatus() {
  const close = usePanelStore((s) => s.close);
  const { status, error, updatedAt } = useStationStatus();

  return (
    <ReviewDialog
      title="Station status"
      variant="full"
      testId="admin-status"
      onClose={close}
      headerExtra={
        <span className="admin-updated" data-testid="admin-updated">
          {updatedAt ? `Updated ${formatLocalDateTime(updatedAt)}` : 'Loading…'}
        </span>
      }
    >
      {error && (
        <p className="review-error" role="alert">
          Could not refresh: {error}
        </p>
      )}
      {status && (
        <div className="admin-grid">
          <section className="admin-section">
            <h3>Station</h3>
            <table className="review-table">
              <tbody>
                <tr>
                  <th scope="row">Station id</th>
                  <td>{status.stationId}</td>
                </tr>
                <tr>
                  <th scope="row">Views attached</th>
                  <td data-testid="admin-views">{status.views}</td>
                </tr>
              </tbody>
            </table>
          </section>

          <section className="admin-section">
            <h3>Feed: {status.feed.kind === 'gateway' ? 'hospital back end' : 'simulated unit'}</h3>
            {status.feed.facts.length > 0 && (
              <table className="review-table" data-testid="admin-feed">
                <FactRows facts={status.feed.facts} />
              </table>
            )}
          </section>

          <section className="admin-section">
            <h3>Audit trail</h3>
            <table className="review-table">
              <tbody>
                <tr>
                  <th scope="row">Health</th>
                  <td className={status.audit.health === 'ok' ? 'status-ok' : 'status-bad'} data-testid="admin-audit-health">
                    {status.audit.health.toUpperCase()}
                  </td>
                </tr>
                <tr>
                  <th scope="row">Newest seq</th>
                  <td>{status.audit.headSeq}</td>
                </tr>
                <tr>
                  <th scope="row">Chain verified up to seq</th>
                  <td data-testid="admin-verified-up-to">{status.audit.verifiedUpToSeq}</td>
                </tr>
                <tr>
                  <th scope="row">Clinical actions recorded in</th>
                  <td className={status.audit.durability === 'audit-trail' ? 'status-ok' : 'status-bad'} data-testid="admin-audit-durability">
                    {DURABILITY_LABEL[status.audit.durability]}
                  </td>
                </tr>
              </tbody>
            </table>
            {status.audit.problems.length > 0 && (
              <table className="review-table" data-testid="admin-audit-problems">
                <thead>
                  <tr>
                    <th scope="col">File or folder</th>
                    <th scope="col">What is wrong</th>
                    <th scope="col">What to do</th>
                  </tr>
                </thead>
                <tbody>
                  {status.audit.problems.map((p) => (
                    <tr key={`${p.code}\u0000${p.path}`} data-testid="admin-audit-problem" data-code={p.code}>
                      <td className="admin-reason">{p.path}</td>
                      <td className="status-bad">{p.what}</td>
                      <td>{p.fix}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <UpdateSection />

          <section className="admin-section">
            <h3>Wall display</h3>
            <PatientDisplayChooser />
          </section>

          <section className="admin-section admin-section--wide">
            <h3>Connections</h3>
            <ConnectionList connections={status.connections} />
          </section>

          <section className="admin-section">
            <h3>Connections down</h3>
            {status.connectionsDown.length === 0 ? (
              <p className="status-ok" data-testid="admin-connections-ok">
                All connections up.
              </p>
            ) : (
              <table className="review-table" data-testid="admin-connections-down">
                <thead>
                  <tr>
                    <th scope="col">Connection</th>
                    <th scope="col">Reason</th>
                  </tr>
                </thead>
                <tbody>
                  {status.connectionsDown.map((c) => (
                    <tr key={c.name}>
                      <td className="status-bad">{c.name}</td>
                      <td>{c.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <AlarmFloodSection flood={status.alarmFlood} />

          <section className="admin-section">
            <h3>Clock changes</h3>
            {status.clockChanges.length === 0 ? (
              <p className="status-ok" data-testid="admin-clock-ok">
                The system clock has not been changed since the station started.
              </p>
            ) : (
              <table className="review-table" data-testid="admin-clock-changes">
                <thead>
                  <tr>
                    <th scope="col">When (after the change)</th>
                    <th scope="col">Change</th>
                  </tr>
                </thead>
                <tbody>
                  {status.clockChanges.map((c) => (
                    <tr key={`${c.at}:${c.stepMs}`} data-testid="admin-clock-change">
                      <td>{formatLocalDateTime(c.at)}</td>
                      <td className="status-bad">{describeClockStep(c.stepMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section className="admin-section admin-section--wide">
            <h3>
              Rejected input: <span data-testid="admin-rejected-total">{status.rejections.total}</span>
            </h3>
            {status.rejections.bySourceAndReason.length === 0 ? (
              <p>Nothing rejected since the station started.</p>
            ) : (
              <table className="review-table" data-testid="admin-rejections">
                <thead>
                  <tr>
                    <th scope="col">Source</th>
                    <th scope="col">Reason</th>
                    <th scope="col" className="numeric-cell">
                      Count
                    </th>
                    <th scope="col">Last</th>
                  </tr>
                </thead>
                <tbody>
                  {status.rejections.bySourceAndReason.map((r) => (
                    <tr key={`${r.source}\u0000${r.reason}`} data-testid="admin-rejection" data-source={r.source}>
                      <td>{r.source}</td>
                      <td className="admin-reason">{r.reason}</td>
                      <td className="numeric-cell" data-testid="admin-rejection-count">
                        {r.count}
                      </td>
                      <td>{formatLocalDateTime(r.lastAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
    </ReviewDialog>
  );
}
