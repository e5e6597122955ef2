import type { SqliteDatabase } from '../../storage/open-database';
import type { AuditAction } from '../audit-actions';
import { AUDIT_COLUMNS, rowFromRecord, type AuditRow, type AuditRowRecord } from '../audit-row';
import { TIME_BACKWARDS_TOLERANCE_MS } from '../chain-format';

/** What the viewer filters on. fromUtc is inclusive, toUtc exclusive (ms since epoch). */
export interface AuditFilter {
  fromUtc?: number;
  toUtc?: number;
  bedId?: string;
  userId?: string;
  action?: AuditAction;
  /** Any of these actions (e.g. a bed's alarm history); combines with `action` by AND. */
  actions?: readonly AuditAction[];
  alarmId?: string;
}

export interface AuditQuery extends AuditFilter {
  /** The last seq of the previous page; the next page continues past it in `order`. */
  afterSeq?: number;
  limit: number;
  /** Default newest-first, the viewer's first page. */
  order?: 'newest-first' | 'oldest-first';
}

export interface AuditPage {
  rows: AuditRow[];
  /** Pass as afterSeq for the next page; null when this page was the last. */
  nextAfterSeq: number | null;
}

export const MAX_PAGE_ROWS = 1_000;

/**
 * Turns a utc range into a seq range without scanning: the writer keeps utc_ms
 * within TIME_BACKWARDS_TOLERANCE_MS of the running maximum, so one row older
 * than (from - tolerance) bounds everything before it, and one row newer than
 * (to + tolerance) bounds everything after it. Two O(log n) index probes let
 * every time-filtered query walk the primary key (or a (column, seq) index)
 * over just that stretch instead of sorting the whole utc range by seq.
 */
function seqBounds(db: SqliteDatabase, filter: AuditFilter): { above: number | null; below: number | null } {
  let above: number | null = null;
  let below: number | null = null;
  if (filter.fromUtc !== undefined) {
    const row = db.prepare('SELECT seq FROM audit_log WHERE utc_ms < ? ORDER BY utc_ms DESC LIMIT 1').get(filter.fromUtc - TIME_BACKWARDS_TOLERANCE_MS) as
      | { seq: number }
      | undefined;
    above = row?.seq ?? null;
  }
  if (filter.toUtc !== undefined) {
    const row = db.prepare('SELECT seq FROM audit_log WHERE utc_ms >= ? ORDER BY utc_ms ASC LIMIT 1').get(filter.toUtc + TIME_BACKWARDS_TOLERANCE_MS) as
      | { seq: number }
      | undefined;
    below = row?.seq ?? null;
  }
  return { above, below };
}

/**
 * WHERE clause shared by query, count and export. `forCount`: no ordering
 * to serve, so a time range is best read straight off the utc index.
 */
export function filterClause(db: SqliteDatabase, filter: AuditFilter, forCount = false): { sql: string; params: Array<string | number> } {
  const terms: string[] = [];
  const params: Array<string | number> = [];
  const add = (term: string, value: string | number | null | undefined) => {
    if (value === undefined || value === null) return;
    terms.push(term);
    params.push(value);
  };
  if (forCount) {
    add('utc_ms >= ?', filter.fromUtc);
    add('utc_ms < ?', filter.toUtc);
  } else {
    const { above, below } = seqBounds(db, filter);
    add('seq > ?', above);
    add('seq < ?', below);
    // Unary + keeps the planner off the utc index here: the seq bounds already narrow the walk.
    add('+utc_ms >= ?', filter.fromUtc);
    add('+utc_ms < ?', filter.toUtc);
  }
  add('bed_id = ?', filter.bedId);
  add('user_id = ?', filter.userId);
  // Spelled out (as a literal, not a parameter) so SQLite sees the query fits the partial user index.
  if (filter.userId !== undefined && filter.userId !== 'system') terms.push("user_id <> 'system'");
  add('action = ?', filter.action);
  if (filter.actions !== undefined) {
    // An empty list matches nothing, as a filter on "none of the actions" should.
    terms.push(filter.actions.length ? `action IN (${filter.actions.map(() => '?').join(', ')})` : '0');
    params.push(...filter.actions);
  }
  add('alarm_id = ?', filter.alarmId);
  return { sql: terms.length ? `WHERE ${terms.join(' AND ')}` : '', params };
}

function hasPruneTable(db: SqliteDatabase): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_prune'").get() !== undefined;
}

/** One keyset page (seq is the key, so paging stays O(page) at any depth). */
export function queryAudit(db: SqliteDatabase, query: AuditQuery): AuditPage {
  const limit = Math.max(1, Math.min(MAX_PAGE_ROWS, Math.floor(query.limit)));
  const newestFirst = (query.order ?? 'newest-first') === 'newest-first';
  const where = filterClause(db, query);
  let sql = where.sql;
  const params = [...where.params];
  if (query.afterSeq !== undefined) {
    sql += `${sql ? ' AND' : 'WHERE'} seq ${newestFirst ? '<' : '>'} ?`;
    params.push(query.afterSeq);
  }
  const records = db
    .prepare(`SELECT ${AUDIT_COLUMNS} FROM audit_log ${sql} ORDER BY seq ${newestFirst ? 'DESC' : 'ASC'} LIMIT ?`)
    .all(...params, limit + 1) as AuditRowRecord[];
  const more = records.length > limit;
  const rows = records.slice(0, limit).map(rowFromRecord);
  return { rows, nextAfterSeq: more ? rows[rows.length - 1]!.seq : null };
}

export function countAudit(db: SqliteDatabase, filter: AuditFilter): number {
  // Unfiltered: seqs are contiguous apart from pruned ranges, so no scan is needed.
  if (Object.values(filter).every((value) => value === undefined)) {
    const head = (db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number | null) ?? 0;
    const pruned = (hasPruneTable(db) ? (db.prepare('SELECT sum(to_seq - from_seq + 1) FROM audit_prune').pluck().get() as number | null) : null) ?? 0;
    return head - pruned;
  }
  const where = filterClause(db, filter, true);
  return (db.prepare(`SELECT count(*) AS n FROM audit_log ${where.sql}`).get(...where.params) as { n: number }).n;
}
