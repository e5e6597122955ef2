import type { SqliteDatabase } from '../../storage/open-database';
import type { ChainIdentity } from './chain-identity';
import { headSeq, readCheckpoint, readPruneAnchor } from './chain-meta';
import { checkSignedHeads, type AnchorReason } from './verify-anchors';
import { verifyChain, type ChainBreakReason, type ChainVerification } from './verify-chain';

export type StartupCheck = ChainVerification | { ok: false; brokenAtSeq: number; reason: AnchorReason; detail: string; checkedRows: number };

/**
 * What the store checks before accepting writes, in milliseconds even at
 * millions of rows (a full walk runs in the background afterwards, see
 * audit-store.ts): the genesis row; every signed head (signature, the row it
 * names and that row's link), so a rewrite re-hashed through a signed head
 * is found here; every row after the last signed head, which no signature
 * covers yet (at least the last `tailRows`); and the checkpoint row of the
 * last full verification. The middle of the chain between signed heads is
 * the background walk's.
 */
export function checkChainAtStartup(db: SqliteDatabase, tailRows: number, anchors: { identity: ChainIdentity | null; publicKey: string | null }): StartupCheck {
  const genesis = verifyChain(db, { fromSeq: 1, toSeq: 1 });
  if (!genesis.ok) return genesis;
  if (anchors.identity && anchors.publicKey) {
    const heads = checkSignedHeads(db, anchors.identity, anchors.publicKey);
    if (!heads.ok) return { ...heads, checkedRows: 0 };
  }
  const head = headSeq(db)!;
  const lastSigned = (db.prepare('SELECT max(seq) FROM audit_signed_head').pluck().get() as number | null) ?? 0;
  const from = Math.max(2, Math.min(head - tailRows + 1, lastSigned > 0 ? lastSigned : Number.MAX_SAFE_INTEGER));
  const tail = verifyChain(db, { fromSeq: from });
  if (!tail.ok) return tail;
  const checkpoint = readCheckpoint(db);
  if (checkpoint && checkpoint.seq > 1) {
    const anchor = readPruneAnchor(db);
    const pruned = anchor !== null && checkpoint.seq < anchor.anchorSeq;
    const hash = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(checkpoint.seq) as string | undefined;
    const reason: ChainBreakReason = hash === undefined ? 'gap' : 'hash-mismatch';
    if (!pruned && hash !== checkpoint.hash) {
      return { ok: false, brokenAtSeq: checkpoint.seq, reason, detail: hash === undefined ? 'the row of the last full verification is missing' : 'the row differs from the one recorded by an earlier full verification', checkedRows: 0 };
    }
  }
  return tail;
}
