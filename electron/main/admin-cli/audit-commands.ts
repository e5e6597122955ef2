import { existsSync } from 'node:fs';
import { AuditStore } from '../audit/audit-store';
import type { ExportFormat } from '../audit/export-format';
import { readHeadFile, type KnownHead } from '../audit/signing/head-file';
import { readPublicKeyPem, stationKeyFiles } from '../audit/signing/station-key';
import { verifyExport } from '../audit/verify-export';
import type { AuditWorkerEntry } from '../audit/worker-entry';
import { exportAudit } from '../audit/writer/export-audit';
import { verifyFullySync } from '../audit/writer/full-verification';
import { NewChainRefused, startNewChain } from '../audit/writer/new-chain';
import { openDatabase, type SqliteDatabase } from '../storage/open-database';
import { AdminUsageError, type AdminIo } from './admin-io';
import type { ReplacedHead } from './command-line';
import { EXIT } from './exit-codes';

/**
 * The audit trail's command-line tools, shared by `vigil-station --verify-audit …`
 * and `npm run audit -- …`. verify and export open the database read-only
 * (so exports made here are not themselves recorded in the chain; exports
 * made from the app are). prune writes: it runs the audit store itself,
 * which verifies the export against its manifest and this database first,
 * and records audit.pruned under the IT user named by --by; like the
 * station, it never writes to a database that does not continue the last
 * signed head beside the key, and never creates a key (one made here would
 * not be sealed the way the app seals it). new-chain is IT's recorded
 * decision that the trail is lost (writer/new-chain.ts).
 *
 * Signatures are checked with a key from outside the files checked when
 * there is one: --public-key (a copy IT keeps), else the public key beside
 * the station key. Without either the chain's own key is used, and the
 * answer says that proves little.
 */
export interface AuditToolContext {
  io: AdminIo;
  /** For the SQLite native binding (storage/native-binding.ts). */
  projectRoot: string;
  workerEntry: AuditWorkerEntry;
}

export class MissingFileError extends Error {
  override name = 'MissingFileError';
}

function openReadOnly(file: string, projectRoot: string): SqliteDatabase {
  if (!existsSync(file)) throw new MissingFileError(`no such database: ${file}`);
  return openDatabase(file, { projectRoot, readonly: true });
}

/** The public key to check signatures with, and where that trust comes from. */
function trustedKey(publicKeyPem: string | null, keyDir: string | null): { publicKey: string | null; from: string } {
  const beside = keyDir ? stationKeyFiles(keyDir).publicKeyFile : null;
  const pem = publicKeyPem ?? (beside && existsSync(beside) ? beside : null);
  if (!pem) return { publicKey: null, from: 'the database itself (not anchored: pass --public-key)' };
  if (!existsSync(pem)) throw new MissingFileError(`no such public key: ${pem}`);
  const key = readPublicKeyPem(pem);
  return { publicKey: key.publicKey, from: `${pem} (key ${key.keyId})` };
}

/**
 * The whole chain from its genesis row, every signed head, and the last
 * head kept beside the station key (`keyDir`): the same full verification
 * the station runs (writer/full-verification.ts).
 */
export function verifyAuditDatabase(file: string, keys: { keyDir: string; publicKeyPem: string | null }, ctx: AuditToolContext): number {
  const trusted = trustedKey(keys.publicKeyPem, keys.keyDir);
  const knownHead: KnownHead = existsSync(keys.keyDir) ? readHeadFile(stationKeyFiles(keys.keyDir).headFile) : { state: 'missing' };
  const db = openReadOnly(file, ctx.projectRoot);
  try {
    const result = verifyFullySync(db, { trustedPublicKey: trusted.publicKey, knownHead, backEndHeads: null });
    if (result.ok) {
      const head = knownHead.state === 'valid' ? `; continues the last signed head (seq ${knownHead.head.seq})` : knownHead.state === 'missing' ? `; no last signed head in ${keys.keyDir}` : '';
      ctx.io.out(`verified ${result.checkedRows} rows up to seq ${result.lastSeq ?? 0}; ${result.signedHeads} signed heads checked with ${trusted.from}${head}\n`);
      return EXIT.ok;
    }
    ctx.io.out(`chain broken at seq ${result.brokenAtSeq}: ${result.reason} (${result.detail})\n`);
    return EXIT.refused;
  } finally {
    db.close();
  }
}

export async function exportAuditRange(
  file: string,
  range: { fromUtc: number; toUtc: number; format: ExportFormat; outFile: string | null },
  ctx: AuditToolContext,
): Promise<number> {
  const outFile = range.outFile ?? `audit-${range.fromUtc}-${range.toUtc}.${range.format}`;
  const db = openReadOnly(file, ctx.projectRoot);
  try {
    const { manifest, manifestFile } = await exportAudit(db, { filter: { fromUtc: range.fromUtc, toUtc: range.toUtc }, format: range.format, outFile });
    const rows = manifest.firstSeq === null ? 'no rows' : `seq ${manifest.firstSeq}-${manifest.lastSeq}`;
    ctx.io.out(`exported ${manifest.rowCount} rows (${rows}) to ${outFile}; manifest ${manifestFile}\n`);
    return EXIT.ok;
  } finally {
    db.close();
  }
}

/** The export against its manifest, and the signed heads it lists (with --public-key when given). */
export async function verifyAuditExport(exportFile: string, manifestFile: string, publicKeyPem: string | null, ctx: AuditToolContext): Promise<number> {
  const trusted = trustedKey(publicKeyPem, null);
  const result = await verifyExport(exportFile, manifestFile, { trustedPublicKey: trusted.publicKey });
  if (result.ok) {
    const m = result.manifest;
    const rows = m.firstSeq === null ? 'no rows' : `seq ${m.firstSeq}-${m.lastSeq}`;
    const signed = `${result.signedHeads} signed heads checked with ${result.keyTrusted ? trusted.from : "the manifest's own key (not anchored: pass --public-key)"}`;
    ctx.io.out(`export verified: ${result.rowCount} rows (${rows}), ${result.chainChecked ? 'chain links re-checked' : 'row hashes re-checked (not contiguous)'}; ${signed}\n`);
    return EXIT.ok;
  }
  ctx.io.out(`export invalid: ${result.reason}${result.seq !== undefined ? ` at seq ${result.seq}` : ''} (${result.detail})\n`);
  return EXIT.refused;
}

export async function pruneAudit(
  file: string,
  request: { exportFile: string; manifestFile: string; by: string; retentionYears: number | null; stationId: string; keyDir: string },
  ctx: AuditToolContext,
): Promise<number> {
  if (!existsSync(file)) throw new MissingFileError(`no such database: ${file}`);
  const store = await AuditStore.open({
    file,
    stationId: request.stationId,
    projectRoot: ctx.projectRoot,
    workerEntry: ctx.workerEntry,
    walCheckpointer: false,
    // Never into a database that does not continue the station's last signed head; never a key of its own.
    keyDir: request.keyDir,
    createKey: false,
    ...(request.retentionYears === null ? {} : { retentionYears: request.retentionYears }),
  });
  try {
    const result = await store.prune({ exportFile: request.exportFile, manifestFile: request.manifestFile, actor: { userId: request.by, role: 'it' } });
    ctx.io.out(`pruned ${result.rows} rows (seq ${result.fromSeq}-${result.toSeq}); recorded as seq ${result.auditRow.seq}\n`);
    return EXIT.ok;
  } catch (error) {
    if ((error as Error).name !== 'PruneRefusedError') throw error;
    ctx.io.out(`${(error as Error).message}\n`);
    return EXIT.refused;
  } finally {
    await store.close();
  }
}

/**
 * Records that a station's trail is lost and starts a chain naming the last
 * head it replaces (station stopped). The old database, if any, is moved
 * aside, never deleted.
 */
export function newAuditChain(
  file: string,
  request: { keyDir: string; stationId: string | null; by: string; reason: string; replaces: ReplacedHead | null },
  ctx: AuditToolContext,
): number {
  const known = readHeadFile(stationKeyFiles(request.keyDir).headFile);
  const stationId = request.stationId ?? (known.state === 'valid' ? known.head.stationId : null);
  if (!stationId) throw new AdminUsageError('--station is required when no last signed head names the station');
  try {
    const result = startNewChain({ file, keyDir: request.keyDir, stationId, by: request.by, reason: request.reason, projectRoot: ctx.projectRoot, ...(request.replaces ? { replaces: request.replaces } : {}) });
    ctx.io.out(
      `new chain ${result.chainId.slice(0, 12)} started, replacing chain ${result.replaces.chainId.slice(0, 12)} at seq ${result.replaces.seq}` +
        `${result.archivedAs ? `; the old database is kept as ${result.archivedAs}` : ''}\n`,
    );
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof NewChainRefused)) throw error;
    ctx.io.out(`new-chain refused: ${error.message}\n`);
    return EXIT.refused;
  }
}
