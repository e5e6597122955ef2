import type { AuditReviewRow } from '../../../shared/audit/audit-review';
import { prettyDetails } from './audit-details';
import { formatLocalDateTime } from './local-time';

/** Every field of one row exactly as stored, with the hashes that chain it. */
export function AuditRowDetail({ row }: { row: AuditReviewRow | null }) {
  if (!row) {
    return (
      <aside className="audit-detail audit-detail--empty" data-testid="audit-detail">
        Select a row to see all its fields.
      </aside>
    );
  }
  const fields: Array<[string, string]> = [
    ['Seq', String(row.seq)],
    ['Local time', formatLocalDateTime(row.utcMs)],
    ['UTC', new Date(row.utcMs).toISOString()],
    ['Station', row.stationId],
    ['User', row.userId],
    ['Role', row.role],
    ['Action', row.action],
    ['Bed', row.bedId ?? '—'],
    ['Alarm', row.alarmId ?? '—'],
  ];
  return (
    <aside className="audit-detail" data-testid="audit-detail" data-seq={row.seq}>
      <dl className="audit-detail-fields">
        {fields.map(([name, value]) => (
          <div key={name} className="audit-detail-field">
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h3>Details</h3>
      <pre className="audit-detail-json" data-testid="audit-detail-json">
        {prettyDetails(row.details)}
      </pre>
      <h3>Previous hash</h3>
      <code className="audit-hash" data-testid="audit-prev-hash">
        {row.prevHash}
      </code>
      <h3>Hash</h3>
      <code className="audit-hash" data-testid="audit-hash">
        {row.hash}
      </code>
    </aside>
  );
}
