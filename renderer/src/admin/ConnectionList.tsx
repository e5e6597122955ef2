import type { ConnectionDescription } from '../../../shared/domain/station-status';

const KIND: Record<ConnectionDescription['kind'], string> = { gateway: 'Hospital back end', 'hl7-devices': 'HL7 devices (PCD-01/PCD-04)', adt: 'ADT feed (admissions)' };

/** Every connection as it describes itself (connections/connection.ts): one shape for all. */
export function ConnectionList({ connections }: { connections: readonly ConnectionDescription[] }) {
  if (connections.length === 0) return <p className="review-hint">No connections configured (the simulated unit needs none).</p>;
  return (
    <div className="admin-connections" data-testid="admin-connections">
      {connections.map((c) => (
        <table key={c.name} className="review-table" data-testid="admin-connection" data-connection={c.name} data-state={c.state}>
          <caption>
            {KIND[c.kind]} <span className={c.state === 'up' ? 'status-ok' : 'status-bad'}>{c.state.toUpperCase()}</span>
            {c.reason && <span className="admin-reason"> {c.reason}</span>}
          </caption>
          <FactRows facts={c.facts} />
          {c.warnings.length > 0 && (
            <tfoot>
              {c.warnings.map((w) => (
                <tr key={w}>
                  <td colSpan={2} className="status-bad" data-testid="admin-connection-warning">
                    {w}
                  </td>
                </tr>
              ))}
            </tfoot>
          )}
        </table>
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
