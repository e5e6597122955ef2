import { existsSync } from 'node:fs';
import { AuditStore } from '../audit/audit-store';
import { exportAudit } from '../audit/export-audit';
import type { ExportFormat } from '../audit/export-format';
import { verifyChain } from '../audit/verify-chain';
import { verifyExport } from '../audit/verify-export';
import type { AuditWorkerEntry } from '../audit/worker-entry';
import { openDatabase, type SqliteDatabase } from '../storage/open-database';
import type { AdminIo } from './admin-io';
import { EXIT } from './exit-codes';

/**
 * The audit trail's command-line tools, shared by `vigil-station --verify-audit …`
 * and `npm run audit -- …`. verify and export open the database read-only
 * (so exports made here are not themselves recorded in the chain; exports
 * made from the app are). prune writes: it runs the audit store itself,
 * which verifies the export against its manifest and this database first,
 * and records audit.pruned under the IT user named by --by.
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

/** Walks the whole chain from its genesis row. */
export function verifyAuditDatabase(file: string, ctx: AuditToolContext): number {
  const db = openReadOnly(file, ctx.projectRoot);
  try {
    const result = verifyChain(db);
    if (result.ok) {
      ctx.io.out(`verified ${result.checkedRows} rows up to seq ${result.lastSeq ?? 0}\n`);
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

export async function verifyAuditExport(exportFile: string, manifestFile: string, ctx: AuditToolContext): Promise<number> {
  const result = await verifyExport(exportFile, manifestFile);
  if (result.ok) {
    const m = result.manifest;
    const rows = m.firstSeq === null ? 'no rows' : `seq ${m.firstSeq}-${m.lastSeq}`;
    ctx.io.out(`export verified: ${result.rowCount} rows (${rows}), ${result.chainChecked ? 'chain links re-checked' : 'row hashes re-checked (not contiguous)'}\n`);
    return EXIT.ok;
  }
  ctx.io.out(`export invalid: ${result.reason}${result.seq !== undefined ? ` at seq ${result.seq}` : ''} (${result.detail})\n`);
  return EXIT.refused;
}

export async function pruneAudit(
  file: string,
  request: { exportFile: string; manifestFile: string; by: string; retentionYears: number | null; stationId: string },
  ctx: AuditToolContext,
): Promise<number> {
  if (!existsSync(file)) throw new MissingFileError(`no such database: ${file}`);
  const store = await AuditStore.open({
    file,
    stationId: request.stationId,
    projectRoot: ctx.projectRoot,
    workerEntry: ctx.workerEntry,
    walCheckpointer: false,
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
