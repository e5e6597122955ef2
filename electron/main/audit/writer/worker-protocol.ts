import type { KeyObject } from 'node:crypto';
import type { SignedAuditHead } from '../../../../shared/protocol/audit-heads';
import type { AuditFilter, AuditQuery } from './audit-query';
import type { AuditRow, PendingAuditEvent } from '../audit-row';
import type { ExportFilter, ExportFormat, ExportManifest } from '../export-format';
import type { JournalExpectations } from '../journal/journal-reader';
import type { WrittenSegment } from '../journal/fallback-journal';
import type { Verification } from './full-verification';

/** Messages between AuditStore (caller's thread) and audit-worker.ts (owns the connection). */
export interface AuditWorkerData {
  file: string;
  projectRoot: string;
  stationId: string;
  tailVerifyRows: number;
  busyTimeoutMs: number;
  retentionYears: number;
  /** The station key (a KeyObject crosses to the thread as is) and its public half; null: heads are not signed. */
  signing: { privateKey: KeyObject; publicKey: string; keyId: string; everyRows: number } | null;
  /** The key existed before this start: a chain signed with it must exist, so a missing database is a replacement. */
  keyPreexisting: boolean;
  /** The last signed head, beside the key; checked even when the key itself is unusable. Null: no key folder. */
  headFile: string | null;
}

export type WorkerCall =
  | { type: 'open' }
  | { type: 'append'; events: PendingAuditEvent[]; durable: boolean; clinicalIndices: number[] }
  | { type: 'sign-head' }
  | { type: 'signed-heads'; afterSeq: number; limit: number }
  | { type: 'import-journal'; file: string; expect: JournalExpectations; written: WrittenSegment | null; nowUtc: number; monoMs: number }
  | { type: 'check-back-end'; heads: SignedAuditHead[] }
  | { type: 'query'; query: AuditQuery }
  | { type: 'count'; filter: AuditFilter }
  | { type: 'verify'; full: boolean; backEndHeads: SignedAuditHead[] | null }
  | { type: 'export'; filter: ExportFilter; format: ExportFormat; outFile: string }
  | { type: 'prune'; exportFile: string; manifestFile: string; nowUtc: number; monoMs: number; userId: string; role: string }
  | { type: 'close' };

export type WorkerRequest = WorkerCall & { id: number };

export interface SerializedError {
  name: string;
  message: string;
  /** AuditFailure's reason code, when the error is one. */
  reason?: string;
}

/** A long call (verify) reports how far it got before it answers. */
export interface WorkerProgress {
  id: number;
  progress: { done: number; total: number };
}

export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: SerializedError } | WorkerProgress;

/** What a call that wrote rows learned about signing. */
export interface SigningOutcome {
  /** Heads signed by this call, oldest first (for the back end). */
  signedHeads: SignedAuditHead[];
  /** The last-head file beside the key could not be replaced. */
  headFileProblem: string | null;
}

/**
 * 'anchor-missing': the last-head file beside an existing key was gone, so a
 * truncation of the newest rows cannot be ruled out locally. 'replaced': this
 * start accepted a chain IT started with new-chain (loud once, then it is the
 * chain the station knows).
 */
export interface OpenWarning {
  kind: 'anchor-missing' | 'replaced';
  what: string;
}

export interface OpenInfo extends SigningOutcome {
  headSeq: number;
  verifiedUpToSeq: number;
  migratedFrom: number;
  schemaVersion: number;
  chainId: string;
  /** The key the chain's heads are signed with (genesis row or audit.key-enrolled). */
  publicKey: string | null;
  lastSignedSeq: number;
  /** Findings that do not stop writing but are problems for IT. */
  warnings: OpenWarning[];
}

export interface AppendResult extends SigningOutcome {
  firstSeq: number;
  lastSeq: number;
  verifiedUpToSeq: number;
  /** Committed rows of the batch's clinical events, in clinicalIndices order. */
  rows: AuditRow[];
}

export type JournalImport =
  | ({ outcome: 'imported'; journalId: string; entries: number; clinical: number; skippedInDoubt: number; unsealed: number; auditSeq: number; headSeq: number } & SigningOutcome)
  | { outcome: 'already-imported'; journalId: string }
  | ({ outcome: 'rejected'; problem: string; line: number; detail: string; auditSeq: number } & SigningOutcome);

export type BackEndCheck = { ok: true; checkedHeads: number; ignored: number } | { ok: false; brokenAtSeq: number; reason: string; detail: string };

export type ExportResult = ExportManifest & { verifiedUpToSeq: number };

export type VerifyResult = Verification & { verifiedUpToSeq: number };
