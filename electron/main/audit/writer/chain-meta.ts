import type { SqliteDatabase } from '../../storage/open-database';

/**
 * The two bookkeeping facts that live beside the chain: where the retained
 * chain resumes after pruning (the anchor) and the last row a full walk has
 * proven (the checkpoint). Schema v1 files have neither table.
 */
export interface PruneAnchor {
  fromSeq: number;
  toSeq: number;
  /** First retained row after the genesis row. */
  anchorSeq: number;
  /** hash of the last pruned row = prev_hash expected at anchorSeq. */
  anchorPrevHash: string;
  manifestSha256: string;
  /** seq of the audit.pruned row that vouches for this anchor. */
  auditSeq: number;
}

export interface VerifiedCheckpoint {
  seq: number;
  hash: string;
  verifiedUtcMs: number;
}

function hasTable(db: SqliteDatabase, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

export function readPruneAnchor(db: SqliteDatabase): PruneAnchor | null {
  if (!hasTable(db, 'audit_prune')) return null;
  const row = db
    .prepare(
      `SELECT from_seq AS fromSeq, to_seq AS toSeq, anchor_seq AS anchorSeq, anchor_prev_hash AS anchorPrevHash,
              manifest_sha256 AS manifestSha256, audit_seq AS auditSeq
       FROM audit_prune ORDER BY to_seq DESC LIMIT 1`,
    )
    .get() as PruneAnchor | undefined;
  return row ?? null;
}

export function readCheckpoint(db: SqliteDatabase): VerifiedCheckpoint | null {
  if (!hasTable(db, 'audit_checkpoint')) return null;
  const row = db.prepare('SELECT seq, hash, verified_utc_ms AS verifiedUtcMs FROM audit_checkpoint WHERE id = 1').get() as
    | VerifiedCheckpoint
    | undefined;
  return row ?? null;
}

/** Moves the checkpoint forward only: a partial re-walk never lowers it. */
export function advanceCheckpoint(db: SqliteDatabase, seq: number, hash: string, utcMs: number): void {
  db.prepare(
    `INSERT INTO audit_checkpoint (id, seq, hash, verified_utc_ms) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, verified_utc_ms = excluded.verified_utc_ms
     WHERE excluded.seq >= audit_checkpoint.seq`,
  ).run(seq, hash, utcMs);
}

export function headSeq(db: SqliteDatabase): number | null {
  const row = db.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number | null };
  return row.seq;
}
