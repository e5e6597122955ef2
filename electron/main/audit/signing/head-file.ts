import { sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SignedAuditHead } from '../../../../shared/protocol/audit-heads';
import { headSignatureValid, verifySignature } from './head-signature';
import { writeFileDurably } from '../../storage/durable-file';

/**
 * The last head the station signed, kept beside the key (not in the
 * database): at start the database must continue it, so a deleted,
 * replaced or truncated audit.sqlite is found before anything is written.
 * Replaced atomically at every signature (writeFileDurably).
 */
export type KnownHead =
  | { state: 'missing' }
  // Written with a new key, before any chain: a missing database is then a new station, not a deleted trail.
  | { state: 'no-chain-yet'; keyId: string; publicKey: string }
  | { state: 'valid'; head: SignedAuditHead; publicKey: string }
  | { state: 'invalid'; reason: string };

const FORMAT = 'vigil-audit-last-head/1';

function noChainPayload(stationId: string, keyId: string, createdUtc: number): string {
  return ['vigil-audit-no-chain-yet/1', stationId, keyId, String(createdUtc)].join('\x1f');
}
const HEX64 = /^[0-9a-f]{64}$/;

/** Hand-written shape check: this runs in the writer thread, which bundles no zod. */
export function isSignedHead(value: unknown): value is SignedAuditHead {
  const h = value as Record<string, unknown> | null;
  return (
    typeof h === 'object' &&
    h !== null &&
    typeof h['stationId'] === 'string' &&
    typeof h['chainId'] === 'string' &&
    HEX64.test(h['chainId']) &&
    typeof h['keyId'] === 'string' &&
    /^[0-9a-f]{16}$/.test(h['keyId']) &&
    Number.isSafeInteger(h['seq']) &&
    (h['seq'] as number) > 0 &&
    typeof h['hash'] === 'string' &&
    HEX64.test(h['hash']) &&
    Number.isSafeInteger(h['utcMs']) &&
    typeof h['signature'] === 'string'
  );
}

export function readHeadFile(file: string): KnownHead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'invalid', reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  let content: { format?: unknown; publicKey?: unknown; head?: unknown; noChainYet?: { stationId?: unknown; keyId?: unknown; createdUtc?: unknown; signature?: unknown } };
  try {
    content = JSON.parse(text) as typeof content;
  } catch {
    return { state: 'invalid', reason: 'is not JSON' };
  }
  const none = content.noChainYet;
  if (content.format === FORMAT && typeof content.publicKey === 'string' && content.head === null && none) {
    const { stationId, keyId, createdUtc, signature } = none;
    const valid =
      typeof stationId === 'string' &&
      typeof keyId === 'string' &&
      Number.isSafeInteger(createdUtc) &&
      typeof signature === 'string' &&
      verifySignature(noChainPayload(stationId, keyId, createdUtc as number), signature, content.publicKey);
    return valid ? { state: 'no-chain-yet', keyId: keyId as string, publicKey: content.publicKey } : { state: 'invalid', reason: 'has a signature that does not verify' };
  }
  if (content.format !== FORMAT || typeof content.publicKey !== 'string' || !isSignedHead(content.head)) return { state: 'invalid', reason: 'is not a signed head' };
  if (!headSignatureValid(content.head, content.publicKey)) return { state: 'invalid', reason: 'has a signature that does not verify' };
  return { state: 'valid', head: content.head, publicKey: content.publicKey };
}

export function writeHeadFile(file: string, head: SignedAuditHead, publicKey: string): void {
  writeFileDurably(file, `${JSON.stringify({ format: FORMAT, publicKey, head }, null, 2)}\n`);
}

/** With a new key: "this key has signed no chain yet", signed, so a later start can tell a new station from a deleted trail. */
export function writeNoChainYet(file: string, key: { stationId: string; keyId: string; publicKey: string; privateKey: KeyObject }, createdUtc: number): void {
  const signature = sign(null, Buffer.from(noChainPayload(key.stationId, key.keyId, createdUtc), 'utf8'), key.privateKey).toString('base64');
  const noChainYet = { stationId: key.stationId, keyId: key.keyId, createdUtc, signature };
  writeFileDurably(file, `${JSON.stringify({ format: FORMAT, publicKey: key.publicKey, head: null, noChainYet }, null, 2)}\n`);
}
