import type { SignedAuditHead } from '../../../../shared/protocol/audit-heads';
import type { SqliteDatabase } from '../../storage/open-database';
import type { KnownHead } from '../signing/head-file';
import { readChainIdentity } from './chain-identity';
import { checkBackEndHeads, checkSignedHeads, continuation, describeBreak, type AnchorReason } from './verify-anchors';
import { verifyChain, verifyChainInSlices, type ChainBreakReason, type ChainVerification, type VerifyChainOptions } from './verify-chain';

/**
 * Everything a verification proves, in one answer: the hash walk over the
 * whole chain (from the genesis row, not from a checkpoint), every signed
 * head, the last head kept beside the key, and, when given, the heads the
 * back end holds. The app's Verify button, the daily verification and the
 * `vigil-station --verify-audit` (`npm run audit -- verify`) all run this.
 */
export type FullVerification =
  | {
      ok: true;
      checkedRows: number;
      firstSeq: number | null;
      lastSeq: number | null;
      lastHash: string | null;
      signedHeads: number;
      /** null: no back-end heads were available to compare with. */
      backEndHeads: number | null;
      /** The key the signatures were checked with, and where that trust came from. */
      publicKey: string | null;
    }
  | { ok: false; brokenAtSeq: number; reason: ChainBreakReason | AnchorReason | 'unsigned'; detail: string; checkedRows: number };

/** What a verification answers: a full one (above), or a walk from the checkpoint only. */
export type Verification = FullVerification | ChainVerification;

export interface FullVerificationOptions extends Pick<VerifyChainOptions, 'fromSeq' | 'toSeq' | 'onProgress'> {
  /**
   * The key heads must be signed with, from outside the database (the station
   * key, or a copy IT kept). Without it the chain's own key is used, which
   * proves nothing against someone who replaced the whole file.
   */
  trustedPublicKey: string | null;
  knownHead: KnownHead;
  backEndHeads: readonly SignedAuditHead[] | null;
}

type Anchors = { ok: true; signedHeads: number; backEndHeads: number | null; publicKey: string | null } | Extract<FullVerification, { ok: false }>;

function checkAnchors(db: SqliteDatabase, options: FullVerificationOptions, checkedRows: number): Anchors {
  const identity = readChainIdentity(db);
  if (!identity) return { ok: false, brokenAtSeq: 1, reason: 'genesis-invalid', detail: 'the chain has no genesis row', checkedRows };
  const publicKey = options.trustedPublicKey ?? identity.publicKey;
  if (options.trustedPublicKey && identity.publicKey && identity.publicKey !== options.trustedPublicKey) {
    return { ok: false, brokenAtSeq: identity.keySeq ?? 1, reason: 'key-mismatch', detail: `the chain names key ${identity.keyId ?? '?'}, not the station's (database replaced)`, checkedRows };
  }
  if (options.trustedPublicKey && !identity.publicKey) {
    return { ok: false, brokenAtSeq: 1, reason: 'unsigned', detail: 'the chain names no signing key, but this station has one (database replaced)', checkedRows };
  }
  let signedHeads = 0;
  if (publicKey) {
    const heads = checkSignedHeads(db, identity, publicKey);
    if (!heads.ok) return { ...heads, checkedRows };
    signedHeads = heads.checkedHeads;
  }
  const known = options.knownHead;
  if (known.state === 'invalid') return { ok: false, brokenAtSeq: 1, reason: 'signature-invalid', detail: `the last signed head ${known.reason}`, checkedRows };
  if (known.state === 'no-chain-yet' && publicKey && known.publicKey !== publicKey) {
    return { ok: false, brokenAtSeq: 1, reason: 'key-mismatch', detail: 'the key folder holds another key than the chain', checkedRows };
  }
  if (known.state === 'valid') {
    if (publicKey && known.publicKey !== publicKey) return { ok: false, brokenAtSeq: 1, reason: 'key-mismatch', detail: 'the last signed head was signed by another key', checkedRows };
    const c = continuation(db, identity, known.head);
    const replacedByIt = c === 'other-chain' && identity.replaces?.chainId === known.head.chainId && identity.replaces.seq === known.head.seq && identity.replaces.hash === known.head.hash;
    if (c !== 'continues' && c !== 'pruned' && !replacedByIt) return { ok: false, brokenAtSeq: known.head.seq, ...describeBreak(c, known.head, 'the last head this station signed, at'), checkedRows };
  }
  let backEndHeads: number | null = null;
  if (options.backEndHeads) {
    const result = checkBackEndHeads(db, identity, options.backEndHeads);
    if (!result.ok) return { ...result, checkedRows };
    backEndHeads = result.checkedHeads;
  }
  return { ok: true, signedHeads, backEndHeads, publicKey };
}

/** In the writer thread: the walk yields between chunks, so appends carry on. */
export async function verifyFully(db: SqliteDatabase, options: FullVerificationOptions): Promise<FullVerification> {
  const chain = await verifyChainInSlices(db, options);
  if (!chain.ok) return chain;
  const anchors = checkAnchors(db, options, chain.checkedRows);
  return anchors.ok ? { ...chain, ...anchors } : anchors;
}

/** For the CLI: the same, in one go. */
export function verifyFullySync(db: SqliteDatabase, options: FullVerificationOptions): FullVerification {
  const chain = verifyChain(db, options);
  if (!chain.ok) return chain;
  const anchors = checkAnchors(db, options, chain.checkedRows);
  return anchors.ok ? { ...chain, ...anchors } : anchors;
}
