import { AuditReviewFilterSchema, type AuditReviewFilter } from '../../../shared/audit/audit-review';
import { localInputToUtcMs } from './local-time';

/** The filter form as typed: every field a string, empty meaning "any". */
export interface AuditFilterDraft {
  from: string;
  to: string;
  bedId: string;
  userId: string;
  action: string;
  alarmId: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilterDraft = { from: '', to: '', bedId: '', userId: '', action: '', alarmId: '' };

export type FilterOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

const FIELD_LABEL: Record<string, string> = { fromUtc: 'From', toUtc: 'Before', bedId: 'Bed', userId: 'User', action: 'Action', alarmId: 'Alarm id' };

/** A local time range from two `datetime-local` values; `to` is exclusive, as in the API. */
export function timeRangeFrom(from: string, to: string): FilterOutcome<{ fromUtc?: number; toUtc?: number }> {
  const fromUtc = localInputToUtcMs(from);
  const toUtc = localInputToUtcMs(to);
  if (Number.isNaN(fromUtc)) return { ok: false, error: 'From is not a valid date and time' };
  if (Number.isNaN(toUtc)) return { ok: false, error: 'Before is not a valid date and time' };
  if (fromUtc !== null && toUtc !== null && fromUtc >= toUtc) return { ok: false, error: 'From must be earlier than Before' };
  return { ok: true, value: { ...(fromUtc !== null ? { fromUtc } : {}), ...(toUtc !== null ? { toUtc } : {}) } };
}

/**
 * The request filter for a draft, checked with the contract's own schema so
 * a mistake is named here, next to the field, rather than coming back as a
 * refused request (which the station also counts as rejected input).
 */
export function reviewFilterFrom(draft: AuditFilterDraft): FilterOutcome<AuditReviewFilter> {
  const range = timeRangeFrom(draft.from, draft.to);
  if (!range.ok) return range;
  const text = (value: string) => value.trim() || undefined;
  const candidate = {
    ...range.value,
    bedId: text(draft.bedId),
    userId: text(draft.userId),
    action: text(draft.action),
    alarmId: text(draft.alarmId),
  };
  const defined = Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined));
  const parsed = AuditReviewFilterSchema.safeParse(defined);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = FIELD_LABEL[String(issue.path[0])] ?? 'Filter';
  return { ok: false, error: `${field}: ${issue.message}` };
}

/** Rows per request: the most the contract allows, so a long walk takes the fewest round trips. */
export const AUDIT_PAGE_SIZE = 500;

/** The `audit:query` request for one keyset page of a filter. */
export function auditPageRequest(filter: AuditReviewFilter, afterSeq: number | undefined, limit = AUDIT_PAGE_SIZE) {
  return { filter, limit, ...(afterSeq !== undefined ? { afterSeq } : {}) };
}
