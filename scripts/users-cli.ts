/**
 * First-time user set-up for developers, from the sources (an installed app
 * does the same with `vigil-station --init-admin`):
 *   npm run users -- init-admin --data-dir <dir> --id <user id> --name "<display name>" [--badge <badge id>]
 *       (reads the password from stdin: `printf '%s\n' "$PW" | npm run users -- init-admin …`)
 *   npm run users -- list --data-dir <dir>
 * Only the first admin is created here, and only while the station has no
 * users; everyone else is added by that admin in the app (audited under their
 * name). Run it with the station stopped: it writes to the station's audit
 * trail (`<dir>/audit.sqlite`), which the running app also writes to.
 * Exit codes: 0 done, 1 usage or I/O error, 2 refused (users already exist,
 * invalid id, password too short).
 */
import { resolve } from 'node:path';
import { AdminUsageError } from '../electron/main/admin-cli/admin-io';
import { parseAdminCommand } from '../electron/main/admin-cli/command-line';
import { EXIT } from '../electron/main/admin-cli/exit-codes';
import { listUsers } from '../electron/main/admin-cli/init-admin';
import { runAdminCommand } from '../electron/main/admin-cli/run-admin-command';
import { scriptHost } from '../electron/main/admin-cli/script-host';

const PROJECT_ROOT = resolve(__dirname, '..');
const USAGE = `usage:
  users init-admin --data-dir <dir> --id <user id> --name <display name> [--badge <badge id>]   (password on stdin)
  users list --data-dir <dir>`;

function dataDirOf(args: string[]): string {
  const i = args.indexOf('--data-dir');
  const value = i >= 0 ? args[i + 1] : undefined;
  if (value === undefined || value.startsWith('--')) throw new AdminUsageError('--data-dir is required');
  return resolve(value);
}

async function main([command, ...args]: string[]): Promise<number> {
  const host = scriptHost(PROJECT_ROOT, process.cwd());
  try {
    const dataDir = dataDirOf(args);
    if (command === 'list') return await listUsers(dataDir, host.io);
    if (command !== 'init-admin') throw new AdminUsageError(`unknown command ${JSON.stringify(command ?? '')}`);
    const parsed = parseAdminCommand(['--init-admin', ...args]);
    if (parsed?.kind !== 'init-admin') throw new AdminUsageError('init-admin needs --id and --name');
    return await runAdminCommand({ ...parsed, dataDir }, host);
  } catch (error) {
    if (!(error instanceof AdminUsageError)) throw error;
    host.io.err(`${error.message}\n${USAGE}\n`);
    return EXIT.usageOrIo;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(EXIT.usageOrIo);
  },
);
