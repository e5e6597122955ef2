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
 *
 * A boundary still only in the fallback journal (census-journal-marks.ts)
 * is never guessed: rows on the unknown side of it are left out (they might
 * be the previous or next patient's) and the page says it is incomplete.
 */
export async function patientAlarmHistory(
  audit: Pick<StationAuditTrail, 'query'>,
  spans: readonly BedSpan[],
  request: { fromUtc?: number | undefined; toUtc?: number | undefined; afterSeq?: number | undefined; limit: number },
): Promise<{ rows: AuditRow[]; nextAfterSeq: number | null; incomplete: boolean }> {
  const incomplete = spans.some((s) => s.fromJournal !== undefined || s.toJournal !== undefined);
  const pages = await Promise.all(
    spans.map(async (span) => {
      // An unplaced start: every row above its bound may be before or after it.
      if (span.fromJournal) return { rows: [] as AuditRow[], more: false };
      // An unplaced end: rows up to its bound (the trail's head when it was written) are inside.
      const end = span.toSeq === null ? Number.MAX_SAFE_INTEGER : span.toJournal ? span.toSeq + 1 : span.toSeq;
      const upper = Math.min(request.afterSeq ?? Number.MAX_SAFE_INTEGER, end);
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
  return { rows, nextAfterSeq: more && rows.length > 0 ? rows[rows.length - 1]!.seq : null, incomplete };
}
