import type { Logger } from '../logging/logger';
import type { Clock } from '../time/clock';
import type { AuditHealthListener } from './audit-health';
import type { JournalFileOps } from './journal/journal-file-ops';
import type { KeyProtector } from './signing/key-protector';
import type { AuditWorkerEntry } from './worker-entry';

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
  /** Retry backoff after a failed write (the store, and the journal when it fails too): doubles from initialMs up to maxMs. Default 100 ms → 5 s. */
  retry?: { initialMs?: number; maxMs?: number };
  /**
   * The station's clock (time/clock.ts; default systemClock). Rows are
   * stamped with its wall clock; every duration here runs on its monotonic
   * clock: the outage's length, retries, the minute's signature, the
   * scheduled full verification. (The 20 ms batching window and the close
   * timeout are real-time waits of the machinery, on performance.now.)
   */
  clock?: Clock;
  /** How soon a pending timer notices its clock moved (tests driving a FakeClock). Default 1 s. */
  clockRecheckMs?: number;
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
  /**
   * Create the key if there is none (default true: the station). The
   * command-line tools pass false: a key they made would not be sealed the
   * way the app seals it; they still honour the last signed head.
   */
  createKey?: boolean;
  /** Sign the chain head at least every this many rows (default 1,000) and every `signEveryMs` (default 60 s). */
  signEveryRows?: number;
  signEveryMs?: number;
  /** A full verification this long after start (default 60 s), then every `fullVerifyEveryMs` (default 24 h); null: never. */
  firstFullVerifyAfterMs?: number | null;
  fullVerifyEveryMs?: number | null;
}
