import type { AuditFilter, AuditQuery } from './audit-query';
import type { AuditRow, PendingAuditEvent } from '../audit-row';
import type { ExportFilter, ExportFormat } from '../export-format';

/** Messages between AuditStore (caller's thread) and audit-worker.ts (owns the connection). */
export interface AuditWorkerData {
  file: string;
  projectRoot: string;
  stationId: string;
  tailVerifyRows: number;
  busyTimeoutMs: number;
  retentionYears: number;
}

export type WorkerCall =
  | { type: 'open' }
  | { type: 'append'; events: PendingAuditEvent[]; durable: boolean; clinicalIndices: number[] }
  | { type: 'query'; query: AuditQuery }
  | { type: 'count'; filter: AuditFilter }
  | { type: 'verify'; full: boolean }
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

export type WorkerReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: SerializedError };

export interface OpenInfo {
  headSeq: number;
  verifiedUpToSeq: number;
  migratedFrom: number;
  schemaVersion: number;
}

export interface AppendResult {
  firstSeq: number;
  lastSeq: number;
  verifiedUpToSeq: number;
  /** Committed rows of the batch's clinical events, in clinicalIndices order. */
  rows: AuditRow[];
}
