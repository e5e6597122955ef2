import { resolve } from 'node:path';
import { sourceAuditWorkerEntry, type AuditWorkerEntry } from '../../../../electron/main/audit/worker-entry';

/** Runs the writer thread from its TypeScript source (see sourceAuditWorkerEntry). */
export function auditWorkerEntryForTests(): AuditWorkerEntry {
  return sourceAuditWorkerEntry(resolve(__dirname, '../../../..'));
}
