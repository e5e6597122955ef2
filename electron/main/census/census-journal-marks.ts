import { AUDIT_ACTIONS, type AuditAction } from '../../../shared/audit/audit-actions';
import type { ClinicalRecord } from '../audit/durability-receipt';
import type { StationAuditTrail } from '../station/station-audit';
import type { AuditMark } from './census-plan';
import type { BedSpan, EncounterRecord, JournalMark } from './encounter-record';

/**
 * Census entries written while the audit store cannot write.
 *
 * A census change is a clinical action: with audit.sqlite unusable it is made
 * durable in the fallback journal and done, like an acknowledgement. But a
 * stay's bed spans are bounded by audit seqs (encounter-record.ts), and a
 * journal entry has none until the journal is imported into the trail. So
 * its mark keeps its journal line and, as its seq, the trail's head when it
 * was written: everything already in the trail is at or below it, and the
 * imported row lands above it, in call order with every other entry of the
 * outage (the journal takes everything while the store is down and is
 * imported whole, before anything newer). Once the store writes again, the
 * imported row is found by the journal id and line the import stamps on it
 * (`journal_id`, `journal_line`) and its seq replaces the bound.
 *
 * Until then a boundary is not known: a patient's history never guesses it
 * (patient-history.ts leaves the stretch out and says the list is
 * incomplete). A mark stays unresolved for good only if its row never
 * reaches the trail: a rejected (damaged or forged) journal segment, or an
 * entry the import skipped as already committed when the writer died with it
 * in flight.
 */

/** What a census step's audit entry became: a row in the trail, or a line in the fallback journal. */
export function auditMarkOf(record: ClinicalRecord, trailHeadSeq: number, wallNow: number): AuditMark {
  if (record.recordedIn === 'audit-trail') return { seq: record.row.seq, at: record.row.utcMs };
  return { seq: trailHeadSeq, at: wallNow, journal: { journalId: record.journal.journalId, line: record.journal.n } };
}

/** The census's own entries (a span boundary is always one of them). */
export const CENSUS_STEP_ACTIONS: readonly AuditAction[] = AUDIT_ACTIONS.filter((a) => a.startsWith('census.') && a !== 'census.loaded');

const PAGE_ROWS = 1_000;

export function hasJournalMarks(encounters: Iterable<EncounterRecord>): boolean {
  for (const e of encounters) for (const span of e.spans) if (span.fromJournal || span.toJournal) return true;
  return false;
}

/**
 * Replaces every journal mark whose row is now in the trail by that row's
 * seq. Reads the census's own rows above the lowest bound, oldest first
 * (a handful: census changes come a few an hour). Returns how many spans
 * changed; the caller saves them. Throws if the trail cannot be read (the
 * marks stay, and the next attempt tries again).
 */
export async function resolveJournalMarks(audit: Pick<StationAuditTrail, 'query'>, encounters: Iterable<EncounterRecord>): Promise<number> {
  const waiting = new Map<string, Array<(seq: number) => void>>();
  let lowest = Number.POSITIVE_INFINITY;
  const wait = (mark: JournalMark, bound: number, set: (seq: number) => void) => {
    const key = keyOf(mark.journalId, mark.line);
    waiting.set(key, [...(waiting.get(key) ?? []), set]);
    lowest = Math.min(lowest, bound);
  };
  for (const e of encounters) {
    for (const span of e.spans) {
      if (span.fromJournal) wait(span.fromJournal, span.fromSeq, (seq) => resolveFrom(span, seq));
      if (span.toJournal && span.toSeq !== null) wait(span.toJournal, span.toSeq, (seq) => resolveTo(span, seq));
    }
  }
  let changed = 0;
  let afterSeq = lowest;
  while (waiting.size > 0) {
    const page = await audit.query({ actions: CENSUS_STEP_ACTIONS, afterSeq, order: 'oldest-first', limit: PAGE_ROWS });
    for (const row of page.rows) {
      const where = journalLineOf(row.details);
      const setters = where && waiting.get(keyOf(where.journalId, where.line));
      if (!setters) continue;
      waiting.delete(keyOf(where.journalId, where.line));
      for (const set of setters) set(row.seq);
      changed += setters.length;
    }
    if (page.nextAfterSeq === null) break;
    afterSeq = page.nextAfterSeq;
  }
  return changed;
}

function resolveFrom(span: BedSpan, seq: number): void {
  span.fromSeq = seq;
  delete span.fromJournal;
}

function resolveTo(span: BedSpan, seq: number): void {
  span.toSeq = seq;
  delete span.toJournal;
}

function keyOf(journalId: string, line: number): string {
  return `${journalId}#${line}`;
}

/** The journal line an imported row came from (journal/import stamps it into the row's details). */
function journalLineOf(details: string): { journalId: string; line: number } | null {
  try {
    const parsed = JSON.parse(details) as { journal_id?: unknown; journal_line?: unknown };
    return typeof parsed.journal_id === 'string' && typeof parsed.journal_line === 'number' ? { journalId: parsed.journal_id, line: parsed.journal_line } : null;
  } catch {
    return null;
  }
}
