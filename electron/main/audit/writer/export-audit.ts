import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { SqliteDatabase } from '../../storage/open-database';
import { filterClause } from './audit-query';
import { AUDIT_COLUMNS, type AuditRowRecord } from '../audit-row';
import { headSeq } from './chain-meta';
import { readChainIdentity } from './chain-identity';
import type { SignedAuditHead } from '../../../../shared/protocol/audit-heads';
import {
  CSV_HEADER,
  HASH_RULE,
  JSON_CLOSE,
  JSON_OPEN,
  csvLine,
  jsonLine,
  manifestPathFor,
  type ExportFilter,
  type ExportFormat,
  type ExportManifest,
} from '../export-format';

export interface ExportOptions {
  filter?: ExportFilter;
  format: ExportFormat;
  outFile: string;
  /** Defaults to the genesis row's station. */
  stationId?: string;
  /** The key the chain's heads are signed with (recorded in the manifest); default: what the chain names. */
  publicKey?: string | null;
  now?: () => number;
  chunkRows?: number;
}

/**
 * Appends to `<file>.partial` and renames on success, after fsync: a crash
 * leaves either no file or the whole file, never half an export.
 */
class DurableFile {
  private readonly partial: string;
  private readonly fd: number;

  constructor(private readonly file: string) {
    this.partial = `${file}.partial`;
    this.fd = openSync(this.partial, 'w');
  }

  write(text: string): void {
    writeSync(this.fd, text);
  }

  commit(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.partial, this.file);
  }

  abandon(): void {
    closeSync(this.fd);
    rmSync(this.partial, { force: true });
  }
}

function writeDurably(file: string, text: string): void {
  const out = new DurableFile(file);
  out.write(text);
  out.commit();
}

/**
 * Exports the rows matching `filter` (up to the newest row at the moment the
 * export starts) and writes `<outFile>.manifest.json` beside it. Reads in
 * keyset chunks and yields between them, so inside the writer thread appends
 * keep flowing during a long export; rows are immutable, so the result is
 * the same as a single snapshot.
 */
export async function exportAudit(db: SqliteDatabase, options: ExportOptions): Promise<{ manifest: ExportManifest; manifestFile: string }> {
  const filter = options.filter ?? {};
  const chunkRows = options.chunkRows ?? 5_000;
  const lastSeq = Math.min(filter.toSeq ?? Number.MAX_SAFE_INTEGER, headSeq(db) ?? 0);
  const where = filterClause(db, filter);
  const page = db.prepare(
    `SELECT ${AUDIT_COLUMNS} FROM audit_log ${where.sql ? `${where.sql} AND` : 'WHERE'} seq > ? AND seq <= ? ORDER BY seq LIMIT ?`,
  );
  const genesis = db.prepare('SELECT station_id FROM audit_log WHERE seq = 1').get() as { station_id: string } | undefined;

  const fileHash = createHash('sha256');
  const out = new DurableFile(options.outFile);
  const emit = (text: string) => {
    out.write(text);
    fileHash.update(text);
  };
  let rowCount = 0;
  let first: AuditRowRecord | null = null;
  let last: AuditRowRecord | null = null;
  let contiguous = true;
  let cursor = (filter.fromSeq ?? 1) - 1;
  const identity = readChainIdentity(db);
  // Schema v1/v2 files (the CLI opens them read-only, unmigrated) have no signed heads.
  const headsIn =
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_signed_head'").get() !== undefined
      ? db.prepare('SELECT seq, hash, utc_ms AS utcMs, station_id AS stationId, chain_id AS chainId, key_id AS keyId, signature FROM audit_signed_head WHERE seq BETWEEN ? AND ? ORDER BY seq')
      : null;
  const signedHeads: SignedAuditHead[] = [];
  try {
    emit(options.format === 'csv' ? `${CSV_HEADER}\r\n` : JSON_OPEN);
    for (;;) {
      const records = page.all(...where.params, cursor, lastSeq, chunkRows) as AuditRowRecord[];
      if (records.length === 0) break;
      let chunk = '';
      for (const r of records) {
        if (last && r.seq !== last.seq + 1) contiguous = false;
        chunk += options.format === 'csv' ? `${csvLine(r)}\r\n` : `${rowCount === 0 ? '\n' : ',\n'}${jsonLine(r)}`;
        first ??= r;
        last = r;
        rowCount++;
      }
      if (headsIn) {
        const exported = new Set(records.map((r) => r.seq));
        for (const head of headsIn.all(records[0]!.seq, last!.seq) as SignedAuditHead[]) if (exported.has(head.seq)) signedHeads.push(head);
      }
      emit(chunk);
      cursor = last!.seq;
      await nextTurn();
    }
    if (options.format === 'json') emit(`\n${JSON_CLOSE}\n`);
    out.commit();
  } catch (error) {
    out.abandon();
    throw error;
  }
  const manifest: ExportManifest = {
    format: options.format,
    filter,
    rowCount,
    firstSeq: first?.seq ?? null,
    lastSeq: last?.seq ?? null,
    firstHash: first?.hash ?? null,
    lastHash: last?.hash ?? null,
    fileSha256: fileHash.digest('hex'),
    stationId: options.stationId ?? genesis?.station_id ?? first?.station_id ?? 'unknown',
    exportedAt: new Date((options.now ?? Date.now)()).toISOString(),
    contiguous,
    hashRule: HASH_RULE,
    publicKey: options.publicKey ?? identity?.publicKey ?? null,
    keyId: identity?.keyId ?? null,
    chainId: identity?.chainId ?? null,
    signedHeads,
  };
  const manifestFile = manifestPathFor(options.outFile);
  writeDurably(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, manifestFile };
}
