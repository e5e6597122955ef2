import { z } from 'zod';

export { auditHeadPayload } from './audit-head-payload';

/**
 * Signed audit-chain heads, kept by the back end so that a station's audit
 * trail has an anchor outside the station (docs/security.md, "Audit trail tamper-evidence").
 *
 * A station signs the head of its hash chain (seq and hash of the newest
 * row) every N rows and every minute with its own Ed25519 key, and sends each
 * signed head to the back end. The back end never forgets or overwrites a
 * head it has accepted. On every (re)connect and during a full verification
 * the station asks for the heads the back end holds and checks that its
 * database still contains each of them: a rewrite or truncation of anything
 * the back end has seen is then found even by someone holding the key.
 *
 * These two events are optional within protocol version 2 (no bump, see
 * shared/protocol/README.md, "Signed audit heads"): a gateway that does not
 * know them never answers, and the station then reports "no answer" and
 * asks again later instead of failing.
 */

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const StationId = z.string().regex(/^[A-Za-z0-9_.-]{1,48}$/);

/** base64 of the 44-byte SubjectPublicKeyInfo DER of an Ed25519 public key. */
export const AuditPublicKeySchema = z.string().regex(/^[A-Za-z0-9+/]{59}=$/);

/** The key's identity: the first 16 hex digits of SHA-256 over its SPKI DER. */
export const AuditKeyIdSchema = z.string().regex(/^[0-9a-f]{16}$/);

export const SignedAuditHeadSchema = z
  .object({
    stationId: StationId,
    /** The chain's identity: the hash of its genesis row (seq 1). A replaced database is another chain. */
    chainId: Hex64,
    keyId: AuditKeyIdSchema,
    seq: z.number().int().positive(),
    /** hash of the row at `seq`. */
    hash: Hex64,
    /** Wall-clock time at signing (for people; never compared across machines). */
    utcMs: z.number().int().nonnegative(),
    /** base64 Ed25519 signature (64 bytes) over auditHeadPayload(). */
    signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
  })
  .strict();
export type SignedAuditHead = z.infer<typeof SignedAuditHeadSchema>;

/** Heads in one answer, newest first. */
export const MAX_AUDIT_HEADS_PER_REPLY = 2_000;

/** station → gateway, event `audit-head`: one signed head and the key that signed it. */
export const AuditHeadPutSchema = z
  .object({
    v: z.number().int(),
    publicKey: AuditPublicKeySchema,
    head: SignedAuditHeadSchema,
  })
  .strict();
export type AuditHeadPut = z.infer<typeof AuditHeadPutSchema>;

/**
 * gateway → station, the answer to a put. `conflict`: the back end already
 * holds a different hash at that seq of that chain, or a newer head: it keeps
 * its own and returns it in `held` (the station's check then reports the
 * rewrite). `rejected`: the signature or the station does not check out.
 */
export const AuditHeadPutOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ v: z.number().int(), outcome: z.literal('stored') }).strict(),
  z.object({ v: z.number().int(), outcome: z.literal('duplicate') }).strict(),
  z.object({ v: z.number().int(), outcome: z.literal('conflict'), held: SignedAuditHeadSchema }).strict(),
  z.object({ v: z.number().int(), outcome: z.literal('rejected'), reason: z.string().min(1).max(120) }).strict(),
]);
export type AuditHeadPutOutcome = z.infer<typeof AuditHeadPutOutcomeSchema>;

/** station → gateway, event `audit-heads` (no payload but the version): which heads do you hold for me? */
export const AuditHeadsRequestSchema = z.object({ v: z.number().int() }).strict();

/** gateway → station: the heads it holds for the asking station (every chain), newest first, and their keys. */
export const AuditHeadsReplySchema = z
  .object({
    v: z.number().int(),
    heads: z.array(SignedAuditHeadSchema).max(MAX_AUDIT_HEADS_PER_REPLY),
    keys: z.array(z.object({ keyId: AuditKeyIdSchema, publicKey: AuditPublicKeySchema }).strict()).max(64),
  })
  .strict();
export type AuditHeadsReply = z.infer<typeof AuditHeadsReplySchema>;

/** socket.io event names (station → gateway, each answered through the socket.io ack). */
export const AUDIT_HEAD_EVENTS = {
  put: 'audit-head',
  list: 'audit-heads',
} as const;
