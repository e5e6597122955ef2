import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { PendingAuditEvent } from '../audit-row';
import { describeError } from '../audit-failure';
import { encodeLine, GENESIS_LINE_HASH, isSegmentOf, JOURNAL_FORMAT, sealPayload, segmentFileName, segmentNumber, type JournalRecord } from './journal-format';
import { NODE_JOURNAL_FILE_OPS, type JournalFileOps, type JournalHandle } from './journal-file-ops';

/** Signs journal seals (the station key, held by the main thread). */
export interface JournalSigner {
  keyId: string;
  publicKey: string;
  /** base64 Ed25519 signature over the UTF-8 payload. */
  sign(payload: string): string;
}

export interface FallbackJournalOptions {
  /** A folder on another path than the audit database (see docs/architecture.md, "Fallback journal"). */
  dir: string;
  stationId: string;
  signer: JournalSigner | null;
  /** Bytes of segments waiting for import beyond which high-volume events are refused (clinical ones never). Default 512 MiB. */
  maxBytes?: number;
  /** How long a high-volume event may wait for company; a clinical one is written at once. Default 20 ms. */
  batchDelayMs?: number;
  fileOps?: JournalFileOps;
  now?: () => number;
}

export interface JournalReceipt {
  journalId: string;
  file: string;
  /** Line number of the entry in its segment. */
  n: number;
}

export class JournalUnavailableError extends Error {
  override name = 'JournalUnavailableError';
}

/** A high-volume event refused because the journal holds its bound of segments waiting for import. */
export class JournalFullError extends JournalUnavailableError {
  override name = 'JournalFullError';
}

export interface JournalProblem {
  /** What is wrong, with the OS error code (never row content). */
  what: string;
  sinceUtcMs: number;
}

interface Waiting {
  event: PendingAuditEvent;
  clinical: boolean;
  inDoubt: boolean;
  resolve(receipt: JournalReceipt): void;
  reject(error: Error): void;
}

interface OpenSegment {
  file: string;
  journalId: string;
  handle: JournalHandle;
  n: number;
  hash: string;
}

/** How the end of a segment this run wrote must look: a truncated tail is then found at import. */
export interface WrittenSegment {
  lastN: number;
  lastHash: string;
  unsigned: boolean;
}

const IMPORTED_DIR = 'imported';
const REJECTED_SUFFIX = '.rejected';

/**
 * The second place to be durable (safety-patterns.md §6). While the audit
 * store cannot write, every event goes here, in call order: appended to a
 * hash-chained segment file and sealed (signed); a write holding a clinical
 * action is fdatasync'd, and the action is confirmed only after that. High-volume events are batched for
 * `batchDelayMs`; a clinical action flushes at once, taking whatever is
 * waiting with it. A write that fails abandons its segment (its cut-off
 * tail is recognised at import) and the next write starts a new one, so a
 * journal on a disk that comes back recovers by itself.
 */
export class FallbackJournal {
  readonly dir: string;
  private readonly fileOps: JournalFileOps;
  private readonly now: () => number;
  private readonly maxBytes: number;
  private readonly batchDelayMs: number;
  private queue: Waiting[] = [];
  private writing: Promise<void> = Promise.resolve();
  private segment: OpenSegment | null = null;
  private timer: NodeJS.Timeout | null = null;
  private problemValue: JournalProblem | null = null;
  private pendingBytes = 0;
  /** Bumped by every failed write: batches flushed before it fail too, so the caller's order survives a retry. */
  private generation = 0;
  private readonly written = new Map<string, WrittenSegment>();
  /** The highest segment number this folder has held (read from it before the first segment is made). */
  private lastNumber: number | null = null;

  constructor(private readonly options: FallbackJournalOptions) {
    this.dir = options.dir;
    this.fileOps = options.fileOps ?? NODE_JOURNAL_FILE_OPS;
    this.now = options.now ?? Date.now;
    this.maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    this.batchDelayMs = options.batchDelayMs ?? 20;
  }

  /** Null when the journal can take writes (as of the last write or check). */
  get problem(): JournalProblem | null {
    return this.problemValue;
  }

  /** Creates the folder if needed and proves a file can be created, written and synced there. */
  async check(): Promise<JournalProblem | null> {
    const probe = join(this.dir, `.probe-${randomBytes(4).toString('hex')}`);
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const handle = await this.fileOps.create(probe);
      try {
        await handle.append('ok\n');
        await handle.sync();
      } finally {
        await handle.close();
      }
      unlinkSync(probe);
      this.pendingBytes = this.pendingSegments().reduce((sum, file) => sum + (statSync(file, { throwIfNoEntry: false })?.size ?? 0), 0);
      this.problemValue = null;
    } catch (error) {
      this.fail(error);
    }
    return this.problemValue;
  }

  /**
   * Appends one event; resolves once it is sealed and on disk. Rejects with
   * JournalUnavailableError if it cannot be (the caller must then not call
   * it recorded), or for a high-volume event when the journal is full.
   */
  append(event: PendingAuditEvent, options: { clinical: boolean; inDoubt?: boolean }): Promise<JournalReceipt> {
    if (!options.clinical && this.pendingBytes > this.maxBytes) {
      return Promise.reject(new JournalFullError(`the fallback journal holds ${this.pendingBytes} bytes waiting for import (limit ${this.maxBytes})`));
    }
    return new Promise<JournalReceipt>((resolve, reject) => {
      this.queue.push({ event, clinical: options.clinical, inDoubt: options.inDoubt ?? false, resolve, reject });
      if (options.clinical) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.batchDelayMs);
    });
  }

  /** Writes what is waiting and closes the open segment: later appends start a new one. Resolves when done. */
  async closeSegment(): Promise<void> {
    this.flush();
    const closing = this.writing.then(async () => {
      const segment = this.segment;
      this.segment = null;
      await segment?.handle.close().catch(() => undefined);
    });
    this.writing = closing;
    await closing;
  }

  /** This station's segments waiting for import, in the order they were written (their numbers, never their times). */
  pendingSegments(): string[] {
    const stationId = this.options.stationId;
    return this.names(this.dir)
      .filter((name) => isSegmentOf(stationId, name))
      .sort((a, b) => segmentNumber(stationId, a)! - segmentNumber(stationId, b)!)
      .map((name) => join(this.dir, name));
  }

  /** Segments refused at import, kept for IT to investigate. */
  rejectedSegments(): string[] {
    return this.names(this.dir)
      .filter((name) => name.endsWith(REJECTED_SUFFIX) && segmentNumber(this.options.stationId, name) !== null)
      .map((name) => join(this.dir, name));
  }

  /** Set when this run wrote the segment: how its end must look. */
  writtenByThisRun(file: string): WrittenSegment | undefined {
    return this.written.get(basename(file));
  }

  get openSegmentFile(): string | null {
    return this.segment?.file ?? null;
  }

  /** After its rows are committed to the audit store: out of the way, but kept. */
  markImported(file: string): void {
    const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    mkdirSync(join(this.dir, IMPORTED_DIR), { recursive: true, mode: 0o700 });
    renameSync(file, join(this.dir, IMPORTED_DIR, basename(file)));
    this.pendingBytes = Math.max(0, this.pendingBytes - size);
  }

  /** Refused at import (tampered or damaged): renamed so it is never imported, and kept as evidence. */
  markRejected(file: string): string {
    const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    const target = `${file}${REJECTED_SUFFIX}`;
    renameSync(file, target);
    this.pendingBytes = Math.max(0, this.pendingBytes - size);
    return target;
  }

  /** Stops the batch timer, writes what is waiting, closes the segment. */
  async close(): Promise<void> {
    await this.closeSegment();
  }

  // --- writing ------------------------------------------------------------------

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const generation = this.generation;
    this.writing = this.writing.then(() => this.write(batch, generation));
  }

  private async write(batch: Waiting[], generation: number): Promise<void> {
    if (generation !== this.generation) {
      // An earlier write failed: these came after it and must not overtake it.
      const failure = new JournalUnavailableError(`fallback journal unavailable: ${this.problemValue?.what ?? 'an earlier write failed'}`);
      for (const waiting of batch) waiting.reject(failure);
      return;
    }
    try {
      const segment = this.segment ?? (await this.openSegment());
      let { hash, n } = segment;
      let text = '';
      const lines: number[] = [];
      for (const waiting of batch) {
        const line = encodeLine(hash, { t: 'entry', n: ++n, clinical: waiting.clinical, inDoubt: waiting.inDoubt, event: waiting.event });
        text += line.text;
        hash = line.hash;
        lines.push(n);
      }
      const seal = encodeLine(hash, { t: 'seal', n: ++n, sig: this.options.signer ? this.options.signer.sign(sealPayload(segment.journalId, n, hash)) : null });
      text += seal.text;
      await segment.handle.append(text);
      // fdatasync only for a batch someone is waiting on: a clinical action's (which then covers
      // every line before it). High-volume events were never promised to survive power loss.
      if (batch.some((waiting) => waiting.clinical)) await segment.handle.sync();
      segment.n = n;
      segment.hash = seal.hash;
      this.pendingBytes += Buffer.byteLength(text);
      this.written.set(basename(segment.file), { lastN: n, lastHash: seal.hash, unsigned: this.options.signer === null });
      this.problemValue = null;
      batch.forEach((waiting, i) => waiting.resolve({ journalId: segment.journalId, file: segment.file, n: lines[i]! }));
    } catch (error) {
      this.fail(error);
      this.generation++;
      const segment = this.segment;
      // Its tail may be cut off: never append after it (the import sees the torn tail).
      this.segment = null;
      await segment?.handle.close().catch(() => undefined);
      const failure = new JournalUnavailableError(`fallback journal unavailable: ${this.problemValue!.what}`);
      for (const waiting of batch) waiting.reject(failure);
    }
  }

  private async openSegment(): Promise<OpenSegment> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const createdUtc = this.now();
    const number = this.nextNumber();
    const file = join(this.dir, segmentFileName(this.options.stationId, number, createdUtc, randomBytes(4).toString('hex')));
    const journalId = randomUUID();
    const handle = await this.fileOps.create(file);
    const header: JournalRecord = {
      t: 'header',
      n: 1,
      format: JOURNAL_FORMAT,
      journalId,
      stationId: this.options.stationId,
      createdUtc,
      keyId: this.options.signer?.keyId ?? null,
      publicKey: this.options.signer?.publicKey ?? null,
    };
    const line = encodeLine(GENESIS_LINE_HASH, header);
    try {
      await handle.append(line.text);
      await handle.sync();
      await this.fileOps.syncDir(this.dir);
    } catch (error) {
      await handle.close().catch(() => undefined);
      throw error;
    }
    this.segment = { file, journalId, handle, n: 1, hash: line.hash };
    return this.segment;
  }

  /**
   * One more than any segment this folder has held: pending, rejected, or
   * moved to imported/ (so a number is never reused while its file is kept).
   * Taken even if the segment then cannot be created: numbers may have gaps,
   * never repeats.
   */
  private nextNumber(): number {
    if (this.lastNumber === null) {
      const stationId = this.options.stationId;
      const names = [...this.names(this.dir), ...this.names(join(this.dir, IMPORTED_DIR))];
      this.lastNumber = names.reduce((max, name) => Math.max(max, segmentNumber(stationId, name) ?? 0), 0);
    }
    this.lastNumber++;
    return this.lastNumber;
  }

  private names(dir: string): string[] {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  }

  private fail(error: unknown): void {
    const what = describeError(error).slice(0, 160);
    if (this.problemValue?.what !== what) this.problemValue = { what, sinceUtcMs: this.now() };
  }
}
