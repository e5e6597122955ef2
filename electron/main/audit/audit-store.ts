import { Worker } from 'node:worker_threads';
import type { SignedAuditHead } from '../../../shared/protocol/audit-heads';
import { silentLogger, type Logger } from '../logging/logger';
import type { AuditAction } from './audit-actions';
import type { AuditDetails } from './audit-details';
import { AuditFailure, describeError, type AuditFailureReason } from './audit-failure';
import { sameHealth, type AuditHealth, type AuditHealthListener } from './audit-health';
import { describeJournalFailure, describeStoreFailure, type AuditProblem } from './audit-problems';
import type { AuditRow, PendingAuditEvent } from './audit-row';
import { ChainAnchors, type SignedHeadListener } from './chain-anchors';
import { noteRecorded, type ClinicalRecord } from './durability-receipt';
import type { ExportFilter, ExportFormat, ExportManifest } from './export-format';
import { FallbackJournal, JournalUnavailableError, type JournalReceipt } from './journal/fallback-journal';
import type { JournalFileOps } from './journal/journal-file-ops';
import { importPendingSegments } from './journal/import-pending';
import { monotonicMs } from './monotonic-clock';
import { normalizeAuditEvent, type AuditActor, type AuditEventInput } from './normalize-event';
import { PendingQueue, type QueuedEvent } from './pending-queue';
import { DEFAULT_RETENTION_YEARS } from './retention';
import type { KeyProtector } from './signing/key-protector';
import { setUpSigning, type SigningSetup } from './signing/set-up-signing';
import { signWith } from './signing/journal-signer';
import { VerificationSchedule, type VerificationProgress } from './verification-schedule';
import { AuditWorkerClient } from './worker-client';
import type { AuditWorkerEntry } from './worker-entry';
import type { AuditFilter, AuditPage, AuditQuery } from './writer/audit-query';
import type { Verification } from './writer/full-verification';
import type { PruneResult } from './writer/prune-audit';
import type { AppendResult, BackEndCheck, ExportResult, OpenInfo, SigningOutcome, VerifyResult } from './writer/worker-protocol';

export interface AuditStoreOptions {
  /** SQLite file; its folder is created if needed. */
  file: string;
  stationId: string;
  /** For openDatabase's native binding choice (see storage/native-binding.ts). */
  projectRoot: string;
  workerEntry: AuditWorkerEntry;
  logger?: Logger;
  /** Events held in memory while neither the store nor the journal can take them. Default 10,000. */
  maxQueued?: number;
  /** How long a high-volume event may wait for company before its batch is sent. Default 20 ms. */
  batchDelayMs?: number;
  /** Rows per transaction. Default 2,000. */
  maxBatchRows?: number;
  /** Rows checked at start-up at least (plus the genesis row, every signed head and the checkpoint). Default 1,000. */
  tailVerifyRows?: number;
  /** Default 7 calendar years. */
  retentionYears?: number;
  /** How long a write waits for a lock held by another connection. Default 1,000 ms. */
  busyTimeoutMs?: number;
  /** Retry backoff after a failed write: doubles from initialMs up to maxMs. Default 100 ms → 5 s. */
  retry?: { initialMs?: number; maxMs?: number };
  /** Clocks (tests). Default Date.now and monotonicMs. */
  clock?: { utcMs(): number; monoMs(): number };
  /** Copy the WAL back on a separate thread (default true; see writer/wal-checkpointer.ts). */
  walCheckpointer?: boolean;
  /** Subscribed before the database is opened, so a failure at start-up is seen too. */
  onHealth?: AuditHealthListener;
  /**
   * The fallback journal's folder (journal/fallback-journal.ts). Without one
   * (the command-line tools) a failing store refuses clinical actions.
   */
  journalDir?: string | null;
  /** Test seams for the journal. */
  journal?: { fileOps?: JournalFileOps; maxBytes?: number };
  /** The signing key's folder (signing/). Without one, heads are not signed (the command-line tools). */
  keyDir?: string | null;
  /** How the key is sealed at rest (Electron's safeStorage in the app). Default: file permissions only. */
  keyProtector?: KeyProtector;
  /** Sign the chain head at least every this many rows (default 1,000) and every `signEveryMs` (default 60 s). */
  signEveryRows?: number;
  signEveryMs?: number;
  /** A full verification this long after start (default 60 s), then every `fullVerifyEveryMs` (default 24 h); null: never. */
  firstFullVerifyAfterMs?: number | null;
  fullVerifyEveryMs?: number | null;
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
  failure: AuditFailureReason | null;
  sinceUtcMs: number;
}

/**
 * The audit trail as the rest of the main process sees it. Callers' threads
 * only validate, stamp and queue; a worker thread owns the SQLite connection,
 * computes the hash chain, signs its head and commits.
 *
 * - record(): high-volume events, batched, committed within ~batchDelayMs +
 *   one transaction (well under 100 ms), one transaction per batch.
 * - recordClinical(): resolves once the entry is durable, saying where: in
 *   the audit trail (synchronous=FULL), or, while the store cannot write, in
 *   the fallback journal (sealed and fdatasync'd). Rejects only if both fail,
 *   and the action is then never written later.
 * - Both share one queue, so call order is kept, in the store or the journal.
 * - A failed write sends what is queued to the journal, health goes
 *   'degraded', the store is retried with backoff, and on recovery every
 *   journal segment is verified and imported (with the record of the import)
 *   before anything newer is written.
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
  private readonly journal: FallbackJournal | null;
  private readonly anchors: ChainAnchors;
  private readonly verification: VerificationSchedule;
  private batchTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private journalRetryTimer: NodeJS.Timeout | null = null;
  private signTimer: NodeJS.Timeout | null = null;
  private retryDelayMs: number;
  private outage: Outage | null = null;
  private recovering: Promise<void> | null = null;
  /** The store opened again but nothing proved it can write yet: the next batch goes to it as the test. */
  private probing = false;
  private journalBatch: Promise<void> | null = null;
  /** The in-flight part of the queue is a batch sent to the store (not to the journal). */
  private storeBatchInFlight = false;
  private dropped = 0;
  /** What listeners last heard; starts at "all well", which nobody needs to be told. */
  private lastReport = JSON.stringify([{ state: 'ok' }, 'audit-trail', []]);
  private status: ChainStatus = { verifiedUpToSeq: 0, headSeq: 0 };
  private closed = false;
  private checkpointer: Worker | null = null;
  private chainIdValue: string | null = null;

  static async open(options: AuditStoreOptions): Promise<AuditStore> {
    const store = new AuditStore(options, setUpSigning(options.keyDir, options.stationId, options.keyProtector));
    await store.start();
    return store;
  }

  private constructor(
    private readonly options: AuditStoreOptions,
    private readonly signing: SigningSetup,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.queue = new PendingQueue(options.maxQueued ?? 10_000);
    this.batchDelayMs = options.batchDelayMs ?? 20;
    this.maxBatchRows = options.maxBatchRows ?? 2_000;
    this.retryInitialMs = options.retry?.initialMs ?? 100;
    this.retryMaxMs = options.retry?.maxMs ?? 5_000;
    this.retryDelayMs = this.retryInitialMs;
    this.clock = options.clock ?? { utcMs: Date.now, monoMs: monotonicMs };
    if (options.onHealth) this.listeners.add(options.onHealth);
    const key = signing.key;
    this.client = new AuditWorkerClient(
      options.workerEntry,
      {
        file: options.file,
        projectRoot: options.projectRoot,
        stationId: options.stationId,
        tailVerifyRows: options.tailVerifyRows ?? 1_000,
        busyTimeoutMs: options.busyTimeoutMs ?? 1_000,
        retentionYears: options.retentionYears ?? DEFAULT_RETENTION_YEARS,
        signing: key ? { privateKey: key.privateKey, publicKey: key.publicKey, keyId: key.keyId, everyRows: options.signEveryRows ?? 1_000 } : null,
        keyPreexisting: signing.preexisting,
        headFile: signing.headFile,
      },
      this.logger,
    );
    this.journal = options.journalDir
      ? new FallbackJournal({
          dir: options.journalDir,
          stationId: options.stationId,
          signer: key ? signWith(key) : null,
          fileOps: options.journal?.fileOps,
          maxBytes: options.journal?.maxBytes,
          batchDelayMs: this.batchDelayMs,
          now: () => this.clock.utcMs(),
        })
      : null;
    this.anchors = new ChainAnchors({
      client: this.client,
      logger: this.logger,
      utcMs: () => this.clock.utcMs(),
      record: (event) => this.record(event),
      changed: () => this.emitHealth(),
      headFile: signing.headFile,
      dbFile: options.file,
    });
    if (signing.problem) this.anchors.set('key', signing.problem);
    this.verification = new VerificationSchedule({
      firstAfterMs: options.firstFullVerifyAfterMs === undefined ? 60_000 : options.firstFullVerifyAfterMs,
      everyMs: options.fullVerifyEveryMs === undefined ? 24 * 3_600_000 : options.fullVerifyEveryMs,
      run: () => this.verify({ full: true }).then(() => undefined),
      logger: this.logger,
    });
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

  /**
   * A clinical action: resolves once it is durable, in the audit trail or,
   * while the store cannot write, in the fallback journal (the answer says
   * which); rejects with AuditUnavailableError if neither can take it.
   */
  recordClinical(input: AuditEventInput): Promise<ClinicalRecord> {
    if (this.closed) return Promise.reject(new AuditUnavailableError('the audit store is closed'));
    let event: PendingAuditEvent;
    try {
      event = normalizeAuditEvent(input, this.clock.utcMs(), this.clock.monoMs());
    } catch (error) {
      return Promise.reject(error as Error);
    }
    if (this.outage && !this.journal) return Promise.reject(new AuditUnavailableError(`audit trail unavailable: ${this.outage.reason}`));
    const noted = noteRecorded();
    return new Promise<ClinicalRecord>((resolve, reject) => {
      const waiter = {
        resolve: (record: ClinicalRecord) => {
          noted(record);
          resolve(record);
        },
        reject,
      };
      // Forced past the bound: a few clinical actions must never be what a flood of other events pushes out.
      this.queue.push(event, waiter, performance.now(), true);
      this.schedule();
    });
  }

  get health(): AuditHealth {
    return this.computeHealth();
  }

  /** Everything IT must fix, with the path, what is wrong and what to do (store, journal, chain, key). */
  problems(): AuditProblem[] {
    const out: AuditProblem[] = [];
    if (this.outage) out.push({ path: this.options.file, sinceUtcMs: this.outage.sinceUtcMs, ...describeStoreFailure(this.options.file, this.outage.failure, this.outage.reason) });
    const journalProblem = this.journal?.problem;
    if (journalProblem) out.push({ path: this.journal!.dir, sinceUtcMs: journalProblem.sinceUtcMs, ...describeJournalFailure(this.journal!.dir, journalProblem.what) });
    return [...out, ...this.anchors.problems()];
  }

  /** Where clinical actions go now: the trail, the journal (store down), or nowhere (both down: refused). */
  get durability(): 'audit-trail' | 'fallback-journal' | 'refused' {
    if (!this.outage) return 'audit-trail';
    return this.journal && !this.journal.problem ? 'fallback-journal' : 'refused';
  }

  /** Called on every change of health or problems (and on each failed retry while not ok). Returns an unsubscribe function. */
  onHealth(listener: AuditHealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Heads the writer signs, as they are signed (the back-end connection forwards them). */
  onSignedHeads(listener: SignedHeadListener): () => void {
    return this.anchors.onSignedHeads(listener);
  }

  /** Signed heads after `afterSeq` (what the back end has not confirmed), oldest first. */
  signedHeadsSince(afterSeq: number, limit = 500): Promise<SignedAuditHead[]> {
    return this.client.request<SignedAuditHead[]>({ type: 'signed-heads', afterSeq, limit });
  }

  /** The chain's identity (its genesis row's hash), once the store has opened it. */
  get chainId(): string | null {
    return this.chainIdValue;
  }

  /** The station's public key (base64 SPKI), as the back end must record it. */
  get publicKey(): string | null {
    return this.signing.key?.publicKey ?? null;
  }

  /** Compares the heads the back end holds with this database; a mismatch is an AUDIT_FAILURE. */
  checkBackEndHeads(heads: SignedAuditHead[]): Promise<BackEndCheck> {
    return this.anchors.checkBackEnd(heads);
  }

  chainStatus(): ChainStatus {
    return { ...this.status };
  }

  /** The verification running now (for a progress bar) and the last full one. */
  verificationStatus(): VerificationProgress {
    return this.verification.status();
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
   * Walks the chain in the writer thread (appends continue between chunks).
   * Full (the default): every row from the genesis row, every signed head,
   * the last head beside the key and the back end's heads; otherwise from the
   * checkpoint. Moves the checkpoint on success and records audit.verified
   * either way; a failed full verification is an AUDIT_FAILURE until one passes.
   */
  async verify(options: { full?: boolean; actor?: AuditActor | 'system' } = {}): Promise<Verification> {
    const full = options.full ?? true;
    const result = await this.verification.track(full, (progress) =>
      this.client.request<VerifyResult>({ type: 'verify', full, backEndHeads: full ? this.anchors.backEndHeads : null }, progress),
    );
    this.status.verifiedUpToSeq = result.verifiedUpToSeq;
    const { verifiedUpToSeq: _ignored, ...verification } = result;
    this.record({
      action: 'audit.verified',
      actor: options.actor,
      details: verification.ok
        ? { ok: true, full, rows: verification.checkedRows, to_seq: verification.lastSeq, signed_heads: 'signedHeads' in verification ? verification.signedHeads : null }
        : { ok: false, full, broken_at_seq: verification.brokenAtSeq, reason: verification.reason },
    });
    if (!verification.ok) {
      this.logger.error('audit.chain-broken', { seq: verification.brokenAtSeq, reason: verification.reason });
      this.anchors.set('verification', {
        code: ['replaced', 'truncated', 'key-mismatch', 'unsigned'].includes(verification.reason as string) ? 'chain-replaced' : 'chain-broken',
        path: this.options.file,
        what: `failed verification at seq ${verification.brokenAtSeq}: ${verification.detail}`,
        fix: `keep ${this.options.file} and the key folder for investigation; restore a verified copy from backup`,
      });
    } else if (full) this.anchors.clear('verification');
    return verification;
  }

  /** Writes the matching rows to `outFile` (csv or json) and `<outFile>.manifest.json`; records audit.exported. */
  async export(options: { filter?: ExportFilter; format: ExportFormat; outFile: string; actor?: AuditActor | 'system' }): Promise<ExportManifest> {
    const result = await this.client.request<ExportResult>({ type: 'export', filter: options.filter ?? {}, format: options.format, outFile: options.outFile });
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

  /** Resolves when everything recorded before the call is durable, in the store or the journal (waits through an outage of both). */
  flush(): Promise<void> {
    const ordinal = this.queue.lastOrdinal;
    if (this.queue.doneThrough(ordinal)) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.flushWaiters.push({ ordinal, resolve });
      this.schedule();
    });
  }

  /** Flushes (up to `timeoutMs`), then closes the database, the journal and the writer thread. */
  async close(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.verification.stop();
    if (this.signTimer) clearInterval(this.signTimer);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise<void>((resolve) => (timer = setTimeout(resolve, options.timeoutMs ?? 5_000)))]);
    clearTimeout(timer);
    this.clearTimers();
    if (this.queue.length > 0) this.logger.error('audit.closed-with-unwritten-events', { queued: this.queue.length });
    for (const waiter of this.queue.removeClinical()) waiter.reject(new AuditUnavailableError('the audit store closed before the action was committed'));
    await this.journal?.close().catch(() => undefined);
    await this.stopCheckpointer();
    await this.client.request({ type: 'close' }).catch(() => undefined);
    await this.client.terminate();
    for (const waiter of this.flushWaiters.splice(0)) waiter.resolve();
  }

  /** Test seam: the writer thread dies mid-flight, as a native crash would take it. */
  crashWriterForTests(): Promise<void> {
    return this.client.crashWriterForTests();
  }

  // --- start, recovery ------------------------------------------------------------

  private async start(): Promise<void> {
    await this.journal?.check();
    try {
      this.opened(await this.client.request<OpenInfo>({ type: 'open' }));
      if (this.journal && this.journal.pendingSegments().length > 0) await this.recover();
    } catch (error) {
      this.onWriteFailed(error);
    }
    this.signTimer = setInterval(() => this.signHeadNow(), this.options.signEveryMs ?? 60_000);
    this.signTimer.unref?.();
    this.verification.start();
    this.emitHealth();
  }

  private opened(info: OpenInfo): void {
    this.status = { verifiedUpToSeq: Math.max(this.status.verifiedUpToSeq, info.verifiedUpToSeq), headSeq: Math.max(this.status.headSeq, info.headSeq) };
    this.chainIdValue = info.chainId;
    this.anchors.took(info);
    for (const warning of info.warnings) {
      // Loud for this run, and in the trail for good.
      this.anchors.set(`open:${warning.kind}`, {
        code: warning.kind === 'replaced' ? 'chain-replaced' : 'anchor-missing',
        path: warning.kind === 'replaced' ? this.options.file : (this.signing.headFile ?? this.options.file),
        what: warning.what,
        fix: warning.kind === 'replaced' ? 'if IT did not decide this, keep the archived database and the key folder for investigation' : "check who changed the key folder; the back end's heads are compared on connect",
      });
      this.record({ action: 'audit.integrity-failed', details: { check: warning.kind, detail: warning.what.slice(0, 160) } });
      this.logger.error('audit.open-warning', { kind: warning.kind, what: warning.what.slice(0, 200) });
    }
    if ((this.options.walCheckpointer ?? true) && !this.checkpointer) this.startCheckpointer();
    this.logger.info('audit.opened', { headSeq: info.headSeq, verifiedUpToSeq: info.verifiedUpToSeq, schemaFrom: info.migratedFrom, schema: info.schemaVersion, signedThrough: info.lastSignedSeq });
  }

  /**
   * The store answers again: everything in the journal goes into the chain
   * (verified, one transaction per segment, each import recorded) before
   * anything newer, which waits in the queue meanwhile.
   */
  private recover(): Promise<void> {
    this.recovering ??= (async () => {
      // Never settle synchronously: `recovering` must be set before this body clears it.
      await Promise.resolve();
      try {
        while (this.journalBatch) await this.journalBatch;
        let wrote = 0;
        if (this.journal) {
          await this.journal.closeSegment();
          wrote = await importPendingSegments({
            journal: this.journal,
            client: this.client,
            stationId: this.options.stationId,
            publicKey: this.signing.key?.publicKey ?? null,
            clock: this.clock,
            logger: this.logger,
            took: (outcome: SigningOutcome, headSeq?: number) => {
              this.anchors.took(outcome);
              if (headSeq) this.status.headSeq = Math.max(this.status.headSeq, headSeq);
            },
            rejected: (file, what) => this.anchors.set(`journal:${file}`, { code: 'journal-rejected', path: file, what, fix: 'keep the file for investigation: its actions are not in the audit trail' }),
          });
        }
        this.recovering = null;
        // An open that succeeds proves little (a locked or read-only file opens): the store counts
        // as back once something was written, by an import or, failing that, the next batch.
        if (this.outage && wrote === 0 && this.queue.length > 0) this.probing = true;
        else if (this.outage || this.dropped > 0) this.markRecovered();
      } catch (error) {
        this.recovering = null;
        this.onWriteFailed(error);
      }
      this.schedule();
    })();
    return this.recovering;
  }

  private signHeadNow(): void {
    if (this.outage || this.recovering || this.closed) return;
    this.client.request<SigningOutcome>({ type: 'sign-head' }).then(
      (outcome) => this.anchors.took(outcome),
      (error) => this.logger.warn('audit.sign-head-failed', { reason: describeError(error).slice(0, 200) }),
    );
    if (this.journal && this.journal.pendingSegments().length > 0) void this.recover();
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
    if (this.queue.inFlight > 0 || this.queue.length === 0 || this.recovering) return;
    if (this.outage && this.probing) {
      this.probing = false;
      this.sendBatch();
      return;
    }
    if (this.outage) {
      // The store is down: the journal takes everything, at once (it batches high-volume events
      // itself). While the journal is failing too, a clinical action still tries it at once, so
      // the nurse hears "refused" (or "recorded") now, not after the next retry.
      if (this.journal && (!this.journalRetryTimer || this.queue.clinicalCount > 0)) this.sendToJournal();
      return;
    }
    if (this.retryTimer) return;
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
    this.storeBatchInFlight = true;
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
    this.storeBatchInFlight = false;
    this.queue.commitInFlight();
    this.status = { headSeq: Math.max(this.status.headSeq, result.lastSeq), verifiedUpToSeq: result.verifiedUpToSeq };
    this.anchors.took(result);
    clinicalIndices.forEach((index, i) => batch[index]!.clinical!.resolve({ recordedIn: 'audit-trail', row: result.rows[i]! }));
    if (this.outage || this.dropped > 0) this.markRecovered();
    this.releaseFlushWaiters();
    this.schedule();
  }

  /** Everything in flight or queued goes to the journal, in order; clinical actions resolve once sealed there. */
  private sendToJournal(): void {
    const journal = this.journal!;
    const batch = this.queue.takeBatch(this.maxBatchRows);
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
      else if (/waiting for import/.test((result.reason as Error).message) && !batch[done]!.clinical) {
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
      this.logger.error('audit.journal-failed', { reason: failure.message.slice(0, 200), queued: this.queue.length });
      this.scheduleJournalRetry();
    }
    this.releaseFlushWaiters();
    this.emitHealth();
    this.schedule();
  }

  private scheduleJournalRetry(): void {
    if (this.journalRetryTimer || this.closed) return;
    this.journalRetryTimer = setTimeout(() => {
      this.journalRetryTimer = null;
      void this.journal!.check().then(() => {
        if (this.journal!.problem) this.scheduleJournalRetry();
        this.emitHealth();
        this.schedule();
      });
    }, this.retryDelayMs);
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
    if (!this.outage) {
      this.outage = { reason, failure, sinceUtcMs: this.clock.utcMs() };
      this.queue.push(this.ownEvent('audit.degraded', { reason: reason.slice(0, 200) }), null, performance.now(), true);
      this.logger.error('audit.degraded', { reason, queued: this.queue.length, journal: this.durability });
    } else {
      this.outage.reason = reason;
      this.outage.failure = failure;
    }
    if (!this.journal) {
      // No second place: clinical actions are refused, never written late.
      for (const waiter of this.queue.removeClinical()) waiter.reject(new AuditUnavailableError(`audit write failed: ${reason}`));
    }
    this.releaseFlushWaiters();
    this.emitHealth(true);
    this.scheduleRetry();
    this.schedule();
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    const delay = this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.retryMaxMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.client.request<OpenInfo>({ type: 'open' }).then(
        (info) => {
          this.opened(info);
          void this.recover();
        },
        (error) => this.onWriteFailed(error),
      );
    }, delay);
  }

  private onDropped(): void {
    this.dropped++;
    if (this.dropped === 1) {
      this.logger.error('audit.overflow', { capacity: this.queue.capacity, reason: this.outage?.reason ?? 'queue-full' });
      this.emitHealth();
    }
  }

  private markRecovered(): void {
    const outage = this.outage;
    const dropped = this.dropped;
    this.outage = null;
    this.dropped = 0;
    this.retryDelayMs = this.retryInitialMs;
    const outageMs = outage ? this.clock.utcMs() - outage.sinceUtcMs : 0;
    this.queue.push(this.ownEvent('audit.recovered', { reason: (outage?.reason ?? 'queue-full').slice(0, 200), dropped, outage_ms: outageMs }), null, performance.now(), true);
    this.logger.info('audit.recovered', { dropped, outageMs });
    this.emitHealth();
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

  /** `always`: report even if nothing but the counts changed (each failed retry). */
  private emitHealth(always = false): void {
    const health = this.computeHealth();
    const report = JSON.stringify([health, this.durability, this.problems().map((p) => [p.code, p.path, p.what])]);
    if (!always && report === this.lastReport) return;
    this.lastReport = report;
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
    for (const timer of [this.batchTimer, this.retryTimer, this.journalRetryTimer]) if (timer) clearTimeout(timer);
    this.batchTimer = null;
    this.retryTimer = null;
    this.journalRetryTimer = null;
  }
}

export type { AuditRow };
