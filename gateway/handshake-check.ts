import { createHash, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'socket.io';
import { HandshakeSchema, type Handshake, type HandshakeRefusal } from '../shared/protocol/handshake';
import { PROTOCOL_VERSION } from '../shared/protocol/version';

/** Constant-time token comparison (over digests, so lengths leak nothing either). */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export type HandshakeVerdict = { ok: true; handshake: Handshake } | { ok: false; refusal: HandshakeRefusal };

/** Checks a connecting station's socket.io `auth`: shape, protocol version, token. */
export function checkHandshake(auth: unknown, token: string): HandshakeVerdict {
  const parsed = HandshakeSchema.safeParse(auth);
  if (!parsed.success) {
    const protocol = (auth as { protocol?: unknown } | null)?.protocol;
    if (typeof protocol === 'number' && protocol !== PROTOCOL_VERSION) return { ok: false, refusal: { reason: 'protocol-version' } };
    return { ok: false, refusal: { reason: 'bad-handshake' } };
  }
  if (parsed.data.protocol !== PROTOCOL_VERSION) return { ok: false, refusal: { reason: 'protocol-version' } };
  if (!tokenMatches(parsed.data.token, token)) return { ok: false, refusal: { reason: 'unauthorized' } };
  return { ok: true, handshake: parsed.data };
}

/** A socket.io middleware error whose `data` the station reads as the refusal reason. */
export function refusalError(refusal: HandshakeRefusal): Error & { data: HandshakeRefusal } {
  return Object.assign(new Error(`connection refused: ${refusal.reason}`), { data: refusal });
}

export type { Socket };
