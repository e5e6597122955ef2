import type { AuditAction } from './audit-actions';
import type { AuditDetails } from './audit-details';
import { AuditFailure, describeError, type AuditFailureReason } from './audit-failure';
import type { AuditHealth } from './audit-health';
import type { PendingAuditEvent } from './audit-row';
import type { ChainAnchors } from './chain-anchors';
import type { ClinicalWaiter } from './pending-queue';
import { JournalFullError, type FallbackJournal, type JournalReceipt } from './journal/fallback-journal';
import { importPendingSegments } from './journal/import-pending';
import type { Logger } from '../logging/logger';
import type { Clock } from '../time/clock';
import { afterMonotonic, type MonotonicTimer } from '../time/monotonic-timer';
import { monotonicStamp } from './monotonic-clock';
import { normalizeAuditEvent } from './normalize-event';
import { PendingQueue, type QueuedEvent } from './pending-queue';
import type { AuditWorkerClient } from './worker-client';
import type { AppendResult, OpenInfo, SigningOutcome } from './writer/worker-protocol';

/** recordClinical() refused or failed: the caller must not show the action as done. */
export class AuditUnavailableError extends Error {
  override name = 'AuditUnavailableError';
}

export interface Outage {
  reason: string;
  failure: AuditFailureReason | null;
  /** Wall clock, shown (health, admin status). */
  sinceUtcMs: number;
  /** Monotonic: how long the outage lasted is a duration, whatever the wall clock did meanwhile. */
  sinceMonoMs: number;
}

export interface WritePathDeps {
  client: AuditWorkerClient;
  journal: FallbackJournal | null;
  anchors: ChainAnchors;
  logger: Logger;
  /** Rows' wall-clock stamps; the outage's length and the retries on its monotonic clock. */
  clock: Clock;
  /** How soon a pending retry notices the clock moved (time/monotonic-timer.ts). */
  recheckMs?: number;
  stationId: string;
  /** The station key now (journal seals are checked with it at import). */
  publicKey: string | null;
  maxQueued: number;
  batchDelayMs: number;
  maxBatchRows: number;
  retry: { initialMs: number; maxMs: number };
  /** The store opened (at start or on a retry). */
  opened(info: OpenInfo): void;
  /** A batch was committed. */
  committed(result: AppendResult): void;
  headSeqAtLeast(seq: number): void;
  /** Health or problems may have changed (`always`: report even if only the counts did). */
  changed(always?: boolean): void;
}

/**
 * Where every event goes, in call order: batched into the store while it
 * writes; into the fallback journal, all of it, while it cannot; held in
 * memory (bounded) only while neither can. Owns the queue, the outage, the
 * retries and the recovery (the journal is imported before anything newer
 * is written). The AuditStore is its face.
 */
export class WritePath {
  readonly queue: PendingQueue;
  private readonly flushWaiters: Array<{ ordinal: number; resolve(): void }> = [];
  private batchTimer: NodeJS.Timeout | null = null;
  private retryTimer: MonotonicTimer | null = null;
  private journalRetryTimer: MonotonicTimer | null = null;
  private retryDelayMs: number;
  private outageValue: Outage | null = null;
  private recovering: Promise<void> | null = null;
  /** The store opened again but nothing proved it can write yet: the next batch goes to it as the test. */
  private probing = false;
  private journalBatch: Promise<void> | null = null;
  /** The in-flight part of the queue is a batch sent to the store (not to the journal). */
  private storeBatchInFlight = false;
  private droppedCount = 0;
  private closed = false;

  constructor(private readonly deps: WritePathDeps) {
    this.queue = new PendingQueue(deps.maxQueued);
    this.retryDelayMs = deps.retry.initialMs;
  }

  get outage(): Outage | null {
    return this.outageValue;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** Writing now, not recovering or in an outage (the minute's signature waits otherwise). */
  get writing(): boolean {
    return !this.outageValue && !this.recovering && !this.closed;
  }

  /** Where clinical actions go now: the trail, the journal (store down), or nowhere (both down: refused). */
  get durability(): 'audit-trail' | 'fallback-journal' | 'refused' {
    if (!this.outageValue) return 'audit-trail';
    return this.deps.journal && !this.deps.journal.problem ? 'fallback-journal' : 'refused';
  }

  /** A high-volume event, already validated. */
  push(event: PendingAuditEvent): void {
    if (!this.queue.push(event, null, performance.now())) {
      this.onDropped();
      return;
    }
    this.schedule();
  }

  /** A clinical action, already validated; forced past the bound (a flood of other events must never push one out). */
  pushClinical(event: PendingAuditEvent, waiter: ClinicalWaiter): void {
    this.queue.push(event, waiter, performance.now(), true);
    this.schedule();
  }

  /** Resolves when everything pushed before the call is durable, in the store or the journal. */
  flush(): Promise<void> {
    const ordinal = this.queue.lastOrdinal;
    if (this.queue.doneThrough(ordinal)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.flushWaiters.push({ ordinal, resolve });
      this.schedule();
    });
  }

  /** The first open: a failure starts the outage (and the journal); pending segments are imported first. */
  async start(): Promise<void> {
    await this.deps.journal?.check();
    try {
      this.deps.opened(await this.deps.client.request<OpenInfo>({ type: 'open' }));
      if (this.deps.journal && this.deps.journal.pendingSegments().length > 0) await this.recover();
    } catch (error) {
      this.onWriteFailed(error);
    }
  }

  /** Stops retrying; what could not be written is reported, clinical waiters are rejected. */
  stop(): void {
    this.closed = true;
    this.clearTimers();
    if (this.queue.length > 0) this.deps.logger.error('audit.closed-with-unwritten-events', { queued: this.queue.length });
    for (const waiter of this.queue.removeClinical()) waiter.reject(new AuditUnavailableError('the audit store closed before the action was committed'));
    for (const waiter of this.flushWaiters.splice(0)) waiter.resolve();
  }

  /**
   * The store answers again: everything in the journal goes into the chain
   * (verified, one transaction per segment, each import recorded) before
   * anything newer, which waits in the queue meanwhile.
   */
  recover(): Promise<void> {
    this.recovering ??= (async () => {
      // Never settle synchronously: `recovering` must be set before this body clears it.
      await Promise.resolve();
      try {
        while (this.journalBatch) await this.journalBatch;
        let wrote = 0;
        if (this.deps.journal) {
          await this.deps.journal.closeSegment();
          wrote = await importPendingSegments({
            journal: this.deps.journal,
            client: this.deps.client,
            stationId: this.deps.stationId,
            publicKey: this.deps.publicKey,
            clock: this.deps.clock,
            logger: this.deps.logger,
            took: (outcome: SigningOutcome, headSeq?: number) => {
              this.deps.anchors.took(outcome);
              if (headSeq) this.deps.headSeqAtLeast(headSeq);
            },
            rejected: (file, what) => this.deps.anchors.set(`journal:${file}`, { code: 'journal-rejected', path: file, what, fix: 'keep the file for investigation: its actions are not in the audit trail' }),
          });
        }
        this.recovering = null;
        // An open that succeeds proves little (a locked or read-only file opens): the store counts
        // as back once something was written, by an import or, failing that, the next batch.
        if (this.outageValue && wrote === 0 && this.queue.length > 0) this.probing = true;
        else if (this.outageValue || this.droppedCount > 0) this.markRecovered();
      } catch (error) {
        this.recovering = null;
        this.onWriteFailed(error);
      }
      this.schedule();
    })();
    return this.recovering;
  }


  // --- batching -----------------------------------------------------------

  private schedule(): void {
    if (this.queue.inFlight > 0 || this.queue.length === 0 || this.recovering) return;
    if (this.outageValue && this.probing) {
      this.probing = false;
      this.sendBatch();
      return;
    }
    if (this.outageValue) {
      // The store is down: the journal takes everything, at once (it batches high-volume events
      // itself). While the journal is failing too, a clinical action still tries it at once, so
      // the nurse hears "refused" (or "recorded") now, not after the next retry.
      if (this.deps.journal && (!this.journalRetryTimer || this.queue.clinicalCount > 0)) this.sendToJournal();
      return;
    }
    if (this.retryTimer) return;
    const urgent = this.queue.clinicalCount > 0 || this.flushWaiters.length > 0 || this.queue.length >= this.deps.maxBatchRows;
    const waited = performance.now() - (this.queue.oldestEnqueuedAt() ?? performance.now());
    if (urgent || waited >= this.deps.batchDelayMs) {
      this.sendBatch();
      return;
    }
    this.batchTimer ??= setTimeout(() => {
      this.batchTimer = null;
      this.schedule();
    }, this.deps.batchDelayMs - waited);
  }

  private sendBatch(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    const batch = this.queue.takeBatch(this.deps.maxBatchRows);
    this.storeBatchInFlight = true;
    const clinicalIndices: number[] = [];
    batch.forEach((q, i) => q.clinical && clinicalIndices.push(i));
    this.deps.client
      .request<AppendResult>({ type: 'append', events: batch.map((q) => q.event), durable: clinicalIndices.length > 0, clinicalIndices })
      .then(
        (result) => this.onCommitted(batch, clinicalIndices, result),
        (error) => this.onWriteFailed(error),
      );
  }

  private onCommitted(batch: QueuedEvent[], clinicalIndices: number[], result: AppendResult): void {
    this.storeBatchInFlight = false;
    this.queue.commitInFlight();
    this.deps.committed(result);
    clinicalIndices.forEach((index, i) => batch[index]!.clinical!.resolve({ recordedIn: 'audit-trail', row: result.rows[i]! }));
    if (this.outageValue || this.droppedCount > 0) this.markRecovered();
    this.releaseFlushWaiters();
    this.schedule();
  }

  /** Everything in flight or queued goes to the journal, in order; clinical actions resolve once sealed there. */
  private sendToJournal(): void {
    const journal = this.deps.journal!;
    const batch = this.queue.takeBatch(this.deps.maxBatchRows);
    const writes = batch.map((q) => journal.append(q.event, { clinical: q.clinical !== null, inDoubt: q.inDoubt }));
    this.journalBatch = Promise.allSettled(writes).then((results) => {
      this.journalBatch = null;
      this.onJournaled(batch, results);
    });
  }

  private onJournaled(batch: QueuedEvent[], results: Array<PromiseSettledResult<JournalReceipt>>): void {
    // The journal fails a write and everything after it, so what succeeded is a prefix.
    let done = 0;
    let failure: Error | null = null;
    for (const result of results) {
      if (result.status === 'fulfilled') done++;
      else if (result.reason instanceof JournalFullError && !batch[done]!.clinical) {
        // Journal full: high-volume events beyond its bound are lost, and counted.
        this.onDropped();
        done++;
      } else {
        failure = result.reason as Error;
        break;
      }
    }
    const written = this.queue.commitPrefix(done);
    written.forEach((q, i) => {
      const result = results[i]!;
      if (q.clinical && result.status === 'fulfilled') q.clinical.resolve({ recordedIn: 'fallback-journal', journal: result.value });
    });
    if (failure) {
      // Both places failed: clinical actions are refused (never written later); the rest waits in memory.
      for (const waiter of this.queue.removeClinical()) waiter.reject(new AuditUnavailableError(`not recorded: the audit store and the fallback journal are both unavailable (${failure.message})`));
      this.deps.logger.error('audit.journal-failed', { reason: failure.message.slice(0, 200), queued: this.queue.length });
      this.scheduleJournalRetry();
    }
    this.releaseFlushWaiters();
    this.deps.changed();
    this.schedule();
  }

  private scheduleJournalRetry(): void {
    if (this.journalRetryTimer || this.closed) return;
    this.journalRetryTimer = this.after(this.retryDelayMs, () => {
      this.journalRetryTimer = null;
      void this.deps.journal!.check().then(() => {
        if (this.deps.journal!.problem) this.scheduleJournalRetry();
        this.deps.changed();
        this.schedule();
      });
    });
  }

  /** Retries wait on the monotonic clock: a wall-clock step neither hurries nor delays one. */
  private after(delayMs: number, fn: () => void): MonotonicTimer {
    return afterMonotonic(this.deps.clock, delayMs, fn, { recheckMs: this.deps.recheckMs });
  }

  // --- failure and recovery -----------------------------------------------

  private onWriteFailed(error: unknown): void {
    const reason = describeError(error);
    const failure = error instanceof AuditFailure ? error.reason : null;
    this.probing = false;
    if (this.storeBatchInFlight) {
      // The writer died with the batch in flight: it may have committed; the journal import checks.
      if (failure === 'writer-died') this.queue.markInFlightInDoubt();
      this.queue.releaseInFlight();
      this.storeBatchInFlight = false;
    }
    if (!this.outageValue) {
      this.outageValue = { reason, failure, sinceUtcMs: this.deps.clock.wall(), sinceMonoMs: this.deps.clock.monotonic() };
      this.queue.push(this.ownEvent('audit.degraded', { reason: reason.slice(0, 200) }), null, performance.now(), true);
      this.deps.logger.error('audit.degraded', { reason, queued: this.queue.length, journal: this.durability });
    } else {
      this.outageValue.reason = reason;
      this.outageValue.failure = failure;
    }
    if (!this.deps.journal) {
      // No second place: clinical actions are refused, never written late.
      for (const waiter of this.queue.removeClinical()) waiter.reject(new AuditUnavailableError(`audit write failed: ${reason}`));
    }
    this.releaseFlushWaiters();
    this.deps.changed(true);
    this.scheduleRetry();
    this.schedule();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.deps.retry.maxMs);
    this.retryTimer = this.after(delay, () => {
      this.retryTimer = null;
      this.deps.client.request<OpenInfo>({ type: 'open' }).then(
        (info) => {
          this.deps.opened(info);
          void this.recover();
        },
        (error) => this.onWriteFailed(error),
      );
    });
  }

  private onDropped(): void {
    this.droppedCount++;
    if (this.droppedCount === 1) {
      this.deps.logger.error('audit.overflow', { capacity: this.queue.capacity, reason: this.outageValue?.reason ?? 'queue-full' });
      this.deps.changed();
    }
  }

  private markRecovered(): void {
    const outage = this.outageValue;
    const dropped = this.droppedCount;
    this.outageValue = null;
    this.droppedCount = 0;
    this.retryDelayMs = this.deps.retry.initialMs;
    const outageMs = outage ? Math.max(0, Math.round(this.deps.clock.monotonic() - outage.sinceMonoMs)) : 0;
    this.queue.push(this.ownEvent('audit.recovered', { reason: (outage?.reason ?? 'queue-full').slice(0, 200), dropped, outage_ms: outageMs }), null, performance.now(), true);
    this.deps.logger.info('audit.recovered', { dropped, outageMs });
    this.deps.changed();
  }

  private ownEvent(action: AuditAction, details: AuditDetails): PendingAuditEvent {
    return normalizeAuditEvent({ action, details }, this.deps.clock.wall(), monotonicStamp(this.deps.clock));
  }

  health(): AuditHealth {
    if (this.droppedCount > 0) {
      return { state: 'overflow', reason: this.outageValue?.reason ?? 'queue-full', queued: this.queue.length, dropped: this.droppedCount, sinceUtcMs: this.outageValue?.sinceUtcMs ?? this.deps.clock.wall() };
    }
    if (this.outageValue) return { state: 'degraded', reason: this.outageValue.reason, queued: this.queue.length, sinceUtcMs: this.outageValue.sinceUtcMs };
    return { state: 'ok' };
  }

  private releaseFlushWaiters(): void {
    for (let i = this.flushWaiters.length - 1; i >= 0; i--) {
      const waiter = this.flushWaiters[i]!;
      if (this.queue.doneThrough(waiter.ordinal)) {
        this.flushWaiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }

  private clearTimers(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.retryTimer?.cancel();
    this.journalRetryTimer?.cancel();
    this.batchTimer = null;
    this.retryTimer = null;
    this.journalRetryTimer = null;
  }
}
