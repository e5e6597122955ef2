import { useCallback, useMemo, useState } from 'react';
import type { AuditReviewFilter, AuditReviewRow } from '../../../shared/audit/audit-review';
import { useVigilApi } from '../station/api-context';
import { stationRequest } from '../station/station-request';
import { usePanelStore } from '../store/panel-store';
import { auditPageRequest } from './audit-filter';
import { AuditExport } from './AuditExport';
import { AuditFilters } from './AuditFilters';
import { AuditRowDetail } from './AuditRowDetail';
import { AuditRowList } from './AuditRowList';
import { ChainStatus } from './ChainStatus';
import type { PageFetcher } from './keyset-row-loader';
import { ReviewDialog } from './ReviewDialog';
import { useKeysetRows } from './use-keyset-rows';

/**
 * Most rows one viewer holds: 50 000 rows of a few hundred bytes stay well
 * within memory and within the tallest scroll area browsers draw. Older rows
 * are reached by narrowing the time range.
 */
const MAX_LOADED_ROWS = 50_000;

/** The audit trail for charge nurses and IT: filter, read, verify, export. */
export function AuditViewer() {
  const api = useVigilApi();
  const close = usePanelStore((s) => s.close);
  const [filter, setFilter] = useState<AuditReviewFilter>({});
  const [selected, setSelected] = useState<AuditReviewRow | null>(null);
  const [statusKey, setStatusKey] = useState(0);
  const [reloads, setReloads] = useState(0);

  const fetchPage = useMemo<PageFetcher>(() => (afterSeq) => stationRequest(api, 'audit:query', auditPageRequest(filter, afterSeq)), [api, filter]);
  const { loaded, loadMore, reload } = useKeysetRows(fetchPage, MAX_LOADED_ROWS);

  const apply = useCallback((next: AuditReviewFilter) => {
    setSelected(null);
    setFilter(next);
  }, []);
  const refresh = useCallback(() => {
    reload();
    setReloads((n) => n + 1);
    setStatusKey((k) => k + 1);
  }, [reload]);
  // An export is itself audited: the chain head moved, the rows on screen did not.
  const exported = useCallback(() => setStatusKey((k) => k + 1), []);

  return (
    <ReviewDialog title="Audit log" variant="full" testId="audit-viewer" onClose={close} headerExtra={<ChainStatus refreshKey={statusKey} />}>
      <AuditFilters onApply={apply} />
      <div className="audit-toolbar">
        <span className="audit-total" data-testid="audit-total" data-total={loaded.total ?? ''}>
          {loaded.total === null ? (loaded.loading ? 'Counting…' : '') : `${loaded.total.toLocaleString()} matching rows`}
        </span>
        <span className="audit-loaded">{loaded.rows.length > 0 && `· ${loaded.rows.length.toLocaleString()} loaded, newest first`}</span>
        <button type="button" onClick={refresh} data-testid="audit-refresh">
          Refresh
        </button>
        <AuditExport filter={filter} onExported={exported} />
      </div>
      <div className="audit-main">
        <AuditRowList key={`${JSON.stringify(filter)}#${reloads}`} loaded={loaded} loadMore={loadMore} selectedSeq={selected?.seq ?? null} onSelect={setSelected} />
        <AuditRowDetail row={selected} />
      </div>
    </ReviewDialog>
  );
}
