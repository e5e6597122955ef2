import { AdminUsageError } from './admin-io';

/**
 * The administrative commands the app's own executable runs instead of
 * starting the station (`vigil-station --check-config …`). Everything IT does
 * from a command line works on an installed app: no source checkout, no tsx.
 */
export type AdminCommand =
  | { kind: 'version' }
  | { kind: 'check-config'; path: string | null }
  | { kind: 'init-admin'; userId: string; displayName: string; badgeId: string | null; dataDir: string | null }
  | { kind: 'verify-audit'; db: string | null; keyDir: string | null; publicKey: string | null }
  | { kind: 'export-audit'; db: string | null; from: number; to: number; format: 'csv' | 'json'; out: string | null }
  | { kind: 'verify-audit-export'; file: string; manifest: string; publicKey: string | null }
  | { kind: 'prune-audit'; db: string | null; exportFile: string; manifestFile: string; by: string; retentionYears: number | null; keyDir: string | null }
  | { kind: 'new-audit-chain'; db: string | null; by: string; reason: string; keyDir: string | null; replaces: ReplacedHead | null; stationId: string | null };

/** The head a new chain replaces, when IT names it (--replaces <chain id>:<seq>:<hash>). */
export interface ReplacedHead {
  chainId: string;
  seq: number;
  hash: string;
}

export const ADMIN_USAGE = `usage: vigil-station <command>
  --version                                   version and the build's SBOM digest
  --check-config [file]                       validate a config file (default: the one the station reads); exit 0 or 78
  --init-admin --id <id> --name <name> [--badge <badge>] [--data-dir <dir>]
                                              create the first admin; password on stdin
  --verify-audit [db] [--key-dir <dir>] [--public-key <pem>]
                                              verify the whole audit chain, every signed head and the
                                              last head beside the key; exit 0, 2 broken
  --export-audit [db] --from <ISO|ms> --to <ISO|ms> [--format csv|json] [--out <file>]
  --verify-audit-export <file> <manifest> [--public-key <pem>]
                                              check an export and its signed heads; exit 0, 2 invalid
  --prune-audit [db] --export <file> --manifest <file> --by <IT user id> [--retention-years <n>] [--key-dir <dir>]
                                              remove rows past retention that a verified export holds
  --new-audit-chain [db] --by <IT user id> --reason <text> [--key-dir <dir>] [--station <id>]
                    [--replaces <chain id>:<seq>:<hash>]
                                              record that the trail is lost and start a chain naming it
[db] defaults to audit.sqlite in the configured dataDir, the key folder to the configured one (audit.keyDir,
else <dataDir>-audit-key), or to <db's folder>-audit-key when [db] is given; --config <file> or VIGIL_CONFIG
picks the config. --public-key: a copy of the station's public key kept elsewhere (trust comes from outside
the files checked). Run --init-admin, --prune-audit and --new-audit-chain with the station stopped.`;

const COMMANDS = ['--version', '--check-config', '--init-admin', '--verify-audit', '--export-audit', '--verify-audit-export', '--prune-audit', '--new-audit-chain'] as const;

/** Options that take a value; any other `--x` after a command is refused. */
const VALUE_OPTIONS = new Set([
  '--id',
  '--name',
  '--badge',
  '--data-dir',
  '--from',
  '--to',
  '--format',
  '--out',
  '--export',
  '--manifest',
  '--by',
  '--retention-years',
  '--config',
  '--key-dir',
  '--public-key',
  '--reason',
  '--replaces',
  '--station',
]);

interface Parsed {
  positional: string[];
  options: Map<string, string>;
}

function split(args: readonly string[]): Parsed {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!name.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    if (!VALUE_OPTIONS.has(name)) throw new AdminUsageError(`unknown option ${name}`);
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new AdminUsageError(`${name} needs a value`);
    options.set(name, value);
  }
  return { positional, options };
}

function required(parsed: Parsed, name: string): string {
  const value = parsed.options.get(name);
  if (value === undefined) throw new AdminUsageError(`${name} is required`);
  return value;
}

function atMost(parsed: Parsed, n: number, command: string): void {
  if (parsed.positional.length > n) throw new AdminUsageError(`${command}: unexpected ${parsed.positional.slice(n).join(' ')}`);
}

function instant(text: string, name: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new AdminUsageError(`${name} must be an ISO date-time or milliseconds since 1970, got ${JSON.stringify(text)}`);
  return ms;
}

/**
 * The administrative command in `args` (process.argv without the program),
 * or null when there is none and the station should start. Chromium's and
 * Electron's own switches (`--no-sandbox`, `--enable-logging`, …) may appear
 * anywhere and are ignored, but within an admin command every option must be
 * one it knows: a mistyped option must never be taken for a file name.
 */
export function parseAdminCommand(args: readonly string[]): AdminCommand | null {
  const at = args.findIndex((a) => (COMMANDS as readonly string[]).includes(a));
  if (at < 0) return null;
  const command = args[at] as (typeof COMMANDS)[number];
  // --config may also come before the command (as for the station itself); the runner reads it from the whole argv.
  const rest = args.slice(at + 1).filter((a) => !isChromiumSwitch(a));
  const parsed = split(rest);
  switch (command) {
    case '--version':
      atMost(parsed, 0, command);
      return { kind: 'version' };
    case '--check-config':
      atMost(parsed, 1, command);
      return { kind: 'check-config', path: parsed.positional[0] ?? null };
    case '--init-admin':
      atMost(parsed, 0, command);
      return {
        kind: 'init-admin',
        userId: required(parsed, '--id'),
        displayName: required(parsed, '--name'),
        badgeId: parsed.options.get('--badge') ?? null,
        dataDir: parsed.options.get('--data-dir') ?? null,
      };
    case '--verify-audit':
      atMost(parsed, 1, command);
      return { kind: 'verify-audit', db: parsed.positional[0] ?? null, keyDir: parsed.options.get('--key-dir') ?? null, publicKey: parsed.options.get('--public-key') ?? null };
    case '--export-audit': {
      atMost(parsed, 1, command);
      const format = parsed.options.get('--format') ?? 'csv';
      if (format !== 'csv' && format !== 'json') throw new AdminUsageError('--format must be csv or json');
      return {
        kind: 'export-audit',
        db: parsed.positional[0] ?? null,
        from: instant(required(parsed, '--from'), '--from'),
        to: instant(required(parsed, '--to'), '--to'),
        format,
        out: parsed.options.get('--out') ?? null,
      };
    }
    case '--verify-audit-export': {
      const [file, manifest] = parsed.positional;
      if (!file || !manifest) throw new AdminUsageError(`${command} needs <file> <manifest>`);
      atMost(parsed, 2, command);
      return { kind: 'verify-audit-export', file, manifest, publicKey: parsed.options.get('--public-key') ?? null };
    }
    case '--prune-audit': {
      atMost(parsed, 1, command);
      const years = parsed.options.get('--retention-years');
      const retentionYears = years === undefined ? null : Number(years);
      if (retentionYears !== null && !(Number.isInteger(retentionYears) && retentionYears >= 1)) throw new AdminUsageError('--retention-years must be a whole number of years, at least 1');
      const by = parsed.options.get('--by');
      if (by === undefined) throw new AdminUsageError('--by is required: the prune is recorded under the person who ran it');
      return {
        kind: 'prune-audit',
        db: parsed.positional[0] ?? null,
        exportFile: required(parsed, '--export'),
        manifestFile: required(parsed, '--manifest'),
        by,
        retentionYears,
        keyDir: parsed.options.get('--key-dir') ?? null,
      };
    }
    case '--new-audit-chain': {
      atMost(parsed, 1, command);
      const by = parsed.options.get('--by');
      const reason = parsed.options.get('--reason');
      if (by === undefined || reason === undefined) throw new AdminUsageError('--by and --reason are required: the new chain records who decided the trail was lost, and why');
      return {
        kind: 'new-audit-chain',
        db: parsed.positional[0] ?? null,
        by,
        reason,
        keyDir: parsed.options.get('--key-dir') ?? null,
        replaces: replacedHead(parsed.options.get('--replaces')),
        stationId: parsed.options.get('--station') ?? null,
      };
    }
  }
}

function replacedHead(text: string | undefined): ReplacedHead | null {
  if (text === undefined) return null;
  const match = /^([0-9a-f]{64}):(\d+):([0-9a-f]{64})$/.exec(text);
  if (!match) throw new AdminUsageError('--replaces must be <chain id>:<seq>:<hash> (64 hex digits, a number, 64 hex digits)');
  return { chainId: match[1]!, seq: Number(match[2]), hash: match[3]! };
}

/** Switches Chromium or Electron may be given on any launch; they are never ours. */
function isChromiumSwitch(arg: string): boolean {
  return /^--(no-sandbox|enable-logging|disable-gpu|ozone-platform(=.*)?|enable-features=.*|disable-features=.*|inspect.*|remote-debugging-port=.*|user-data-dir=.*|lang=.*|v=.*|vmodule=.*)$/.test(arg);
}
