import { basename } from 'node:path';
import type { SqliteDatabase } from '../../storage/open-database';
import { stringifySorted, type AuditDetailValue } from '../audit-details';
import type { PendingAuditEvent } from '../audit-row';
import type { WrittenSegment } from '../journal/fallback-journal';
import { checkJournal, sealedEntries, type JournalExpectations } from '../journal/journal-reader';

/**
 * Bringing a fallback-journal segment into the chain, once, verified. The
 * caller runs planImport() and then, inside ONE transaction, the rows it
 * yields and the audit.journal-imported row that names the segment, so a
 * crash leaves either all of it in the chain or none (then the next attempt
 * imports it whole); a segment whose audit.journal-imported row exists is
 * never imported again, whatever happened to the file afterwards.
 */
export type ImportPlan =
  | { kind: 'already-imported'; journalId: string }
  | { kind: 'rejected'; problem: string; line: number; detail: string; journalId: string | null; event: PendingAuditEvent }
  | { kind: 'import'; journalId: string; rows(): Generator<PendingAuditEvent>; summary(): PendingAuditEvent; counts: { entries: number; clinical: number; skippedInDoubt: number; unsealed: number } };

function detailsWith(details: string, extra: Record<string, AuditDetailValue>): string {
  let parsed: Record<string, AuditDetailValue> = {};
  try {
    parsed = JSON.parse(details) as Record<string, AuditDetailValue>;
  } catch {
    parsed = { unreadable_details: true };
  }
  return stringifySorted({ ...parsed, ...extra });
}

export function importedJournalIds(db: SqliteDatabase): Set<string> {
  const rows = db.prepare("SELECT details FROM audit_log WHERE action = 'audit.journal-imported'").pluck().all() as string[];
  const ids = new Set<string>();
  for (const details of rows) {
    try {
      const id = (JSON.parse(details) as { journal_id?: unknown }).journal_id;
      if (typeof id === 'string') ids.add(id);
    } catch {
      // A row that does not parse names no journal.
    }
  }
  return ids;
}

export function planImport(
  db: SqliteDatabase,
  request: { file: string; expect: JournalExpectations; written: WrittenSegment | null; nowUtc: number; monoMs: number },
): ImportPlan {
  const own = (action: 'audit.journal-imported' | 'audit.journal-rejected', details: Record<string, AuditDetailValue>): PendingAuditEvent => ({
    utcMs: request.nowUtc,
    monoMs: request.monoMs,
    userId: 'system',
    role: 'system',
    action,
    bedId: null,
    alarmId: null,
    details: stringifySorted(details),
  });
  const name = basename(request.file);
  const expect = { ...request.expect, requireSignature: request.expect.requireSignature && !(request.written?.unsigned ?? false) };
  const check = checkJournal(request.file, expect);
  const reject = (problem: string, line: number, detail: string, journalId: string | null): ImportPlan => ({
    kind: 'rejected',
    problem,
    line,
    detail,
    journalId,
    event: own('audit.journal-rejected', { file: name, journal_id: journalId, problem, line, detail: detail.slice(0, 160) }),
  });
  if (!check.ok) return reject(check.problem, check.line, check.detail, null);
  const journalId = check.header.journalId;
  if (importedJournalIds(db).has(journalId)) return { kind: 'already-imported', journalId };
  // Written by this run: its end must be where this run left it (a cut-off tail is a truncation).
  const written = request.written;
  if (written && (check.sealedThroughN < written.lastN || (check.lastN === written.lastN && check.lastHash !== written.lastHash))) {
    return reject('truncated', check.lastN, `the segment ends at line ${check.lastN}; this station sealed it up to line ${written.lastN}`, journalId);
  }

  const duplicate = db.prepare(
    `SELECT 1 FROM audit_log WHERE utc_ms = ? AND mono_ms = ? AND user_id = ? AND role = ? AND action = ?
       AND bed_id IS ? AND alarm_id IS ? AND details = ? LIMIT 1`,
  );
  const counts = { entries: 0, clinical: 0, skippedInDoubt: 0, unsealed: check.unsealedEntries };
  let firstUtc: number | null = null;
  let lastUtc: number | null = null;
  return {
    kind: 'import',
    journalId,
    counts,
    *rows() {
      for (const entry of sealedEntries(request.file, expect, check.sealedThroughN)) {
        const e = entry.event;
        // Sent to the store just before it failed in a way that leaves the commit unknown: it may be there already.
        if (entry.inDoubt && duplicate.get(e.utcMs, e.monoMs, e.userId, e.role, e.action, e.bedId, e.alarmId, e.details) !== undefined) {
          counts.skippedInDoubt++;
          continue;
        }
        counts.entries++;
        if (entry.clinical) counts.clinical++;
        firstUtc ??= e.utcMs;
        lastUtc = e.utcMs;
        yield { ...e, details: detailsWith(e.details, { journal_id: journalId, journal_line: entry.n }) };
      }
    },
    summary: () =>
      own('audit.journal-imported', {
        file: name,
        journal_id: journalId,
        entries: counts.entries,
        clinical: counts.clinical,
        skipped_in_doubt: counts.skippedInDoubt,
        unsealed_tail: counts.unsealed,
        torn_tail: check.tornTail,
        signed: check.header.publicKey !== null,
        first_utc_ms: firstUtc,
        last_utc_ms: lastUtc,
        last_line_hash: check.lastHash,
      }),
  };
}
