/**
 * `npm run dev:browser`: runs the station core in Node and serves the wall to
 * any browser, for machines without the Electron binary.
 *   --beds N   (1-64, default 16)   --seed N   --port N (default 5780)   --wall
 *   --data-dir <dir>   (keep the audit trail and users there; default a fresh temp folder)
 *   --built-audit-worker   (run the audit writer from out/main/audit-worker.js, as the app does, not through tsx)
 * Scenarios: curl -XPOST localhost:5780/__vigil/test/scenario -d '{"scenario":"desaturation","bedId":"bed-03"}'
 *   (HIGH: desaturation; MEDIUM: tachypnoea; LOW: fever – see electron/main/simulator/README.md)
 */
import { join, resolve } from 'node:path';
import { builtAuditWorkerEntry } from '../../electron/main/audit/worker-entry';
import { createLogger } from '../../electron/main/logging/logger';
import { startStationHost } from './station-host';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const beds = Number(flag('beds') ?? 16);
  const seed = Number(flag('seed') ?? 1);
  const host = await startStationHost({
    port: Number(flag('port') ?? 5780),
    wallMode: process.argv.includes('--wall'),
    config: { feed: { kind: 'simulator', beds, seed } },
    ...(flag('data-dir') ? { dataDir: flag('data-dir')! } : {}),
    ...(process.argv.includes('--built-audit-worker') ? { auditWorker: builtAuditWorkerEntry(join(resolve(__dirname, '../..'), 'out/main')) } : {}),
    logger: createLogger('host'),
  });
  process.stdout.write(`Vigil Station (browser mode) on ${host.url}\n`);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Close station in the UI: the clinical quit, as in the app.
  void host.quitApproved.then(() => {
    process.stdout.write('Closed from the station UI.\n');
    stop();
  });
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
