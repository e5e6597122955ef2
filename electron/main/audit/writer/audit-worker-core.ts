import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SignedAuditHead } from '../../../../shared/protocol/audit-heads';
import type { SqliteDatabase } from '../../storage/open-database';
import { AuditFailure, describeError } from '../audit-failure';
import type { PendingAuditEvent } from '../audit-row';
import type { ExportFilter, ExportFormat } from '../export-format';
import type { JournalExpectations } from '../journal/journal-reader';
import type { WrittenSegment } from '../journal/fallback-journal';
import { readHeadFile } from '../signing/head-file';
import { countAudit, queryAudit, type AuditFilter, type AuditPage, type AuditQuery } from './audit-query';
import { advanceCheckpoint, readCheckpoint } from './chain-meta';
import type { ChainIdentity } from './chain-identity';
import type { ChainWriter } from './chain-writer';
import { exportAudit } from './export-audit';
import { verifyFully } from './full-verification';
import type { HeadSigning } from './head-signing';
import { planImport } from './import-journal';
import { openChain, WAL_SAFETY_LIMIT_BYTES } from './open-chain';
import { pruneAudit, type PruneResult } from './prune-audit';
import { checkBackEndHeads } from './verify-anchors';
import { verifyChainInSlices } from './verify-chain';
import type { AppendResult, AuditWorkerData, BackEndCheck, ExportResult, JournalImport, OpenInfo, OpenWarning, SigningOutcome, VerifyResult } from './worker-protocol';

/** Rows inserted per statement batch while importing a journal segment (all inside one transaction). */
const IMPORT_CHUNK = 2_000;

/**
 * Everything the writer thread does, without the thread (audit-worker.ts only
 * wires messages to it). Owns the one read-write connection. Every call first
 * makes sure the connection is open, verified and still backed by the file on
 * disk; a call that fails leaves the object ready to try again.
 */
export class AuditWorkerCore {
  private db: SqliteDatabase | null = null;
  private writer: ChainWriter | null = null;
  private signing: HeadSigning | null = null;
  private identity: ChainIdentity | null = null;
  private fileIdentity: { dev: number; ino: number } | null = null;
  private verifiedUpToSeq = 0;
  private migratedFrom = 0;
  private openOutcome: SigningOutcome & { warnings: OpenWarning[] } = { signedHeads: [], headFileProblem: null, warnings: [] };
  private maintenance: Promise<unknown> = Promise.resolve();
  private appendsSinceWalCheck = 0;

  constructor(private readonly config: AuditWorkerData) {}

  open(): OpenInfo {
    this.ensureReady();
    const outcome = this.openOutcome;
    this.openOutcome = { signedHeads: [], headFileProblem: null, warnings: [] };
    return {
      headSeq: this.writer!.headSeq,
      verifiedUpToSeq: this.verifiedUpToSeq,
      migratedFrom: this.migratedFrom,
      schemaVersion: this.db!.pragma('user_version', { simple: true }) as number,
      chainId: this.identity!.chainId,
      publicKey: this.identity!.publicKey,
      lastSignedSeq: this.signing!.lastSigned,
      warnings: outcome.warnings,
      signedHeads: outcome.signedHeads,
      headFileProblem: outcome.headFileProblem,
    };
  }

  append(events: PendingAuditEvent[], durable: boolean, clinicalIndices: number[]): AppendResult {
    this.ensureReady();
    let written;
    try {
      written = this.commit(durable, () => this.writer!.insertRows(events).rows);
    } catch (error) {
      throw new AuditFailure('write-failed', describeError(error));
    }
    const rows = written.result;
    this.checkWalSize();
    return {
      firstSeq: rows[0]?.seq ?? 0,
      lastSeq: rows[rows.length - 1]?.seq ?? 0,
      verifiedUpToSeq: this.verifiedUpToSeq,
      rows: clinicalIndices.map((i) => rows[i]!),
      signedHeads: written.signedHeads,
      headFileProblem: written.headFileProblem,
    };
  }

  /** The minute's signature: signs the head if anything was written since the last one. */
  signHead(): SigningOutcome {
    this.ensureReady();
    const written = this.commit(true, () => null, true);
    return { signedHeads: written.signedHeads, headFileProblem: written.headFileProblem };
  }

  signedHeads(afterSeq: number, limit: number): SignedAuditHead[] {
    this.ensureReady();
    return this.signing!.since(afterSeq, limit);
  }

  /** One fallback-journal segment into the chain, in one transaction with the row that records the import. */
  importJournal(request: { file: string; expect: JournalExpectations; written: WrittenSegment | null; nowUtc: number; monoMs: number }): JournalImport {
    this.ensureReady();
    const plan = planImport(this.db!, request);
    if (plan.kind === 'already-imported') return { outcome: 'already-imported', journalId: plan.journalId };
    if (plan.kind === 'rejected') {
      const written = this.commit(true, () => this.writer!.insertRows([plan.event]).rows[0]!, true);
      return { outcome: 'rejected', problem: plan.problem, line: plan.line, detail: plan.detail, auditSeq: written.result.seq, ...this.signingOf(written) };
    }
    const written = this.commit(
      true,
      () => {
        let chunk: PendingAuditEvent[] = [];
        for (const event of plan.rows()) {
          chunk.push(event);
          if (chunk.length < IMPORT_CHUNK) continue;
          this.writer!.adoptHead(this.writer!.insertRows(chunk).head);
          chunk = [];
        }
        if (chunk.length > 0) this.writer!.adoptHead(this.writer!.insertRows(chunk).head);
        return this.writer!.insertRows([plan.summary()]).rows[0]!;
      },
      true,
    );
    this.checkWalSize();
    return { outcome: 'imported', journalId: plan.journalId, ...plan.counts, auditSeq: written.result.seq, headSeq: this.writer!.headSeq, ...this.signingOf(written) };
  }

  /** The heads the back end holds, against this database (on every reconnect). */
  checkBackEnd(heads: SignedAuditHead[]): BackEndCheck {
    this.ensureReady();
    const result = checkBackEndHeads(this.db!, this.identity!, heads);
    return result.ok ? { ok: true, checkedHeads: result.checkedHeads, ignored: result.ignored ?? 0 } : result;
  }

  query(query: AuditQuery): AuditPage {
    this.ensureReady();
    return queryAudit(this.db!, query);
  }

  count(filter: AuditFilter): number {
    this.ensureReady();
    return countAudit(this.db!, filter);
  }

  /**
   * Full: the whole chain from the genesis row, every signed head, the last
   * head beside the key and the back end's heads. Otherwise only the rows
   * after the checkpoint. Moves the checkpoint on success.
   */
  verify(full: boolean, backEndHeads: SignedAuditHead[] | null, onProgress?: (done: number, total: number) => void): Promise<VerifyResult> {
    return this.serialized(async () => {
      this.ensureReady();
      const db = this.db!;
      const toSeq = this.writer!.headSeq;
      let result;
      if (full) {
        result = await verifyFully(db, {
          toSeq,
          onProgress,
          trustedPublicKey: this.config.signing?.publicKey ?? null,
          knownHead: this.config.headFile ? readHeadFile(this.config.headFile) : { state: 'missing' },
          backEndHeads,
        });
      } else {
        const checkpoint = readCheckpoint(db);
        result = await verifyChainInSlices(db, { fromSeq: checkpoint ? checkpoint.seq : 1, toSeq, onProgress });
      }
      if (result.ok && result.lastSeq !== null && result.lastHash !== null) this.advance(result.lastSeq, result.lastHash);
      return { ...result, verifiedUpToSeq: this.verifiedUpToSeq } as VerifyResult;
    });
  }

  export(filter: ExportFilter, format: ExportFormat, outFile: string): Promise<ExportResult> {
    return this.serialized(async () => {
      this.ensureReady();
      const { manifest } = await exportAudit(this.db!, { filter, format, outFile, stationId: this.config.stationId, publicKey: this.identity!.publicKey });
      // A contiguous export that reaches past the checkpoint is a chance to move it.
      if (manifest.contiguous && manifest.lastSeq !== null && manifest.firstSeq !== null && manifest.firstSeq <= this.verifiedUpToSeq + 1 && manifest.lastSeq > this.verifiedUpToSeq) {
        const result = await verifyChainInSlices(this.db!, { fromSeq: Math.max(1, this.verifiedUpToSeq), toSeq: manifest.lastSeq });
        if (result.ok && result.lastSeq !== null && result.lastHash !== null) this.advance(result.lastSeq, result.lastHash);
      }
      return { ...manifest, verifiedUpToSeq: this.verifiedUpToSeq };
    });
  }

  prune(request: { exportFile: string; manifestFile: string; nowUtc: number; monoMs: number; userId: string; role: string }): Promise<PruneResult> {
    return this.serialized(async () => {
      this.ensureReady();
      return pruneAudit(this.db!, this.writer!, { ...request, retentionYears: this.config.retentionYears });
    });
  }

  close(): void {
    if (!this.db) return;
    try {
      this.db.pragma('optimize');
    } finally {
      this.closeConnection();
    }
  }

  /**
   * One transaction: `work` inserts rows, then the head is signed if N rows
   * have passed (or `forceSign`); after COMMIT the head file beside the key
   * follows. Any failure rolls back rows and signature together.
   */
  private commit<T>(durable: boolean, work: () => T, forceSign = false): { result: T; signedHeads: SignedAuditHead[]; headFileProblem: string | null } {
    const writer = this.writer!;
    const signing = this.signing!;
    writer.setDurability(durable);
    let signed: SignedAuditHead | null = null;
    let result: T;
    try {
      result = this.db!.transaction(() => {
        const value = work();
        const head = writer.currentHead();
        if (head) signed = signing.signIfDue(this.identity!.chainId, head, Date.now(), forceSign);
        return value;
      }).immediate();
    } catch (error) {
      writer.reload();
      signing.rolledBack();
      throw error;
    }
    writer.adoptHead(writer.currentHead());
    const headFileProblem = signing.committed(signed);
    return { result, signedHeads: signed ? [signed] : [], headFileProblem };
  }

  private signingOf(written: { signedHeads: SignedAuditHead[]; headFileProblem: string | null }): SigningOutcome {
    return { signedHeads: written.signedHeads, headFileProblem: written.headFileProblem };
  }

  /** Long operations run one at a time; appends still interleave between their chunks. */
  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.maintenance.then(work, work);
    this.maintenance = next.catch(() => undefined);
    return next;
  }

  /**
   * Safety valve for a checkpointer that is gone or starved: past the limit
   * the writer checkpoints itself (slow once, but the WAL stays bounded).
   */
  private checkWalSize(): void {
    if (++this.appendsSinceWalCheck < 64) return;
    this.appendsSinceWalCheck = 0;
    const wal = statSync(`${this.config.file}-wal`, { throwIfNoEntry: false });
    try {
      if (wal && wal.size > WAL_SAFETY_LIMIT_BYTES) this.db!.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // The rows are committed; a failed checkpoint is retried on a later append.
    }
  }

  private advance(seq: number, hash: string): void {
    advanceCheckpoint(this.db!, seq, hash, Date.now());
    this.verifiedUpToSeq = Math.max(this.verifiedUpToSeq, seq);
  }

  private ensureReady(): void {
    if (!this.db) this.openConnection();
    else this.checkFileIdentity();
  }

  private openConnection(): void {
    const opened = openChain(this.config);
    const stat = statSync(this.config.file);
    this.db = opened.db;
    this.writer = opened.writer;
    this.signing = opened.signing;
    this.identity = opened.identity;
    this.fileIdentity = { dev: stat.dev, ino: stat.ino };
    this.migratedFrom = opened.migratedFrom;
    this.verifiedUpToSeq = readCheckpoint(opened.db)?.seq ?? 0;
    this.openOutcome = {
      signedHeads: [...this.openOutcome.signedHeads, ...opened.signedHeads],
      headFileProblem: opened.headFileProblem,
      warnings: opened.warnings,
    };
  }

  /**
   * On Linux a deleted database file keeps working through the open handle,
   * so writes would go nowhere. Checked before every call (a stat, ~µs).
   * A deleted file is rebuilt from the still-open connection (nothing lost);
   * a replaced file is reopened and verified like any other.
   */
  private checkFileIdentity(): void {
    const stat = statSync(this.config.file, { throwIfNoEntry: false });
    if (stat && stat.dev === this.fileIdentity!.dev && stat.ino === this.fileIdentity!.ino) return;
    if (stat) {
      this.closeConnection();
      throw new AuditFailure('database-file-replaced', 'the database file was replaced; reopening and verifying it');
    }
    try {
      mkdirSync(dirname(this.config.file), { recursive: true });
      this.db!.pragma('wal_checkpoint(TRUNCATE)');
      this.db!.prepare('VACUUM INTO ?').run(this.config.file);
    } catch (error) {
      throw new AuditFailure('database-file-missing', `the database file was deleted and could not be restored yet (${describeError(error)})`);
    }
    this.closeConnection();
    throw new AuditFailure('database-file-missing', 'the database file was deleted; restored it from the open connection');
  }

  private closeConnection(): void {
    const db = this.db;
    this.db = null;
    this.writer = null;
    this.signing = null;
    this.identity = null;
    this.fileIdentity = null;
    db?.close();
  }
}
