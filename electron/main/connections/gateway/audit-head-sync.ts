import {
  AUDIT_HEAD_EVENTS,
  AuditHeadPutOutcomeSchema,
  AuditHeadsReplySchema,
  type AuditHeadPutOutcome,
  type SignedAuditHead,
} from '../../../../shared/protocol/audit-heads';
import { decodeMessage, encodeJson } from '../../../../shared/protocol/json-codec';
import { MAX_SNAPSHOT_BYTES } from '../../../../shared/protocol/limits';
import { PROTOCOL_VERSION } from '../../../../shared/protocol/version';
import type { Logger } from '../../logging/logger';
import type { StationAuditTrail } from '../../station/station-audit';
import type { Clock } from '../../time/clock';
import { afterMonotonic, type MonotonicTimer } from '../../time/monotonic-timer';

export interface AuditHeadSyncDeps {
  audit: Pick<StationAuditTrail, 'onSignedHeads' | 'signedHeadsSince' | 'publicKey' | 'chainId' | 'checkBackEndHeads'>;
  log: Logger;
  /** A request on the current link (null: no link, no answer in time). */
  request(event: string, payload: Uint8Array): Promise<unknown>;
  /** Counts a malformed answer from the gateway. */
  reject(reason: string): void;
  /** Paces the retries of an unanswered list request (monotonic). */
  clock: Clock;
  /** First wait before asking again when the list request went unanswered (default 5 s, doubling to 60 s). */
  retryMs?: number;
}

/** Heads sent per reconnect at most (older ones the back end missed stay only local). */
const CATCH_UP_LIMIT = 500;
const MAX_RETRY_MS = 60_000;

/**
 * The station's half of the audit-head exchange (shared/protocol/
 * audit-heads.ts), on the back-end link: on every (re)connect it asks which
 * heads the back end holds, has the audit store check its database against
 * them (a mismatch is AUDIT_FAILURE, see audit/chain-anchors.ts), then hands
 * in the heads signed since the newest one the back end has; while online,
 * each new head goes as it is signed. A gateway that does not know these
 * events never answers: that is reported, not treated as a failure. An
 * unanswered request is asked again while the link stays up (5 s, doubling
 * to 60 s): a back end that was merely slow (the request timed out under
 * load) must not let the comparison be skipped for the whole connection.
 */
export class AuditHeadSync {
  private online = false;
  private sending: Promise<void> = Promise.resolve();
  private retry: MonotonicTimer | null = null;
  /** Which connection a comparison belongs to: one begun before a reconnect stops at its next step. */
  private connection = 0;
  private stats = { sent: 0, conflicts: 0, lastCheck: 'not yet', backEndKeepsHeads: null as boolean | null };

  constructor(private readonly deps: AuditHeadSyncDeps) {}

  /** Starts forwarding new heads; returns the stop function. */
  start(): () => void {
    const stop = this.deps.audit.onSignedHeads((heads) => {
      if (this.online) this.enqueue(heads);
    });
    return () => {
      stop();
      this.disconnected();
    };
  }

  /** The link is synced: compare, then catch up. */
  async connected(): Promise<void> {
    this.online = true;
    await this.compareAndCatchUp(++this.connection, this.deps.retryMs ?? 5_000);
  }

  private async compareAndCatchUp(connection: number, nextRetryMs: number): Promise<void> {
    this.retry = null;
    const reply = await this.deps.request(AUDIT_HEAD_EVENTS.list, encodeJson({ v: PROTOCOL_VERSION }));
    if (!this.online || connection !== this.connection) return;
    if (reply === null) {
      if (this.stats.backEndKeepsHeads !== false) this.deps.log.warn('audit.back-end-keeps-no-heads', {});
      this.stats.backEndKeepsHeads = false;
      this.retry = afterMonotonic(this.deps.clock, nextRetryMs, () => {
        this.compareAndCatchUp(connection, Math.min(nextRetryMs * 2, MAX_RETRY_MS)).catch((error: Error) => this.deps.log.error('audit.back-end-check-failed', { reason: error.message.slice(0, 200) }));
      }, { unref: true });
      return;
    }
    const decoded = decodeMessage(AuditHeadsReplySchema, reply, MAX_SNAPSHOT_BYTES);
    if (!decoded.ok) return this.deps.reject(`audit-heads:${decoded.reason}`);
    this.stats.backEndKeepsHeads = true;
    const held = decoded.value.heads;
    const check = await this.deps.audit.checkBackEndHeads(held);
    this.stats.lastCheck = check.ok ? `${check.checkedHeads} heads match` : `MISMATCH at seq ${check.brokenAtSeq}: ${check.reason}`;
    // Catch up from the newest head of this chain the back end holds.
    const chainId = this.deps.audit.chainId;
    const newest = held.filter((h) => h.chainId === chainId).reduce((max, h) => Math.max(max, h.seq), 0);
    this.enqueue(await this.deps.audit.signedHeadsSince(newest, CATCH_UP_LIMIT));
  }

  disconnected(): void {
    this.online = false;
    this.retry?.cancel();
    this.retry = null;
  }

  describe(): Array<{ label: string; value: string }> {
    const keeps = this.stats.backEndKeepsHeads;
    return [
      { label: 'Audit heads at the back end', value: keeps === null ? 'not asked yet' : keeps ? `${this.stats.sent} sent, ${this.stats.conflicts} refused` : 'no answer (the back end keeps none, or is slow): asking again' },
      { label: 'Audit trail against the back end', value: this.stats.lastCheck },
    ];
  }

  private enqueue(heads: readonly SignedAuditHead[]): void {
    const publicKey = this.deps.audit.publicKey;
    if (!publicKey || heads.length === 0) return;
    this.sending = this.sending.then(async () => {
      for (const head of heads) {
        if (!this.online) return;
        const reply = await this.deps.request(AUDIT_HEAD_EVENTS.put, encodeJson({ v: PROTOCOL_VERSION, publicKey, head }));
        if (reply === null) return;
        const outcome = decodeMessage(AuditHeadPutOutcomeSchema, reply, MAX_SNAPSHOT_BYTES);
        if (!outcome.ok) return this.deps.reject(`audit-head-outcome:${outcome.reason}`);
        this.took(head, outcome.value);
      }
    });
  }

  private took(head: SignedAuditHead, outcome: AuditHeadPutOutcome): void {
    if (outcome.outcome === 'stored' || outcome.outcome === 'duplicate') {
      this.stats.sent++;
      return;
    }
    this.stats.conflicts++;
    // The back end holds another head at this seq: this database was rewritten after it saw it.
    this.deps.log.error('audit.head-refused-by-back-end', { seq: head.seq, outcome: outcome.outcome });
    if (outcome.outcome === 'conflict') void this.deps.audit.checkBackEndHeads([outcome.held]);
  }
}
