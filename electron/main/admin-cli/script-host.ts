import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceAuditWorkerEntry } from '../audit/worker-entry';
import { processIo } from './admin-io';
import type { AdminHost } from './run-admin-command';

/**
 * The host for the developer scripts (`npm run audit`, `npm run users`),
 * which run the same commands from the TypeScript sources under Node.
 */
export function scriptHost(projectRoot: string, defaultDataDir: string): AdminHost {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { productName: string; version: string };
  return {
    io: processIo(),
    argv: process.argv,
    env: process.env,
    platform: process.platform,
    appRoot: projectRoot,
    workerEntry: sourceAuditWorkerEntry(projectRoot),
    defaultDataDir,
    productName: pkg.productName,
    version: pkg.version,
    runtime: `Node ${process.versions.node}`,
  };
}
