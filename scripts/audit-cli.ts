/**
 * Audit trail tools for developers, from the sources (an installed app has the
 * same commands: vigil-station --verify-audit, --export-audit, --verify-audit-export,
 * --prune-audit, --new-audit-chain):
 *   npm run audit -- verify <db> [--key-dir <dir>] [--public-key <pem>]
 *       (the whole chain, every signed head, and the last head beside the key;
 *        the key folder defaults to <db's folder>-audit-key)
 *   npm run audit -- export <db> --from <ISO|ms> --to <ISO|ms> [--format csv|json] [--out file]
 *   npm run audit -- verify-export <file> <manifest> [--public-key <pem>]
 *   npm run audit -- prune <db> <export file> <manifest> --by <IT user id> [--retention-years 7] [--key-dir <dir>]
 *       (the station stopped: removes rows past retention that the verified export holds)
 *   npm run audit -- new-chain <db> --by <IT user id> --reason <text> [--key-dir <dir>] [--station <id>] [--replaces <chain>:<seq>:<hash>]
 *       (the station stopped: records that the trail is lost and starts a chain naming it)
 * Exit codes: 0 verified / exported, 2 chain or export broken, 1 usage or I/O error.
 * The work is done by electron/main/admin-cli/, which the app's executable runs too.
 */
import { resolve } from 'node:path';
import { AdminUsageError } from '../electron/main/admin-cli/admin-io';
import { parseAdminCommand, type AdminCommand } from '../electron/main/admin-cli/command-line';
import { EXIT } from '../electron/main/admin-cli/exit-codes';
import { runAdminCommand } from '../electron/main/admin-cli/run-admin-command';
import { scriptHost } from '../electron/main/admin-cli/script-host';

const PROJECT_ROOT = resolve(__dirname, '..');
const USAGE = `usage:
  audit verify <db> [--key-dir <dir>] [--public-key <pem>]
  audit export <db> --from <ISO|ms> --to <ISO|ms> [--format csv|json] [--out file]
  audit verify-export <file> <manifest> [--public-key <pem>]
  audit prune <db> <export file> <manifest> --by <IT user id> [--retention-years 7] [--key-dir <dir>]
  audit new-chain <db> --by <IT user id> --reason <text> [--key-dir <dir>] [--station <id>] [--replaces <chain>:<seq>:<hash>]`;

/** This script's subcommands, spelled as the app's own command-line options. */
function toAdminCommand(args: string[]): AdminCommand | null {
  const [command, first, second, third, ...rest] = args;
  if (command === 'verify' && first) return parseAdminCommand(['--verify-audit', first, ...args.slice(2)]);
  if (command === 'export' && first) return parseAdminCommand(['--export-audit', ...args.slice(1)]);
  if (command === 'verify-export' && first && second) return parseAdminCommand(['--verify-audit-export', ...args.slice(1)]);
  if (command === 'prune' && first && second && third) return parseAdminCommand(['--prune-audit', first, '--export', second, '--manifest', third, ...rest]);
  if (command === 'new-chain' && first) return parseAdminCommand(['--new-audit-chain', ...args.slice(1)]);
  return null;
}

async function main(args: string[]): Promise<number> {
  const host = scriptHost(PROJECT_ROOT, process.cwd());
  let command: AdminCommand | null;
  try {
    command = toAdminCommand(args);
  } catch (error) {
    if (!(error instanceof AdminUsageError)) throw error;
    host.io.err(`${error.message}\n${USAGE}\n`);
    return EXIT.usageOrIo;
  }
  if (!command) {
    host.io.err(`${args[0] ? `unknown command or missing argument: ${args[0]}` : 'no command given'}\n${USAGE}\n`);
    return EXIT.usageOrIo;
  }
  return runAdminCommand(command, host);
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
