/**
 * First-time user set-up for hospital IT, without the app:
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
import { AuditStore } from '../electron/main/audit/audit-store';
import { sourceAuditWorkerEntry } from '../electron/main/audit/worker-entry';
import { UserAdminError, UserDirectory } from '../electron/main/auth/user-directory';
import { UserFileStore } from '../electron/main/auth/user-file-store';

const PROJECT_ROOT = resolve(__dirname, '..');
const USAGE = `usage:
  users init-admin --data-dir <dir> --id <user id> --name <display name> [--badge <badge id>]   (password on stdin)
  users list --data-dir <dir>`;

class UsageError extends Error {}

function option(args: string[], name: string, required = true): string | undefined {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? args[i + 1] : undefined;
  if (i >= 0 && (value === undefined || value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
  if (required && value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

async function readSecret(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError('pipe the password on stdin (it is never taken as an argument: arguments end up in shell history)');
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.replace(/\r?\n$/, '');
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const dataDir = resolve(option(args, 'data-dir')!);
  const users = new UserFileStore(resolve(dataDir, 'users.json'));
  if (command === 'list') {
    for (const user of await users.load()) process.stdout.write(`${user.userId}\t${user.role}\t${user.disabled ? 'disabled' : 'active'}\t${user.displayName}\n`);
    return 0;
  }
  if (command !== 'init-admin') throw new UsageError(`unknown command ${JSON.stringify(command ?? '')}`);
  const userId = option(args, 'id')!;
  const displayName = option(args, 'name')!;
  const badgeId = option(args, 'badge', false) ?? null;
  const secret = await readSecret();

  const audit = await AuditStore.open({
    file: resolve(dataDir, 'audit.sqlite'),
    // The chain keeps the id of the station that created it; a new chain made here is this host's.
    stationId: 'users-cli',
    projectRoot: PROJECT_ROOT,
    workerEntry: sourceAuditWorkerEntry(PROJECT_ROOT),
    walCheckpointer: false,
    // Never into a database that does not continue the station's last signed head.
    keyDir: `${dataDir}-audit-key`,
    createKey: false,
  });
  try {
    const directory = await UserDirectory.open(users, { audit });
    const admin = await directory.addUser({ userId, displayName, role: 'admin', badgeId, secret }, 'initial-setup');
    process.stdout.write(`created admin ${admin.userId}; add the other users from the app, signed in as ${admin.userId}\n`);
    return 0;
  } finally {
    await audit.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    if (error instanceof UsageError) process.stderr.write(`${error.message}\n${USAGE}\n`);
    else process.stderr.write(`${error.message}\n`);
    process.exit(error instanceof UserAdminError ? 2 : 1);
  },
);
