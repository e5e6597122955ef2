import { ALARM_HISTORY_ACTIONS } from '../../../shared/audit/audit-actions';
import type { AuditRow } from '../audit/audit-row';
import type { StationAuditTrail } from '../station/station-audit';
import type { BedSpan } from './encounter-record';

/**
 * A patient's alarm history: the alarm rows of each bed they were in,
 * between the audit rows that put them there and took them out. Alarms stay
 * keyed by bed; the encounter's spans decide which belong to this patient,
 * by audit sequence (order), not by clock. Newest first, in keyset pages
 * like a bed's history: `afterSeq` continues below the last row shown.
 */
export async function patientAlarmHistory(
  audit: Pick<StationAuditTrail, 'query'>,
  spans: readonly BedSpan[],
  request: { fromUtc?: number | undefined; toUtc?: number | undefined; afterSeq?: number | undefined; limit: number },
): Promise<{ rows: AuditRow[]; nextAfterSeq: number | null }> {
  const pages = await Promise.all(
    spans.map(async (span) => {
      const upper = Math.min(request.afterSeq ?? Number.MAX_SAFE_INTEGER, span.toSeq ?? Number.MAX_SAFE_INTEGER);
      if (upper <= span.fromSeq + 1) return { rows: [] as AuditRow[], more: false };
      const page = await audit.query({ bedId: span.bedId, actions: ALARM_HISTORY_ACTIONS, fromUtc: request.fromUtc, toUtc: request.toUtc, afterSeq: upper, limit: request.limit });
      const rows = page.rows.filter((r) => r.seq > span.fromSeq && r.seq < upper);
      // A full page still inside the span may have more below it.
      return { rows, more: page.nextAfterSeq !== null && rows.length === page.rows.length };
    }),
  );
  const merged = pages.flatMap((p) => p.rows).sort((a, b) => b.seq - a.seq);
  const rows = merged.slice(0, request.limit);
  const more = merged.length > request.limit || pages.some((p) => p.more);
  return { rows, nextAfterSeq: more && rows.length > 0 ? rows[rows.length - 1]!.seq : null };
}
