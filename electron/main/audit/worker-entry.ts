import { join } from 'node:path';
import { appFilePath, appRootFromMainBundle } from '../packaging/app-files';

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

/**
 * For tools run from the TypeScript sources with tsx (tests, the browser test
 * host, the command-line tools). `--require tsx/cjs` rather than `--import
 * tsx`: on Node 20 the ESM hooks `--import tsx` registers do not apply inside
 * worker threads (the worker fails with ERR_UNKNOWN_FILE_EXTENSION), while
 * tsx's CommonJS hook does.
 */
export function sourceAuditWorkerEntry(projectRoot: string): AuditWorkerEntry {
  return { path: join(projectRoot, AUDIT_WORKER_SOURCE), execArgv: ['--require', 'tsx/cjs'] };
}

/** The writer thread's source, from the project root (other threads' sources are found from it: disclosure/worker-entry.ts). */
export const AUDIT_WORKER_SOURCE = 'electron/main/audit/writer/audit-worker.ts';

/**
 * For the app: `builtAuditWorkerEntry(__dirname)` from out/main/index.js. In a
 * packaged app the worker is unpacked beside app.asar (see packaging/app-files.ts).
 */
export function builtAuditWorkerEntry(mainBundleDir: string): AuditWorkerEntry {
  return { path: appFilePath(appRootFromMainBundle(mainBundleDir), 'auditWorker') };
}
