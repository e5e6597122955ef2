/**
 * Audit trail tools for administrators and auditors, usable without the app:
 *   npm run audit -- verify <db> [--key-dir <dir>] [--public-key <pem>]
 *       (the whole chain, every signed head, and the last head beside the key;
 *        the key folder defaults to <db's folder>-audit-key)
 *   npm run audit -- export <db> --from <ISO|ms> --to <ISO|ms> [--format csv|json] [--out file]
 *   npm run audit -- verify-export <file> <manifest> [--public-key <pem>]
 *   npm run audit -- prune <db> <export file> <manifest> --by <IT user id> [--retention-years 7]
 *       (the station stopped: removes rows past retention that the verified export holds)
 *   npm run audit -- new-chain <db> --by <IT user id> --reason <text> [--key-dir <dir>] [--replaces <chain>:<seq>:<hash>]
 *       (the station stopped: records that the trail is lost and starts a chain naming it)
 * Exit codes: 0 verified / exported, 2 chain or export broken, 1 usage or I/O error.
 * verify and export open the database read-only (so exports made here are
 * not themselves recorded in the chain; exports made from the app are).
 * prune writes: it runs the audit store itself, which verifies the export
 * against its manifest and this database first, and records audit.pruned
 * under the IT user named by --by.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AuditStore } from '../electron/main/audit/audit-store';
import { exportAudit } from '../electron/main/audit/writer/export-audit';
import { sourceAuditWorkerEntry } from '../electron/main/audit/worker-entry';
import type { ExportFormat } from '../electron/main/audit/export-format';
import { verifyFullySync } from '../electron/main/audit/writer/full-verification';
import { NewChainRefused, startNewChain } from '../electron/main/audit/writer/new-chain';
import { readHeadFile, type KnownHead } from '../electron/main/audit/signing/head-file';
import { readPublicKeyPem, stationKeyFiles } from '../electron/main/audit/signing/station-key';
import { verifyExport } from '../electron/main/audit/verify-export';
import { openDatabase, type SqliteDatabase } from '../electron/main/storage/open-database';

const PROJECT_ROOT = resolve(__dirname, '..');

const USAGE = `usage:
  audit verify <db> [--key-dir <dir>] [--public-key <pem>]
  audit export <db> --from <ISO|ms> --to <ISO|ms> [--format csv|json] [--out file]
  audit verify-export <file> <manifest> [--public-key <pem>]
  audit prune <db> <export file> <manifest> --by <IT user id> [--retention-years 7]
  audit new-chain <db> --by <IT user id> --reason <text> [--key-dir <dir>] [--replaces <chain>:<seq>:<hash>]`;

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
  return value;
}

function instant(text: string | undefined, name: string): number {
  if (text === undefined) throw new UsageError(`--${name} is required`);
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) throw new UsageError(`--${name} must be an ISO date-time or milliseconds since 1970, got ${JSON.stringify(text)}`);
  return ms;
}

function openReadOnly(file: string): SqliteDatabase {
  if (!existsSync(file)) throw new Error(`no such database: ${file}`);
  return openDatabase(file, { projectRoot: PROJECT_ROOT, readonly: true });
}

/** The station's key folder: --key-dir, else beside the database's folder as the app lays it out. */
function keyDirFor(file: string, args: string[]): string {
  return option(args, 'key-dir') ?? `${resolve(dirname(file))}-audit-key`;
}

/**
 * The public key to check signatures with, from outside the database: a PEM
 * IT kept (--public-key), else the one beside the station key. Without
 * either, the chain's own key is used and the answer says it proves little.
 */
function trustedKey(args: string[], keyDir: string | null): { publicKey: string | null; from: string } {
  const pem = option(args, 'public-key') ?? (keyDir && existsSync(stationKeyFiles(keyDir).publicKeyFile) ? stationKeyFiles(keyDir).publicKeyFile : null);
  if (!pem) return { publicKey: null, from: 'the database itself (not anchored: pass --public-key)' };
  const key = readPublicKeyPem(pem);
  return { publicKey: key.publicKey, from: `${pem} (key ${key.keyId})` };
}

function verify(file: string, args: string[]): number {
  const keyDir = keyDirFor(file, args);
  const trusted = trustedKey(args, keyDir);
  const knownHead: KnownHead = existsSync(keyDir) ? readHeadFile(stationKeyFiles(keyDir).headFile) : { state: 'missing' };
  const db = openReadOnly(file);
  try {
    const result = verifyFullySync(db, { trustedPublicKey: trusted.publicKey, knownHead, backEndHeads: null });
    if (result.ok) {
      const head = knownHead.state === 'valid' ? `; continues the last signed head (seq ${knownHead.head.seq})` : knownHead.state === 'missing' ? '; no last signed head found' : '';
      process.stdout.write(`verified ${result.checkedRows} rows up to seq ${result.lastSeq ?? 0}; ${result.signedHeads} signed heads checked with ${trusted.from}${head}\n`);
      return 0;
    }
    process.stdout.write(`chain broken at seq ${result.brokenAtSeq}: ${result.reason} (${result.detail})\n`);
    return 2;
  } finally {
    db.close();
  }
}

async function exportRange(file: string, args: string[]): Promise<number> {
  const fromUtc = instant(option(args, 'from'), 'from');
  const toUtc = instant(option(args, 'to'), 'to');
  const format = (option(args, 'format') ?? 'csv') as ExportFormat;
  if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
  const outFile = option(args, 'out') ?? `audit-${fromUtc}-${toUtc}.${format}`;
  const db = openReadOnly(file);
  try {
    const { manifest, manifestFile } = await exportAudit(db, { filter: { fromUtc, toUtc }, format, outFile });
    const range = manifest.firstSeq === null ? 'no rows' : `seq ${manifest.firstSeq}-${manifest.lastSeq}`;
    process.stdout.write(`exported ${manifest.rowCount} rows (${range}) to ${outFile}; manifest ${manifestFile}\n`);
    return 0;
  } finally {
    db.close();
  }
}

async function checkExport(exportFile: string, manifestFile: string, args: string[]): Promise<number> {
  const trusted = trustedKey(args, null);
  const result = await verifyExport(exportFile, manifestFile, { trustedPublicKey: trusted.publicKey });
  if (result.ok) {
    const m = result.manifest;
    const range = m.firstSeq === null ? 'no rows' : `seq ${m.firstSeq}-${m.lastSeq}`;
    const signed = `${result.signedHeads} signed heads checked with ${result.keyTrusted ? trusted.from : "the manifest's own key (not anchored: pass --public-key)"}`;
    process.stdout.write(`export verified: ${result.rowCount} rows (${range}), ${result.chainChecked ? 'chain links re-checked' : 'row hashes re-checked (not contiguous)'}; ${signed}\n`);
    return 0;
  }
  process.stdout.write(`export invalid: ${result.reason}${result.seq !== undefined ? ` at seq ${result.seq}` : ''} (${result.detail})\n`);
  return 2;
}

async function prune(file: string, exportFile: string, manifestFile: string, args: string[]): Promise<number> {
  const by = option(args, 'by');
  if (by === undefined) throw new UsageError('--by is required: the prune is recorded under the person who ran it');
  const years = option(args, 'retention-years');
  const retentionYears = years === undefined ? undefined : Number(years);
  if (retentionYears !== undefined && !(Number.isInteger(retentionYears) && retentionYears >= 1)) throw new UsageError('--retention-years must be a whole number of years, at least 1');
  if (!existsSync(file)) throw new Error(`no such database: ${file}`);
  const store = await AuditStore.open({
    file,
    stationId: 'audit-cli',
    projectRoot: PROJECT_ROOT,
    workerEntry: sourceAuditWorkerEntry(PROJECT_ROOT),
    walCheckpointer: false,
    keyDir: keyDirFor(file, args),
    createKey: false,
    ...(retentionYears === undefined ? {} : { retentionYears }),
  });
  try {
    const result = await store.prune({ exportFile, manifestFile, actor: { userId: by, role: 'it' } });
    process.stdout.write(`pruned ${result.rows} rows (seq ${result.fromSeq}-${result.toSeq}); recorded as seq ${result.auditRow.seq}\n`);
    return 0;
  } catch (error) {
    if ((error as Error).name !== 'PruneRefusedError') throw error;
    process.stdout.write(`${(error as Error).message}\n`);
    return 2;
  } finally {
    await store.close();
  }
}

function newChain(file: string, args: string[]): number {
  const by = option(args, 'by');
  const reason = option(args, 'reason');
  if (by === undefined || reason === undefined) throw new UsageError('--by and --reason are required: the new chain records who decided the trail was lost, and why');
  const replacesText = option(args, 'replaces');
  let replaces;
  if (replacesText !== undefined) {
    const match = /^([0-9a-f]{64}):(\d+):([0-9a-f]{64})$/.exec(replacesText);
    if (!match) throw new UsageError('--replaces must be <chain id>:<seq>:<hash> (64 hex digits, a number, 64 hex digits)');
    replaces = { chainId: match[1]!, seq: Number(match[2]), hash: match[3]! };
  }
  const keyDir = keyDirFor(file, args);
  const known = readHeadFile(stationKeyFiles(keyDir).headFile);
  const stationId = option(args, 'station') ?? (known.state === 'valid' ? known.head.stationId : undefined);
  if (!stationId) throw new UsageError('--station is required when no last signed head names the station');
  try {
    const result = startNewChain({ file, keyDir, stationId, by, reason, projectRoot: PROJECT_ROOT, ...(replaces ? { replaces } : {}) });
    process.stdout.write(
      `new chain ${result.chainId.slice(0, 12)} started, replacing chain ${result.replaces.chainId.slice(0, 12)} at seq ${result.replaces.seq}` +
        `${result.archivedAs ? `; the old database is kept as ${result.archivedAs}` : ''}\n`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof NewChainRefused)) throw error;
    process.stdout.write(`new-chain refused: ${error.message}\n`);
    return 2;
  }
}

async function main(args: string[]): Promise<number> {
  const [command, first, second, third] = args;
  if (command === 'prune' && first && second && third) return prune(first, second, third, args.slice(4));
  if (command === 'verify' && first) return verify(first, args.slice(2));
  if (command === 'export' && first) return exportRange(first, args.slice(2));
  if (command === 'verify-export' && first && second) return checkExport(first, second, args.slice(3));
  if (command === 'new-chain' && first) return newChain(first, args.slice(2));
  throw new UsageError(command ? `unknown command or missing argument: ${command}` : 'no command given');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(error instanceof UsageError ? `${error.message}\n${USAGE}\n` : `error: ${error.message}\n`);
    process.exit(1);
  },
);
