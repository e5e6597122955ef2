import { useState } from 'react';
import type { AuditExportResult, AuditReviewFilter } from '../../../shared/audit/audit-review';
import { useVigilApi } from '../station/api-context';
import { stationRequest } from '../station/station-request';

/**
 * Exports the applied filter. The station writes the file and a hash
 * manifest; this shows where, and the manifest's figures, so the person
 * exporting can note them down with the file they hand over.
 */
export function AuditExport({ filter, onExported }: { filter: AuditReviewFilter; onExported(): void }) {
  const api = useVigilApi();
  const [busy, setBusy] = useState<'csv' | 'json' | null>(null);
  const [result, setResult] = useState<AuditExportResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (format: 'csv' | 'json') => {
    setBusy(format);
    setError(null);
    setResult(null);
    const outcome = await stationRequest(api, 'audit:export', { filter, format });
    setBusy(null);
    if (!outcome.ok) setError(outcome.error);
    else {
      setResult(outcome.value);
      onExported();
    }
  };

  return (
    <div className="audit-export">
      <div className="audit-export-buttons">
        <button type="button" onClick={() => run('csv')} disabled={busy !== null} data-testid="export-csv">
          {busy === 'csv' ? 'Exporting…' : 'Export CSV'}
        </button>
        <button type="button" onClick={() => run('json')} disabled={busy !== null} data-testid="export-json">
          {busy === 'json' ? 'Exporting…' : 'Export JSON'}
        </button>
      </div>
      {error && (
        <span className="review-error" role="alert">
          Export failed: {error}
        </span>
      )}
      {result && <ExportManifest result={result} />}
    </div>
  );
}

function ExportManifest({ result }: { result: AuditExportResult }) {
  return (
    <dl className="export-manifest" data-testid="export-result" role="status">
      <dt>File</dt>
      <dd data-testid="export-file">{result.file}</dd>
      <dt>Manifest</dt>
      <dd data-testid="export-manifest-file">{result.manifestFile}</dd>
      <dt>Rows</dt>
      <dd data-testid="export-rows">{result.rowCount}</dd>
      <dt>First</dt>
      <dd>
        seq {result.firstSeq ?? '—'} <code data-testid="export-first-hash">{result.firstHash ?? ''}</code>
      </dd>
      <dt>Last</dt>
      <dd>
        seq {result.lastSeq ?? '—'} <code data-testid="export-last-hash">{result.lastHash ?? ''}</code>
      </dd>
      <dt>File SHA-256</dt>
      <dd>
        <code>{result.fileSha256}</code>
      </dd>
    </dl>
  );
}
