import type { SignedAuditHead } from '../../../../shared/protocol/audit-heads';
import type { SqliteDatabase } from '../../storage/open-database';
import { headSignatureValid } from '../signing/head-signature';
import type { ChainIdentity } from './chain-identity';
import { readPruneAnchor } from './chain-meta';

/**
 * Checks of the chain against things outside it: the heads the station
 * signed (in audit_signed_head, in the last-head file beside the key) and
 * the heads the back end holds. The hash walk (verify-chain.ts) proves the
 * rows are consistent with each other; these prove they are the rows that
 * were signed, which someone who recomputes every hash cannot fake without
 * the key, nor, for what the back end has seen, even with it.
 */
export type AnchorReason = 'signature-invalid' | 'head-mismatch' | 'truncated' | 'replaced' | 'key-mismatch';

export type AnchorCheck = { ok: true; checkedHeads: number } | { ok: false; brokenAtSeq: number; reason: AnchorReason; detail: string };

export type Continuation = 'continues' | 'pruned' | 'truncated' | 'rewritten' | 'other-chain';

/** Does this database still hold the row a signed head names, with that hash? */
export function continuation(db: SqliteDatabase, identity: ChainIdentity, head: { chainId: string; seq: number; hash: string }): Continuation {
  if (head.chainId !== identity.chainId) return 'other-chain';
  const hash = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(head.seq) as string | undefined;
  if (hash === head.hash) return 'continues';
  if (hash !== undefined) return 'rewritten';
  const anchor = readPruneAnchor(db);
  if (anchor && head.seq > 1 && head.seq < anchor.anchorSeq) return 'pruned';
  return 'truncated';
}

function short(id: string): string {
  return id.slice(0, 12);
}

/** Explains a head the database does not continue, in words for IT. */
export function describeBreak(c: Continuation, head: { chainId: string; seq: number }, whose: string): { reason: AnchorReason; detail: string } {
  if (c === 'truncated') return { reason: 'truncated', detail: `${whose} seq ${head.seq} is missing from the database (rows deleted)` };
  if (c === 'rewritten') return { reason: 'head-mismatch', detail: `the row at seq ${head.seq} differs from the one ${whose} (rows rewritten)` };
  return { reason: 'replaced', detail: `the database is not the chain ${short(head.chainId)} ${whose} (database replaced)` };
}

/**
 * Every head in audit_signed_head: signed by `publicKey`, matching the row it
 * names, and that row still linked to the row before it (so a rewrite
 * re-hashed up to, but not through, a signed head is found too, without
 * walking the whole chain).
 */
export function checkSignedHeads(db: SqliteDatabase, identity: ChainIdentity, publicKey: string): AnchorCheck {
  const rows = db.prepare('SELECT seq, hash, utc_ms AS utcMs, station_id AS stationId, chain_id AS chainId, key_id AS keyId, signature FROM audit_signed_head ORDER BY seq').all() as SignedAuditHead[];
  const rowAt = db.prepare('SELECT hash, prev_hash AS prevHash FROM audit_log WHERE seq = ?');
  for (const head of rows) {
    if (!headSignatureValid(head, publicKey)) {
      return { ok: false, brokenAtSeq: head.seq, reason: 'signature-invalid', detail: `the signed head at seq ${head.seq} was not signed by this station's key` };
    }
    const c = continuation(db, identity, head);
    if (c === 'continues') {
      const before = rowAt.get(head.seq - 1) as { hash: string } | undefined;
      const row = rowAt.get(head.seq) as { prevHash: string };
      if (before && before.hash !== row.prevHash) {
        return { ok: false, brokenAtSeq: head.seq, reason: 'head-mismatch', detail: `seq ${head.seq} (a signed head) no longer links to seq ${head.seq - 1} (rows rewritten)` };
      }
    } else if (c !== 'pruned') {
      return { ok: false, brokenAtSeq: head.seq, ...describeBreak(c, head, 'that this station signed at') };
    }
  }
  return { ok: true, checkedHeads: rows.length };
}

/**
 * The heads the back end holds for this station. Ours (this chain, signed
 * with this chain's key) must all be in the database. Of the other chains,
 * the most recent must be the one this chain's genesis row says it replaced,
 * up to at least the back end's last head of it: otherwise rows the back end
 * saw were lost without anyone accounting for them.
 */
export function checkBackEndHeads(db: SqliteDatabase, identity: ChainIdentity, heads: readonly SignedAuditHead[]): AnchorCheck & { ignored?: number } {
  let checked = 0;
  let ignored = 0;
  const others = new Map<string, SignedAuditHead>();
  for (const head of heads) {
    if (head.chainId !== identity.chainId) {
      const newest = others.get(head.chainId);
      if (!newest || head.seq > newest.seq) others.set(head.chainId, head);
      continue;
    }
    // A head we cannot have signed is not evidence about our rows (the back end's problem, counted).
    if (!identity.publicKey || !headSignatureValid(head, identity.publicKey)) {
      ignored++;
      continue;
    }
    const c = continuation(db, identity, head);
    if (c !== 'continues' && c !== 'pruned') return { ok: false, brokenAtSeq: head.seq, ...describeBreak(c, head, 'the back end holds for') };
    checked++;
  }
  const previous = [...others.values()].sort((a, b) => b.utcMs - a.utcMs)[0];
  if (previous) {
    const named = identity.replaces;
    if (!named || named.chainId !== previous.chainId) {
      return { ok: false, brokenAtSeq: 1, reason: 'replaced', detail: `the back end holds chain ${short(previous.chainId)} up to seq ${previous.seq}, which this database neither continues nor replaces (database replaced)` };
    }
    if (named.seq < previous.seq) {
      return { ok: false, brokenAtSeq: 1, reason: 'truncated', detail: `this chain replaced chain ${short(previous.chainId)} at seq ${named.seq}, but the back end holds it up to seq ${previous.seq} (rows lost)` };
    }
  }
  return { ok: true, checkedHeads: checked, ignored };
}
