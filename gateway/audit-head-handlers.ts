import type { Socket } from 'socket.io';
import { AUDIT_HEAD_EVENTS, AuditHeadPutSchema, AuditHeadsRequestSchema, type AuditHeadPutOutcome, type AuditHeadsReply } from '../shared/protocol/audit-heads';
import { decodeMessage, encodeJson } from '../shared/protocol/json-codec';
import { MAX_MESSAGE_BYTES } from '../shared/protocol/limits';
import { PROTOCOL_VERSION } from '../shared/protocol/version';
import { headSignatureValid } from '../electron/main/audit/signing/head-signature';
import { keyIdOf } from '../electron/main/audit/signing/station-key';
import type { Logger } from '../electron/main/logging/logger';
import type { AuditHeadStore } from './audit-head-store';
import type { RejectionCounter } from './rejection-counter';

/**
 * The two audit-head events of a connected station (shared/protocol/
 * audit-heads.ts): it hands in its signed heads, and asks which heads the
 * back end holds for it. A head is stored only if it is the station's own
 * (the session's station id) and its signature checks out with the key it
 * names; anything else is refused, counted, and answered with the reason.
 */
export function mountAuditHeads(socket: Socket, stationId: string, deps: { store: AuditHeadStore; rejections: RejectionCounter; log: Logger }): void {
  const answer = (reply: unknown, message: unknown) => {
    if (typeof reply === 'function') reply(encodeJson(message));
  };

  socket.on(AUDIT_HEAD_EVENTS.put, (payload: unknown, reply: unknown) => {
    const refuse = (reason: string) => {
      deps.rejections.reject(stationId, `audit-head:${reason}`);
      answer(reply, { v: PROTOCOL_VERSION, outcome: 'rejected', reason } satisfies AuditHeadPutOutcome);
    };
    const decoded = decodeMessage(AuditHeadPutSchema, payload, MAX_MESSAGE_BYTES);
    if (!decoded.ok) return refuse(decoded.reason);
    const { publicKey, head } = decoded.value;
    if (head.stationId !== stationId) return refuse('a station hands in only its own heads');
    if (keyIdOf(publicKey) !== head.keyId) return refuse('the key id is not the key');
    if (!headSignatureValid(head, publicKey)) return refuse('the signature does not verify');
    deps.store.put(publicKey, head).then(
      (result) => {
        if (result.outcome === 'conflict') deps.log.error('gateway.audit-head-conflict', { stationId, chain: head.chainId.slice(0, 12), seq: head.seq });
        answer(reply, { v: PROTOCOL_VERSION, ...result } satisfies AuditHeadPutOutcome);
      },
      (error: Error) => {
        deps.log.error('gateway.audit-head-store-failed', { reason: error.message.slice(0, 120) });
        answer(reply, { v: PROTOCOL_VERSION, outcome: 'rejected', reason: 'the back end cannot store heads now' } satisfies AuditHeadPutOutcome);
      },
    );
  });

  socket.on(AUDIT_HEAD_EVENTS.list, (payload: unknown, reply: unknown) => {
    const decoded = decodeMessage(AuditHeadsRequestSchema, payload, MAX_MESSAGE_BYTES);
    if (!decoded.ok) {
      deps.rejections.reject(stationId, `audit-heads:${decoded.reason}`);
      return;
    }
    deps.store.list(stationId).then(
      (held) => answer(reply, { v: PROTOCOL_VERSION, ...held } satisfies AuditHeadsReply),
      (error: Error) => deps.log.error('gateway.audit-head-store-failed', { reason: error.message.slice(0, 120) }),
    );
  });
}
