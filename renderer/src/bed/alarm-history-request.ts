import type { InvokeRequest } from '../../../shared/ipc/contract';

/** Rows per "Load more": a screenful or two; the history is read, not scrolled through. */
export const HISTORY_PAGE_SIZE = 50;

/** The `bed:alarm-history` request for one page of a bed's history in a time range. */
export function alarmHistoryRequest(
  bedId: string,
  range: { fromUtc?: number; toUtc?: number },
  afterSeq: number | undefined,
  limit = HISTORY_PAGE_SIZE,
): InvokeRequest<'bed:alarm-history'> {
  return { bedId, ...pageOf(range, afterSeq, limit) };
}

/** The same page of a patient's history (every bed of their stay). */
export function patientHistoryRequest(
  encounterId: string,
  range: { fromUtc?: number; toUtc?: number },
  afterSeq: number | undefined,
  limit = HISTORY_PAGE_SIZE,
): InvokeRequest<'census:alarm-history'> {
  return { encounterId, ...pageOf(range, afterSeq, limit) };
}

function pageOf(range: { fromUtc?: number; toUtc?: number }, afterSeq: number | undefined, limit: number) {
  return {
    ...(range.fromUtc !== undefined ? { fromUtc: range.fromUtc } : {}),
    ...(range.toUtc !== undefined ? { toUtc: range.toUtc } : {}),
    ...(afterSeq !== undefined ? { afterSeq } : {}),
    limit,
  };
}
