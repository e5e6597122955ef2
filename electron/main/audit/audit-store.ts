import type { Worker } from 'node:worker_threads';
import type { SignedAuditHead } from '../../../shared/protocol/audit-heads';
import { silentLogger, type Logger } from '../logging/logger';
import { systemClock, type Clock } from '../time/clock';
import { afterMonotonic, type MonotonicTimer } from '../time/monotonic-timer';
import { describeError } from './audit-failure';
import type { AuditHealth, AuditHealthListener } from './audit-health';
import { describeJournalFailure, describeStoreFailure, type AuditProblem } from './audit-problems';
import type { AuditRow, PendingAuditEvent } from './audit-row';
import { ChainAnchors, type SignedHeadListener } from './chain-anchors';
import { noteRecorded, type ClinicalRecord } from './durability-receipt';
import type { ExportFilter, ExportFormat, ExportManifest } from './export-format';
import { FallbackJournal } from './journal/fallback-journal';
import { monotonicStamp } from './monotonic-clock';
import { normalizeAuditEvent, type AuditActor, type AuditEventInput } from './normalize-event';
import { DEFAULT_RETENTION_YEARS } from './retention';
import { setUpSigning, type SigningSetup } from './signing/set-up-signing';
import { signWith } from './signing/journal-signer';
import { VerificationSchedule, type VerificationProgress } from './verification-schedule';
import { AuditUnavailableError, WritePath } from './write-path';
import { startCheckpointerThread, stopCheckpointerThread } from './checkpointer-thread';
import type { AuditStoreOptions } from './audit-store-options';
import { AuditWorkerClient } from './worker-client';
import type { AuditFilter, AuditPage, AuditQuery } from './writer/audit-query';
import type { Verification } from './writer/full-verification';
import type { PruneResult } from './writer/prune-audit';
import type { BackEndCheck, ExportResult, OpenInfo, SigningOutcome, VerifyResult } from './writer/worker-protocol';
export interface ChainStatus {
  /** Highest seq proven by a walk from the chain start (the checkpoint). */
  verifiedUpToSeq: number;
  /** Highest seq known to be committed. */
  headSeq: number;
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
  private readonly clock: Clock;
  private readonly listeners = new Set<AuditHealthListener>();
  private readonly journal: FallbackJournal | null;
  private readonly anchors: ChainAnchors;
  private readonly verification: VerificationSchedule;
  private readonly path: WritePath;
  private signTimer: MonotonicTimer | null = null;
  /** What listeners last heard; starts at "all well", which nobody needs to be told. */
  private lastReport = JSON.stringify([{ state: 'ok' }, 'audit-trail', []]);
  private status: ChainStatus = { verifiedUpToSeq: 0, headSeq: 0 };
  private closed = false;
  private checkpointer: Worker | null = null;
  private chainIdValue: string | null = null;

  static async open(options: AuditStoreOptions): Promise<AuditStore> {
    const clock = options.clock ?? systemClock;
    const store = new AuditStore(options, setUpSigning(options.keyDir, options.stationId, options.keyProtector, { create: options.createKey ?? true, now: () => clock.wall() }));
    await store.start();
    return store;
  }

  private constructor(
    private readonly options: AuditStoreOptions,
    private readonly signing: SigningSetup,
  ) {
    this.logger = options.logger ?? silentLogger;
    const batchDelayMs = options.batchDelayMs ?? 20;
    this.clock = options.clock ?? systemClock;
    const recheckMs = options.clockRecheckMs;
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
          batchDelayMs,
          now: () => this.clock.wall(),
        })
      : null;
    this.anchors = new ChainAnchors({
      client: this.client,
      logger: this.logger,
      utcMs: () => this.clock.wall(),
      record: (event) => this.record(event),
      changed: () => this.emitHealth(),
      headFile: signing.headFile,
      dbFile: options.file,
    });
    this.path = new WritePath({
      client: this.client,
      journal: this.journal,
      anchors: this.anchors,
      logger: this.logger,
      clock: this.clock,
      recheckMs,
      stationId: options.stationId,
      publicKey: key?.publicKey ?? null,
      maxQueued: options.maxQueued ?? 10_000,
      batchDelayMs,
      maxBatchRows: options.maxBatchRows ?? 2_000,
      retry: { initialMs: options.retry?.initialMs ?? 100, maxMs: options.retry?.maxMs ?? 5_000 },
      opened: (info) => this.opened(info),
      committed: (result) => {
        this.status = { headSeq: Math.max(this.status.headSeq, result.lastSeq), verifiedUpToSeq: result.verifiedUpToSeq };
        this.anchors.took(result);
      },
      headSeqAtLeast: (seq) => (this.status.headSeq = Math.max(this.status.headSeq, seq)),
      changed: (always) => this.emitHealth(always),
    });
    if (signing.problem) this.anchors.set('key', signing.problem);
    this.verification = new VerificationSchedule({
      firstAfterMs: options.firstFullVerifyAfterMs === undefined ? 60_000 : options.firstFullVerifyAfterMs,
      everyMs: options.fullVerifyEveryMs === undefined ? 24 * 3_600_000 : options.fullVerifyEveryMs,
      run: () => this.verify({ full: true }).then(() => undefined),
      logger: this.logger,
      clock: this.clock,
      recheckMs,
    });
  }

  /** A high-volume event: queued now, committed with the next batch. Throws AuditEventError on invalid input. */
  record(input: AuditEventInput): void {
    if (this.closed) {
      this.logger.warn('audit.record-after-close', { action: String(input.action) });
      return;
    }
    this.path.push(normalizeAuditEvent(input, this.clock.wall(), monotonicStamp(this.clock)));
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
      event = normalizeAuditEvent(input, this.clock.wall(), monotonicStamp(this.clock));
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const outage = this.path.outage;
    if (outage && !this.journal) return Promise.reject(new AuditUnavailableError(`audit trail unavailable: ${outage.reason}`));
    const noted = noteRecorded();
    return new Promise<ClinicalRecord>((resolve, reject) => {
      this.path.pushClinical(event, {
        resolve: (record: ClinicalRecord) => {
          noted(record);
          resolve(record);
        },
        reject,
      });
    });
  }

  get health(): AuditHealth {
    return this.path.health();
  }

  /** Everything IT must fix, with the path, what is wrong and what to do (store, journal, chain, key). */
  problems(): AuditProblem[] {
    const out: AuditProblem[] = [];
    const outage = this.path.outage;
    if (outage) out.push({ path: this.options.file, sinceUtcMs: outage.sinceUtcMs, ...describeStoreFailure(this.options.file, outage.failure, outage.reason) });
    const journalProblem = this.journal?.problem;
    if (journalProblem) out.push({ path: this.journal!.dir, sinceUtcMs: journalProblem.sinceUtcMs, ...describeJournalFailure(this.journal!.dir, journalProblem.what) });
    return [...out, ...this.anchors.problems()];
  }

  /** Where clinical actions go now: the trail, the journal (store down), or nowhere (both down: refused). */
  get durability(): 'audit-trail' | 'fallback-journal' | 'refused' {
    return this.path.durability;
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
    return this.path.queue.length;
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
      nowUtc: this.clock.wall(),
      monoMs: monotonicStamp(this.clock),
      userId: actor.userId,
      role: actor.role,
    });
    this.status.headSeq = Math.max(this.status.headSeq, result.auditRow.seq);
    this.logger.info('audit.pruned', { fromSeq: result.fromSeq, toSeq: result.toSeq, rows: result.rows });
    return result;
  }

  /** Resolves when everything recorded before the call is durable, in the store or the journal (waits through an outage of both). */
  flush(): Promise<void> {
    return this.path.flush();
  }

  /** Flushes (up to `timeoutMs`), then closes the database, the journal and the writer thread. */
  async close(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.verification.stop();
    this.signTimer?.cancel();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise<void>((resolve) => (timer = setTimeout(resolve, options.timeoutMs ?? 5_000)))]);
    clearTimeout(timer);
    this.path.stop();
    await this.journal?.close().catch(() => undefined);
    await stopCheckpointerThread(this.checkpointer);
    this.checkpointer = null;
    await this.client.request({ type: 'close' }).catch(() => undefined);
    await this.client.terminate();
  }

  /** Test seam: the writer thread dies mid-flight, as a native crash would take it. */
  crashWriterForTests(): Promise<void> {
    return this.client.crashWriterForTests();
  }

  // --- start, recovery ------------------------------------------------------------

  private async start(): Promise<void> {
    await this.path.start();
    this.armSigning();
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
    if ((this.options.walCheckpointer ?? true) && !this.checkpointer) this.checkpointer = startCheckpointerThread(this.options, this.logger);
    this.logger.info('audit.opened', { headSeq: info.headSeq, verifiedUpToSeq: info.verifiedUpToSeq, schemaFrom: info.migratedFrom, schema: info.schemaVersion, signedThrough: info.lastSignedSeq });
  }

  /** The head is signed every `signEveryMs` of the monotonic clock (a wall-clock step neither skips nor repeats one). */
  private armSigning(): void {
    if (this.closed) return;
    this.signTimer = afterMonotonic(
      this.clock,
      this.options.signEveryMs ?? 60_000,
      () => {
        this.signHeadNow();
        this.armSigning();
      },
      { recheckMs: this.options.clockRecheckMs, unref: true },
    );
  }

  private signHeadNow(): void {
    if (!this.path.writing) return;
    this.client.request<SigningOutcome>({ type: 'sign-head' }).then(
      (outcome) => this.anchors.took(outcome),
      (error) => this.logger.warn('audit.sign-head-failed', { reason: describeError(error).slice(0, 200) }),
    );
    // Segments left behind (a journal that recovered after the store did): import them now.
    if (this.journal && this.journal.pendingSegments().length > 0) void this.path.recover();
  }

  /** `always`: report even if nothing but the counts changed (each failed retry). */
  private emitHealth(always = false): void {
    const health = this.path.health();
    const report = JSON.stringify([health, this.path.durability, this.problems().map((p) => [p.code, p.path, p.what])]);
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
}

export type { AuditRow, AuditStoreOptions };
export { AuditUnavailableError };
