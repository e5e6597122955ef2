import { sign, verify, type KeyObject } from 'node:crypto';
import { auditHeadPayload } from '../../../../shared/protocol/audit-head-payload';
import type { SignedAuditHead } from '../../../../shared/protocol/audit-heads';
import { publicKeyFrom } from './station-key';

/** What the writer needs to sign heads: the key and the names the signature binds. */
export interface HeadSigner {
  stationId: string;
  keyId: string;
  publicKey: string;
  privateKey: KeyObject;
}

export function signHead(signer: HeadSigner, head: { chainId: string; seq: number; hash: string; utcMs: number }): SignedAuditHead {
  const unsigned = { stationId: signer.stationId, chainId: head.chainId, keyId: signer.keyId, seq: head.seq, hash: head.hash, utcMs: Math.floor(head.utcMs) };
  const signature = sign(null, Buffer.from(auditHeadPayload(unsigned), 'utf8'), signer.privateKey).toString('base64');
  return { ...unsigned, signature };
}

const keyCache = new Map<string, KeyObject>();

/** True when `signature` (base64) was made by `publicKey` (base64 SPKI) over `payload`. */
export function verifySignature(payload: string, signature: string, publicKey: string): boolean {
  let key = keyCache.get(publicKey);
  if (!key) {
    try {
      key = publicKeyFrom(publicKey);
    } catch {
      return false;
    }
    keyCache.set(publicKey, key);
  }
  try {
    return verify(null, Buffer.from(payload, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** True when `head.signature` was made by `publicKey` over exactly these fields. */
export function headSignatureValid(head: SignedAuditHead, publicKey: string): boolean {
  const { signature, ...unsigned } = head;
  return verifySignature(auditHeadPayload(unsigned), signature, publicKey);
}
