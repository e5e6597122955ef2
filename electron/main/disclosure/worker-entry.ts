import { dirname, join } from 'node:path';
import type { AuditWorkerEntry } from '../audit/worker-entry';

/** Where the recorder's worker thread's code is (same shape as the audit writer's entry). */
export type DisclosureWorkerEntry = AuditWorkerEntry;

/** From the TypeScript sources through tsx (tests, the browser test host, command-line tools). */
export function sourceDisclosureWorkerEntry(projectRoot: string): DisclosureWorkerEntry {
  return { path: join(projectRoot, 'electron/main/disclosure/writer/disclosure-worker.ts'), execArgv: ['--require', 'tsx/cjs'] };
}

/**
 * The recorder's worker beside the audit writer's: both are entries of the
 * same main build (out/main/), or both run from the sources. Deriving one
 * from the other keeps every caller of createStation (the app, the test
 * host, tests) choosing a runtime once.
 */
export function disclosureWorkerBeside(audit: AuditWorkerEntry): DisclosureWorkerEntry {
  if (audit.path.endsWith('.ts')) return { path: join(dirname(audit.path), '../disclosure/writer/disclosure-worker.ts'), ...(audit.execArgv ? { execArgv: audit.execArgv } : {}) };
  return { path: join(dirname(audit.path), 'disclosure-worker.js'), ...(audit.execArgv ? { execArgv: audit.execArgv } : {}) };
}
