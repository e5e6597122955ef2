import { silentLogger, type Logger } from '../logging/logger';
import type { AuditAction } from './audit-actions';
import type { AuditDetails } from './audit-details';
import { describeError } from './audit-failure';
import { sameHealth, type AuditHealth, type AuditHealthListener } from './audit-health';
import type { AuditFilter, AuditPage, AuditQuery } from './audit-query';
import type { AuditRow, PendingAuditEvent } from './audit-row';
import type { ExportFilter, ExportFormat, ExportManifest } from './export-format';
import { monotonicMs } from './monotonic-clock';
import { normalizeAuditEvent, type AuditActor, type AuditEventInput } from './normalize-event';
import { PendingQueue, type QueuedEvent } from './pending-queue';
import type { PruneResult } from './prune-audit';
import { DEFAULT_RETENTION_YEARS } from './retention';
import type { ChainVerification } from './verify-chain';
import { Worker } from 'node:worker_threads';
import { AuditWorkerClient } from './worker-client';
import type { AuditWorkerEntry } from './worker-entry';
import type { AppendResult, OpenInfo } from './worker-protocol';

export interface AuditStoreOptions {
  /** SQLite file; its folder is created if needed. */
  file: string;
  stationId: string;
  /** For openDatabase's native binding choice (see storage/native-binding.ts). */
  projectRoot: string;
  workerEntry: AuditWorkerEntry;
  logger?: Logger;
  /** Events held in memory while writes fail. Default 10,000. */
  maxQueued?: number;
  /** How long a high-volume event may wait for company before its batch is sent. Default 20 ms. */
  batchDelayMs?: number;
  /** Rows per transaction. Default 2,000. */
  maxBatchRows?: number;
  /** Rows checked at start-up (plus the genesis row and the checkpoint). Default 1,000. */
  tailVerifyRows?: number;
  /** Default 7 calendar years. */
  retentionYears?: number;
  /** How long a write waits for a lock held by another connection. Default 1,000 ms. */
  busyTimeoutMs?: number;
  /** Retry backoff after a failed write: doubles from initialMs up to maxMs. Default 100 ms → 5 s. */
  retry?: { initialMs?: number; maxMs?: number };
  /** Clocks (tests). Default Date.now and monotonicMs. */
  clock?: { utcMs(): number; monoMs(): number };
  /** Copy the WAL back on a separate thread (default true; see wal-checkpointer.ts). */
  walCheckpointer?: boolean;
  /** Subscribed before the database is opened, so a failure at start-up is seen too. */
  onHealth?: AuditHealthListener;
}

export interface ChainStatus {
  /** Highest seq proven by a walk from the chain start (the checkpoint). */
  verifiedUpToSeq: number;
  /** Highest seq known to be committed. */
  headSeq: number;
}

/** recordClinical() refused or failed: the caller must not show the action as done. */
export class AuditUnavailableError extends Error {
  override name = 'AuditUnavailableError';
}

interface Outage {
  reason: string;
  /** Wall clock, shown (health, admin status). */
  sinceUtcMs: number;
  /** Monotonic: how long the outage lasted is a duration, whatever the wall clock did meanwhile. */
  sinceMonoMs: number;
}

/**
 * The audit trail as the rest of the main process sees it. Callers' threads
 * only validate, stamp and queue; a worker thread owns the SQLite connection,
 * computes the hash chain and commits.
 *
 * - record(): high-volume events, batched, committed within ~batchDelayMs +
 *   one transaction (well under 100 ms), one transaction per batch.
 * - recordClinical(): resolves with the row once it is committed with
 *   synchronous=FULL; rejects if it cannot be (and is then never written).
 * - Both share one queue, so seq order is call order.
 * - A failed write leaves its events queued (bounded), health goes
 *   'degraded', retries back off, and the queue is flushed in order on
 *   recovery; the outage itself is written as audit.degraded/audit.recovered.
 *   While degraded, clinical actions are refused rather than queued, so the
 *   UI never shows an un-audited action as done.
 */
export class AuditStore {
  private readonly client: AuditWorkerClient;
  private readonly logger: Logger;
  private readonly queue: PendingQueue;
  private readonly batchDelayMs: number;
  private readonly maxBatchRows: number;
  private readonly retryInitialMs: number;
  private readonly retryMaxMs: number;
  private readonly clock: { utcMs(): number; monoMs(): number };
  private readonly listeners = new Set<AuditHealthListener>();
  private readonly flushWaiters: Array<{ ordinal: number; resolve(): void }> = [];
  private batchTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryDelayMs: number;
  private outage: Outage | null = null;
  private dropped = 0;
  private lastHealth: AuditHealth = { state: 'ok' };
  private status: ChainStatus = { verifiedUpToSeq: 0, headSeq: 0 };
  private closed = false;
  private checkpointer: Worker | null = null;

  static async open(options: AuditStoreOptions): Promise<AuditStore> {
    const store = new AuditStore(options);
    await store.start();
    return store;
  }

  private constructor(private readonly options: AuditStoreOptions) {
    this.logger = options.logger ?? silentLogger;
    this.queue = new PendingQueue(options.maxQueued ?? 10_000);
    this.batchDelayMs = options.batchDelayMs ?? 20;
    this.maxBatchRows = options.maxBatchRows ?? 2_000;
    this.retryInitialMs = options.retry?.initialMs ?? 100;
    this.retryMaxMs = options.retry?.maxMs ?? 5_000;
    this.retryDelayMs = this.retryInitialMs;
    this.clock = options.clock ?? { utcMs: Date.now, monoMs: monotonicMs };
    if (options.onHealth) this.listeners.add(options.onHealth);
    this.client = new AuditWorkerClient(
      options.workerEntry,
      {
        file: options.file,
        projectRoot: options.projectRoot,
        stationId: options.stationId,
        tailVerifyRows: options.tailVerifyRows ?? 1_000,
        busyTimeoutMs: options.busyTimeoutMs ?? 1_000,
        retentionYears: options.retentionYears ?? DEFAULT_RETENTION_YEARS,
      },
      this.logger,
    );
  }

  /** A high-volume event: queued now, committed with the next batch. Throws AuditEventError on invalid input. */
  record(input: AuditEventInput): void {
    if (this.closed) {
      this.logger.warn('audit.record-after-close', { action: String(input.action) });
      return;
    }
    const event = normalizeAuditEvent(input, this.clock.utcMs(), this.clock.monoMs());
    if (!this.queue.push(event, null, performance.now())) {
      this.onDropped();
      return;
    }
    this.schedule();
  }

  /** A clinical action: resolves with its row once durably committed; rejects with AuditUnavailableError otherwise. */
  recordClinical(input: AuditEventInput): Promise<AuditRow> {
    if (this.closed) return Promise.reject(new AuditUnavailableError('the audit store is closed'));
    if (this.outage) return Promise.reject(new AuditUnavailableError(`audit trail unavailable: ${this.outage.reason}`));
    let event: PendingAuditEvent;
    try {
      event = normalizeAuditEvent(input, this.clock.utcMs(), this.clock.monoMs());
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<AuditRow>((resolve, reject) => {
      if (!this.queue.push(event, { resolve, reject }, performance.now())) {
        reject(new AuditUnavailableError('audit queue is full'));
        return;
      }
      this.schedule();
    });
  }

  get health(): AuditHealth {
    return this.computeHealth();
  }

  /** Called on every health change (and on each failed retry while not ok). Returns an unsubscribe function. */
  onHealth(listener: AuditHealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  chainStatus(): ChainStatus {
    return { ...this.status };
  }

  /** Events waiting in memory (including the batch being written). */
  get queued(): number {
    return this.queue.length;
  }

  query(query: AuditQuery): Promise<AuditPage> {
    return this.client.request<AuditPage>({ type: 'query', query });
  }

  count(filter: AuditFilter = {}): Promise<number> {
    return this.client.request<number>({ type: 'count', filter });
  }

  /**
   * Walks the chain in the writer thread (appends continue between chunks):
   * from the checkpoint by default, from the genesis row with `full`. Moves
   * the checkpoint on success and records audit.verified either way.
   */
  async verify(options: { full?: boolean; actor?: AuditActor | 'system' } = {}): Promise<ChainVerification> {
    const result = await this.client.request<ChainVerification & { verifiedUpToSeq: number }>({ type: 'verify', full: options.full ?? false });
    this.status.verifiedUpToSeq = result.verifiedUpToSeq;
    const { verifiedUpToSeq: _ignored, ...verification } = result;
    this.record({
      action: 'audit.verified',
      actor: options.actor,
      details: verification.ok
        ? { ok: true, full: options.full ?? false, rows: verification.checkedRows, to_seq: verification.lastSeq }
        : { ok: false, full: options.full ?? false, broken_at_seq: verification.brokenAtSeq, reason: verification.reason },
    });
    if (!verification.ok) this.logger.error('audit.chain-broken', { seq: verification.brokenAtSeq, reason: verification.reason });
    return verification;
  }

  /** Writes the matching rows to `outFile` (csv or json) and `<outFile>.manifest.json`; records audit.exported. */
  async export(options: { filter?: ExportFilter; format: ExportFormat; outFile: string; actor?: AuditActor | 'system' }): Promise<ExportManifest> {
    const result = await this.client.request<ExportManifest & { verifiedUpToSeq: number }>({
      type: 'export',
      filter: options.filter ?? {},
      format: options.format,
      outFile: options.outFile,
    });
    const { verifiedUpToSeq, ...manifest } = result;
    this.status.verifiedUpToSeq = verifiedUpToSeq;
    this.record({
      action: 'audit.exported',
      actor: options.actor,
      details: { format: manifest.format, rows: manifest.rowCount, first_seq: manifest.firstSeq, last_seq: manifest.lastSeq, file_sha256: manifest.fileSha256 },
    });
    return manifest;
  }

  /**
   * Removes rows past retention that the given export covers, after verifying
   * the export against its manifest and this database. Refused (rejects with
   * PruneRefusedError) otherwise. Writes audit.pruned in the same transaction.
   */
  async prune(options: { exportFile: string; manifestFile: string; actor?: AuditActor | 'system' }): Promise<PruneResult> {
    const actor = options.actor && options.actor !== 'system' ? options.actor : { userId: 'system', role: 'system' };
    // Queued events were called earlier; commit them first so seq order stays call order.
    await this.flush();
    const result = await this.client.request<PruneResult>({
      type: 'prune',
      exportFile: options.exportFile,
      manifestFile: options.manifestFile,
      nowUtc: this.clock.utcMs(),
      monoMs: this.clock.monoMs(),
      userId: actor.userId,
      role: actor.role,
    });
    this.status.headSeq = Math.max(this.status.headSeq, result.auditRow.seq);
    this.logger.info('audit.pruned', { fromSeq: result.fromSeq, toSeq: result.toSeq, rows: result.rows });
    return result;
  }

  /** Resolves when everything recorded before the call is committed (waits through an outage). */
  flush(): Promise<void> {
    const ordinal = this.queue.lastOrdinal;
    if (this.queue.doneThrough(ordinal)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.flushWaiters.push({ ordinal, resolve });
      this.schedule();
    });
  }

  /** Flushes (up to `timeoutMs`), then closes the database and stops the writer thread. */
  async close(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise<void>((resolve) => (timer = setTimeout(resolve, options.timeoutMs ?? 5_000)))]);
    clearTimeout(timer);
    this.clearTimers();
    if (this.queue.length > 0) this.logger.error('audit.closed-with-unwritten-events', { queued: this.queue.length });
    for (const waiter of this.queue.removeClinical()) waiter.reject(new AuditUnavailableError('the audit store closed before the action was committed'));
    await this.stopCheckpointer();
    await this.client.request({ type: 'close' }).catch(() => undefined);
    await this.client.terminate();
    for (const waiter of this.flushWaiters.splice(0)) waiter.resolve();
  }

  private async start(): Promise<void> {
    try {
      const info = await this.client.request<OpenInfo>({ type: 'open' });
      this.status = { verifiedUpToSeq: info.verifiedUpToSeq, headSeq: info.headSeq };
      if (this.options.walCheckpointer ?? true) this.startCheckpointer();
      this.logger.info('audit.opened', { headSeq: info.headSeq, verifiedUpToSeq: info.verifiedUpToSeq, schemaFrom: info.migratedFrom, schema: info.schemaVersion });
    } catch (error) {
      this.onWriteFailed(error);
    }
  }

  /** Same entry file, other role; it follows the file on its own, so it is started once. */
  private startCheckpointer(): void {
    const { workerEntry, file, projectRoot } = this.options;
    const worker = new Worker(workerEntry.path, {
      workerData: { role: 'checkpointer', file, projectRoot },
      ...(workerEntry.execArgv ? { execArgv: workerEntry.execArgv } : {}),
    });
    worker.on('error', (error) => this.logger.warn('audit.checkpointer-failed', { message: error.message }));
    this.checkpointer = worker;
  }

  private async stopCheckpointer(): Promise<void> {
    const worker = this.checkpointer;
    this.checkpointer = null;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('stop');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    await worker.terminate();
  }

  // --- batching -----------------------------------------------------------

  private schedule(): void {
    if (this.queue.inFlight > 0 || this.retryTimer || this.queue.length === 0) return;
    const urgent = this.queue.clinicalCount > 0 || this.flushWaiters.length > 0 || this.queue.length >= this.maxBatchRows;
    const waited = performance.now() - (this.queue.oldestEnqueuedAt() ?? performance.now());
    if (urgent || waited >= this.batchDelayMs) {
      this.sendBatch();
      return;
    }
    this.batchTimer ??= setTimeout(() => {
      this.batchTimer = null;
      this.schedule();
    }, this.batchDelayMs - waited);
  }

  private sendBatch(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    const batch = this.queue.takeBatch(this.maxBatchRows);
    const clinicalIndices: number[] = [];
    batch.forEach((q, i) => q.clinical && clinicalIndices.push(i));
    this.client
      .request<AppendResult>({ type: 'append', events: batch.map((q) => q.event), durable: clinicalIndices.length > 0, clinicalIndices })
      .then(
        (result) => this.onCommitted(batch, clinicalIndices, result),
        (error) => this.onWriteFailed(error),
      );
  }

  private onCommitted(batch: QueuedEvent[], clinicalIndices: number[], result: AppendResult): void {
    this.queue.commitInFlight();
    this.status = { headSeq: Math.max(this.status.headSeq, result.lastSeq), verifiedUpToSeq: result.verifiedUpToSeq };
    clinicalIndices.forEach((index, i) => batch[index]!.clinical!.resolve(result.rows[i]!));
    if (this.outage || this.dropped > 0) this.recover();
    this.releaseFlushWaiters();
    this.schedule();
  }

  // --- failure and recovery -----------------------------------------------

  private onWriteFailed(error: unknown): void {
    const reason = describeError(error);
    // Clinical actions are never written late: the UI was told they failed.
    for (const waiter of this.queue.removeClinical()) waiter.reject(new AuditUnavailableError(`audit write failed: ${reason}`));
    if (!this.outage) {
      this.outage = { reason, sinceUtcMs: this.clock.utcMs(), sinceMonoMs: this.clock.monoMs() };
      this.queue.push(this.ownEvent('audit.degraded', { reason: reason.slice(0, 200) }), null, performance.now(), true);
      this.logger.error('audit.degraded', { reason, queued: this.queue.length });
    } else {
      this.outage.reason = reason;
    }
    this.releaseFlushWaiters();
    this.emitHealth(true);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.retryMaxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.queue.length > 0) this.sendBatch();
      else this.client.request({ type: 'open' }).then(() => this.recover(), (error) => this.onWriteFailed(error));
    }, delay);
  }

  private onDropped(): void {
    this.dropped++;
    if (this.dropped === 1) {
      this.logger.error('audit.overflow', { capacity: this.queue.capacity, reason: this.outage?.reason ?? 'queue-full' });
      this.emitHealth(false);
    }
  }

  private recover(): void {
    const outage = this.outage;
    const dropped = this.dropped;
    this.outage = null;
    this.dropped = 0;
    this.retryDelayMs = this.retryInitialMs;
    const outageMs = outage ? Math.max(0, Math.round(this.clock.monoMs() - outage.sinceMonoMs)) : 0;
    this.queue.push(this.ownEvent('audit.recovered', { reason: (outage?.reason ?? 'queue-full').slice(0, 200), dropped, outage_ms: outageMs }), null, performance.now(), true);
    this.logger.info('audit.recovered', { dropped, outageMs });
    this.emitHealth(false);
  }

  private ownEvent(action: AuditAction, details: AuditDetails): PendingAuditEvent {
    return normalizeAuditEvent({ action, details }, this.clock.utcMs(), this.clock.monoMs());
  }

  private computeHealth(): AuditHealth {
    if (this.dropped > 0) {
      return { state: 'overflow', reason: this.outage?.reason ?? 'queue-full', queued: this.queue.length, dropped: this.dropped, sinceUtcMs: this.outage?.sinceUtcMs ?? this.clock.utcMs() };
    }
    if (this.outage) return { state: 'degraded', reason: this.outage.reason, queued: this.queue.length, sinceUtcMs: this.outage.sinceUtcMs };
    return { state: 'ok' };
  }

  /** `always`: report even if only the counts changed (each failed retry). */
  private emitHealth(always: boolean): void {
    const health = this.computeHealth();
    if (!always && sameHealth(health, this.lastHealth)) return;
    this.lastHealth = health;
    for (const listener of this.listeners) {
      try {
        listener(health);
      } catch (error) {
        this.logger.error('audit.health-listener-failed', { message: (error as Error).message });
      }
    }
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
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.batchTimer = null;
    this.retryTimer = null;
  }
}
