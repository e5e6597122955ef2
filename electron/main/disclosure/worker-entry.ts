import { dirname, join, normalize } from 'node:path';
import { AUDIT_WORKER_SOURCE, type AuditWorkerEntry } from '../audit/worker-entry';

/** Where the recorder's worker thread's code is (same shape as the audit writer's entry). */
export type DisclosureWorkerEntry = AuditWorkerEntry;

/** From the TypeScript sources through tsx (tests, the browser test host, command-line tools). */
export function sourceDisclosureWorkerEntry(projectRoot: string): DisclosureWorkerEntry {
  return { path: join(projectRoot, DISCLOSURE_WORKER_SOURCE), execArgv: ['--require', 'tsx/cjs'] };
}

const DISCLOSURE_WORKER_SOURCE = 'electron/main/disclosure/writer/disclosure-worker.ts';

/**
 * The recorder's worker beside the audit writer's: both are entries of the
 * same main build (out/main/), or both run from the sources. Deriving one
 * from the other keeps every caller of createStation (the app, the test
 * host, tests) choosing a runtime once.
 */
export function disclosureWorkerBeside(audit: AuditWorkerEntry): DisclosureWorkerEntry {
  const execArgv = audit.execArgv ? { execArgv: audit.execArgv } : {};
  if (!audit.path.endsWith('.ts')) return { path: join(dirname(audit.path), 'disclosure-worker.js'), ...execArgv };
  // From the project root the audit writer's source names, not from its folder: that folder moves when audit/ is reorganised.
  const source = normalize(audit.path);
  const suffix = normalize(AUDIT_WORKER_SOURCE);
  if (!source.endsWith(suffix)) throw new Error(`the audit writer's source is not at ${AUDIT_WORKER_SOURCE}: cannot find the recorder's beside it`);
  return { path: join(source.slice(0, source.length - suffix.length), DISCLOSURE_WORKER_SOURCE), ...execArgv };
}
