import type { ConnectionDescription } from '../../../shared/domain/station-status';

const KIND: Record<ConnectionDescription['kind'], string> = { gateway: 'Hospital back end', 'hl7-devices': 'HL7 devices (PCD-01/PCD-04)', adt: 'ADT feed (admissions)' };

/**
 * Every connection as it describes itself (connections/connection.ts): one
 * shape for all – state, why it is down, what IT must act on (insecure
 * transport, a throttled sender: in red, announced), then its facts.
 */
export function ConnectionList({ connections }: { connections: readonly ConnectionDescription[] }) {
  if (connections.length === 0) return <p className="review-hint">No connections configured (the simulated unit needs none).</p>;
  return (
    <div className="admin-connections" data-testid="admin-connections">
      {connections.map((c) => (
        <div key={c.name} className="admin-connection" data-testid="admin-connection" data-connection={c.name} data-state={c.state}>
          <h4>
            {KIND[c.kind]} <span className={c.state === 'up' ? 'status-ok' : 'status-bad'}>{c.state.toUpperCase()}</span>
            {c.reason && <span className="admin-reason"> {c.reason}</span>}
          </h4>
          {c.warnings.map((w) => (
            <p key={w} className="status-bad" role="alert" data-testid="admin-connection-warning">
              {w}
            </p>
          ))}
          <table className="review-table">
            <FactRows facts={c.facts} />
          </table>
        </div>
      ))}
    </div>
  );
}

/** Label/value rows of operational facts (a connection's, the feed's). */
export function FactRows({ facts }: { facts: ReadonlyArray<{ label: string; value: string }> }) {
  return (
    <tbody>
      {facts.map((fact) => (
        <tr key={fact.label}>
          <th scope="row">{fact.label}</th>
          <td>{fact.value}</td>
        </tr>
      ))}
    </tbody>
  );
}
