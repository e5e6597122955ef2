import { join } from 'node:path';

/**
 * Where the writer thread's code is. The built app runs the bundled
 * out/main/audit-worker.js next to the main bundle; tests run the .ts source
 * through tsx (see test/electron/main/audit/audit-worker-entry-for-tests.ts).
 */
export interface AuditWorkerEntry {
  path: string;
  /** Node flags for the worker (e.g. a TypeScript loader). Default: the parent's. */
  execArgv?: string[];
}

/** For the app: `builtAuditWorkerEntry(__dirname)` from out/main/index.js. */
export function builtAuditWorkerEntry(mainBundleDir: string): AuditWorkerEntry {
  return { path: join(mainBundleDir, 'audit-worker.js') };
}
