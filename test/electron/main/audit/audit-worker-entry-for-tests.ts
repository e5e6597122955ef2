import { resolve } from 'node:path';
import type { AuditWorkerEntry } from '../../../../electron/main/audit/worker-entry';

/**
 * Runs the writer thread from its TypeScript source. `--require tsx/cjs`
 * rather than `--import tsx`: on Node 20 the ESM hooks `--import tsx`
 * registers do not apply inside worker threads (the worker fails with
 * ERR_UNKNOWN_FILE_EXTENSION), while tsx's CommonJS hook does. Resolved from
 * the working directory, i.e. run tests from the project root.
 */
export function auditWorkerEntryForTests(): AuditWorkerEntry {
  return { path: resolve(__dirname, '../../../../electron/main/audit/audit-worker.ts'), execArgv: ['--require', 'tsx/cjs'] };
}
