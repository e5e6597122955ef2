import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase, type SqliteDatabase } from '../../storage/open-database';
import { countAudit, queryAudit, type AuditFilter, type AuditPage, type AuditQuery } from './audit-query';
import type { PendingAuditEvent } from '../audit-row';
import { AuditFailure, describeError } from '../audit-failure';
import { advanceCheckpoint, readCheckpoint } from './chain-meta';
import { ChainWriter } from './chain-writer';
import { exportAudit } from './export-audit';
import type { ExportFilter, ExportFormat, ExportManifest } from '../export-format';
import { migrate } from './migrations';
import { monotonicMs } from '../monotonic-clock';
import { pruneAudit, type PruneResult } from './prune-audit';
import { checkChainAtStartup } from './startup-check';
import { verifyChainInSlices, type ChainVerification } from './verify-chain';
import type { AppendResult, AuditWorkerData, OpenInfo } from './worker-protocol';

const WAL_SAFETY_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Everything the writer thread does, without the thread (audit-worker.ts only
 * wires messages to it). Owns the one read-write connection. Every call first
 * makes sure the connection is open, verified and still backed by the file on
 * disk; a call that fails leaves the object ready to try again.
 */
export class AuditWorkerCore {
  private db: SqliteDatabase | null = null;
  private writer: ChainWriter | null = null;
  private identity: { dev: number; ino: number } | null = null;
  private verifiedUpToSeq = 0;
  private migratedFrom = 0;
  private maintenance: Promise<unknown> = Promise.resolve();
  private appendsSinceWalCheck = 0;

  constructor(private readonly config: AuditWorkerData) {}

  open(): OpenInfo {
    this.ensureReady();
    return { headSeq: this.writer!.headSeq, verifiedUpToSeq: this.verifiedUpToSeq, migratedFrom: this.migratedFrom, schemaVersion: this.schema() };
  }

  append(events: PendingAuditEvent[], durable: boolean, clinicalIndices: number[]): AppendResult {
    this.ensureReady();
    let rows;
    try {
      rows = this.writer!.append(events, { durable });
    } catch (error) {
      throw new AuditFailure('write-failed', describeError(error));
    }
    this.checkWalSize();
    return {
      firstSeq: rows[0]?.seq ?? 0,
      lastSeq: rows[rows.length - 1]?.seq ?? 0,
      verifiedUpToSeq: this.verifiedUpToSeq,
      rows: clinicalIndices.map((i) => rows[i]!),
    };
  }

  query(query: AuditQuery): AuditPage {
    this.ensureReady();
    return queryAudit(this.db!, query);
  }

  count(filter: AuditFilter): number {
    this.ensureReady();
    return countAudit(this.db!, filter);
  }

  /** Full walk from the genesis row, or from the checkpoint row onwards; moves the checkpoint on success. */
  verify(full: boolean): Promise<ChainVerification & { verifiedUpToSeq: number }> {
    return this.serialized(async () => {
      this.ensureReady();
      const db = this.db!;
      const checkpoint = readCheckpoint(db);
      const result = await verifyChainInSlices(db, { fromSeq: full || !checkpoint ? 1 : checkpoint.seq, toSeq: this.writer!.headSeq });
      if (result.ok && result.lastSeq !== null && result.lastHash !== null) this.advance(result.lastSeq, result.lastHash);
      return { ...result, verifiedUpToSeq: this.verifiedUpToSeq };
    });
  }

  export(filter: ExportFilter, format: ExportFormat, outFile: string): Promise<ExportManifest & { verifiedUpToSeq: number }> {
    return this.serialized(async () => {
      this.ensureReady();
      const { manifest } = await exportAudit(this.db!, { filter, format, outFile, stationId: this.config.stationId });
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

  private schema(): number {
    return this.db!.pragma('user_version', { simple: true }) as number;
  }

  private ensureReady(): void {
    if (!this.db) this.openConnection();
    else this.checkFileIdentity();
  }

  private openConnection(): void {
    const { file, projectRoot, stationId } = this.config;
    let db: SqliteDatabase;
    try {
      mkdirSync(dirname(file), { recursive: true });
      db = openDatabase(file, { projectRoot });
    } catch (error) {
      throw new AuditFailure('open-failed', describeError(error));
    }
    try {
      if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') throw new Error('WAL journal mode is not available');
      db.pragma(`busy_timeout = ${Math.max(0, Math.floor(this.config.busyTimeoutMs))}`);
      db.pragma('synchronous = NORMAL');
      // Checkpoints run on their own thread (wal-checkpointer.ts), not inside commits.
      db.pragma('wal_autocheckpoint = 0');
      db.pragma(`journal_size_limit = ${WAL_SAFETY_LIMIT_BYTES}`);
      const migration = migrate(db);
      const writer = new ChainWriter(db, stationId);
      if (writer.isEmpty) {
        const genesis = writer.writeGenesis(Date.now(), monotonicMs());
        advanceCheckpoint(db, genesis.seq, genesis.hash, genesis.utcMs);
      }
      const check = checkChainAtStartup(db, this.config.tailVerifyRows);
      if (!check.ok) throw new AuditFailure('chain-broken', `chain broken at seq ${check.brokenAtSeq}: ${check.reason} (${check.detail})`);
      const stat = statSync(file);
      this.db = db;
      this.writer = writer;
      this.identity = { dev: stat.dev, ino: stat.ino };
      this.migratedFrom = migration.from;
      this.verifiedUpToSeq = readCheckpoint(db)?.seq ?? 0;
    } catch (error) {
      db.close();
      throw error instanceof AuditFailure ? error : new AuditFailure('open-failed', describeError(error));
    }
  }

  /**
   * On Linux a deleted database file keeps working through the open handle,
   * so writes would go nowhere. Checked before every call (a stat, ~µs).
   * A deleted file is rebuilt from the still-open connection (nothing lost);
   * a replaced file is reopened and verified like any other.
   */
  private checkFileIdentity(): void {
    const stat = statSync(this.config.file, { throwIfNoEntry: false });
    if (stat && stat.dev === this.identity!.dev && stat.ino === this.identity!.ino) return;
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
    this.identity = null;
    db?.close();
  }
}
