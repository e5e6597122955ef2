import type { SqliteDatabase } from '../../storage/open-database';
import { stringifySorted } from '../audit-details';
import type { AuditRow } from '../audit-row';
import { DROP_NO_DELETE_TRIGGER_SQL, NO_DELETE_TRIGGER_SQL } from './append-only-triggers';
import { headSeq, readPruneAnchor } from './chain-meta';
import type { ChainWriter } from './chain-writer';
import { retentionCutoffUtc } from '../retention';
import { verifyChain } from './verify-chain';
import { verifyExport } from '../verify-export';

export interface PruneRequest {
  exportFile: string;
  manifestFile: string;
  retentionYears: number;
  nowUtc: number;
  monoMs: number;
  userId: string;
  role: string;
}

export interface PruneResult {
  fromSeq: number;
  toSeq: number;
  rows: number;
  manifestSha256: string;
  auditRow: AuditRow;
}

export class PruneRefusedError extends Error {
  override name = 'PruneRefusedError';
}

function refuse(message: string): never {
  throw new PruneRefusedError(`prune refused: ${message}`);
}

/**
 * Removes the oldest retained rows, but only those that are past retention AND
 * inside an export that verifies now and matches this database hash for hash.
 * The genesis row always stays. In one transaction: the DELETE trigger is
 * dropped, the range deleted, the trigger recreated, an anchor written (where
 * the retained chain resumes and with which prev_hash) and an audit.pruned row
 * appended that names the range, its last hash and the manifest's SHA-256.
 */
export async function pruneAudit(db: SqliteDatabase, writer: ChainWriter, request: PruneRequest): Promise<PruneResult> {
  let check;
  try {
    check = await verifyExport(request.exportFile, request.manifestFile);
  } catch (error) {
    refuse(`the export cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!check.ok) refuse(`the export does not verify (${check.reason}: ${check.detail})`);
  const manifest = check.manifest;
  if (!manifest.contiguous || manifest.rowCount === 0 || manifest.firstSeq === null || manifest.lastSeq === null) {
    refuse('the export is not a contiguous range of rows');
  }

  const anchor = readPruneAnchor(db);
  const start = anchor ? anchor.anchorSeq : 2;
  if (manifest.firstSeq > start) refuse(`the export starts at seq ${manifest.firstSeq}, the retained chain at seq ${start}`);
  const stored = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(manifest.lastSeq) as string | undefined;
  if (stored !== manifest.lastHash) refuse(`the export does not match this database at seq ${manifest.lastSeq}`);

  const head = headSeq(db)!;
  const cutoff = retentionCutoffUtc(request.nowUtc, request.retentionYears);
  const firstRecent = (db.prepare('SELECT min(seq) FROM audit_log WHERE seq >= ? AND utc_ms >= ?').pluck().get(start, cutoff) as number | null) ?? head + 1;
  const toSeq = Math.min(manifest.lastSeq, firstRecent - 1);
  if (toSeq < start) refuse('nothing in the export is past the retention period');

  // The rows about to go must be intact: equal last hashes plus two valid
  // chains mean the export holds exactly these rows.
  const chain = verifyChain(db, { fromSeq: start, toSeq: Math.min(head, Math.max(toSeq + 1, manifest.lastSeq)) });
  if (!chain.ok) refuse(`the database chain is broken at seq ${chain.brokenAtSeq} (${chain.reason})`);

  const lastHash = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').pluck().get(toSeq) as string;
  const details = stringifySorted({
    from_seq: start,
    to_seq: toSeq,
    rows: toSeq - start + 1,
    last_hash: lastHash,
    manifest_sha256: check.manifestSha256,
    retention_cutoff_utc_ms: cutoff,
  });
  writer.setDurability(true);
  try {
    const { rows, head: newHead } = db
      .transaction(() => {
        db.exec(DROP_NO_DELETE_TRIGGER_SQL);
        db.prepare('DELETE FROM audit_log WHERE seq BETWEEN ? AND ?').run(start, toSeq);
        db.exec(NO_DELETE_TRIGGER_SQL);
        const appended = writer.insertRows([
          { utcMs: request.nowUtc, monoMs: request.monoMs, userId: request.userId, role: request.role, action: 'audit.pruned', bedId: null, alarmId: null, details },
        ]);
        db.prepare(
          `INSERT INTO audit_prune (from_seq, to_seq, anchor_seq, anchor_prev_hash, manifest_sha256, audit_seq, pruned_utc_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(start, toSeq, toSeq + 1, lastHash, check.manifestSha256, appended.rows[0]!.seq, request.nowUtc);
        return appended;
      })
      .immediate();
    writer.adoptHead(newHead);
    return { fromSeq: start, toSeq, rows: toSeq - start + 1, manifestSha256: check.manifestSha256, auditRow: rows[0]! };
  } catch (error) {
    writer.reload();
    throw error;
  }
}
