import { app } from 'electron';
import { AdminUsageError, processIo } from '../admin-cli/admin-io';
import { ADMIN_USAGE, parseAdminCommand } from '../admin-cli/command-line';
import { EXIT } from '../admin-cli/exit-codes';
import { runAdminCommand } from '../admin-cli/run-admin-command';
import { builtAuditWorkerEntry } from '../audit/worker-entry';

/**
 * IT's administrative commands on the installed app (`vigil-station
 * --check-config …`, see admin-cli/command-line.ts). They run in the main
 * process before any window, station or single-instance lock exists, and the
 * process exits with the command's code. Returns false when the command line
 * holds none, and the station starts as usual.
 */
export function runAdminCommandLine(argv: readonly string[] = process.argv): boolean {
  let command;
  try {
    command = parseAdminCommand(argv.slice(1));
  } catch (error) {
    if (!(error instanceof AdminUsageError)) throw error;
    process.stderr.write(`${error.message}\n${ADMIN_USAGE}\n`);
    exitAfterOutput(EXIT.usageOrIo);
    return true;
  }
  if (!command) return false;
  void runAdminCommand(command, {
    io: processIo(),
    argv,
    env: process.env,
    platform: process.platform,
    appRoot: app.getAppPath(),
    workerEntry: builtAuditWorkerEntry(__dirname),
    defaultDataDir: app.getPath('userData'),
    productName: app.getName(),
    version: app.getVersion(),
    runtime: `Electron ${process.versions.electron}`,
  }).then((code) => exitAfterOutput(code));
  return true;
}

/** Pipes are asynchronous on macOS and Windows: exit only once everything written has left the process. */
function exitAfterOutput(code: number): void {
  process.stderr.write('', () => process.stdout.write('', () => app.exit(code)));
}
