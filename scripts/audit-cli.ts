/**
 * Audit trail tools for administrators and auditors, usable without the app:
 *   npm run audit -- verify <db>
 *   npm run audit -- export <db> --from <ISO|ms> --to <ISO|ms> [--format csv|json] [--out file]
 *   npm run audit -- verify-export <file> <manifest>
 *   npm run audit -- prune <db> <export file> <manifest> --by <IT user id> [--retention-years 7]
 *       (the station stopped: removes rows past retention that the verified export holds)
 * Exit codes: 0 verified / exported, 2 chain or export broken, 1 usage or I/O error.
 * verify and export open the database read-only (so exports made here are
 * not themselves recorded in the chain; exports made from the app are).
 * prune writes: it runs the audit store itself, which verifies the export
 * against its manifest and this database first, and records audit.pruned
 * under the IT user named by --by.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AuditStore } from '../electron/main/audit/audit-store';
import { exportAudit } from '../electron/main/audit/writer/export-audit';
import { sourceAuditWorkerEntry } from '../electron/main/audit/worker-entry';
import type { ExportFormat } from '../electron/main/audit/export-format';
import { verifyChain } from '../electron/main/audit/writer/verify-chain';
import { verifyExport } from '../electron/main/audit/verify-export';
import { openDatabase, type SqliteDatabase } from '../electron/main/storage/open-database';

const PROJECT_ROOT = resolve(__dirname, '..');

const USAGE = `usage:
  audit verify <db>
  audit export <db> --from <ISO|ms> --to <ISO|ms> [--format csv|json] [--out file]
  audit verify-export <file> <manifest>
  audit prune <db> <export file> <manifest> --by <IT user id> [--retention-years 7]`;

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

function verify(file: string): number {
  const db = openReadOnly(file);
  try {
    const result = verifyChain(db);
    if (result.ok) {
      process.stdout.write(`verified ${result.checkedRows} rows up to seq ${result.lastSeq ?? 0}\n`);
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

async function checkExport(exportFile: string, manifestFile: string): Promise<number> {
  const result = await verifyExport(exportFile, manifestFile);
  if (result.ok) {
    const m = result.manifest;
    const range = m.firstSeq === null ? 'no rows' : `seq ${m.firstSeq}-${m.lastSeq}`;
    process.stdout.write(`export verified: ${result.rowCount} rows (${range}), ${result.chainChecked ? 'chain links re-checked' : 'row hashes re-checked (not contiguous)'}\n`);
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

async function main(args: string[]): Promise<number> {
  const [command, first, second, third] = args;
  if (command === 'prune' && first && second && third) return prune(first, second, third, args.slice(4));
  if (command === 'verify' && first) return verify(first);
  if (command === 'export' && first) return exportRange(first, args.slice(2));
  if (command === 'verify-export' && first && second) return checkExport(first, second);
  throw new UsageError(command ? `unknown command or missing argument: ${command}` : 'no command given');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(error instanceof UsageError ? `${error.message}\n${USAGE}\n` : `error: ${error.message}\n`);
    process.exit(1);
  },
);
