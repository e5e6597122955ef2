import type { SqliteDatabase } from '../../storage/open-database';
import { headSeq, readCheckpoint, readPruneAnchor } from './chain-meta';
import { verifyChain, type ChainVerification } from './verify-chain';

/**
 * What the store checks before accepting writes: the genesis row, the last
 * `tailRows` rows, and that the row an earlier full verification ended on is
 * still there with the same hash. Cheap (milliseconds), so it also runs on
 * every reopen after a failure; the middle of a long chain is covered by the
 * checkpoint and by verify() runs the app schedules.
 */
export function checkChainAtStartup(db: SqliteDatabase, tailRows: number): ChainVerification {
  const genesis = verifyChain(db, { fromSeq: 1, toSeq: 1 });
  if (!genesis.ok) return genesis;
  const head = headSeq(db)!;
  const tail = verifyChain(db, { fromSeq: Math.max(2, head - tailRows + 1) });
  if (!tail.ok) return tail;
  const checkpoint = readCheckpoint(db);
  if (checkpoint && checkpoint.seq > 1) {
    const anchor = readPruneAnchor(db);
    const pruned = anchor !== null && checkpoint.seq < anchor.anchorSeq;
    const hash = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(checkpoint.seq) as string | undefined;
    if (!pruned && hash === undefined) {
      return { ok: false, brokenAtSeq: checkpoint.seq, reason: 'gap', detail: 'the row of the last full verification is missing', checkedRows: 0 };
    }
    if (!pruned && hash !== checkpoint.hash) {
      return { ok: false, brokenAtSeq: checkpoint.seq, reason: 'hash-mismatch', detail: 'the row differs from the one recorded by an earlier full verification', checkedRows: 0 };
    }
  }
  return tail;
}
