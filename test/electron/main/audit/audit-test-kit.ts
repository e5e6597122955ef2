import { copyFileSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AuditStore, type AuditStoreOptions } from '../../../../electron/main/audit/audit-store';
import { AuditWorkerCore } from '../../../../electron/main/audit/writer/audit-worker-core';
import type { AuditWorkerData } from '../../../../electron/main/audit/writer/worker-protocol';
import type { ClinicalRecord } from '../../../../electron/main/audit/durability-receipt';
import type { AuditRow } from '../../../../electron/main/audit/audit-row';
import type { AuditRowRecord, PendingAuditEvent } from '../../../../electron/main/audit/audit-row';
import { hashInput, sha256Hex } from '../../../../electron/main/audit/chain-format';
import { openDatabase, type SqliteDatabase } from '../../../../electron/main/storage/open-database';
import { auditWorkerEntryForTests } from './audit-worker-entry-for-tests';

export const ROOT = resolve(__dirname, '../../../..');

export function tempDir(prefix = 'vigil-audit-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function openStore(file: string, options: Partial<AuditStoreOptions> = {}): Promise<AuditStore> {
  return AuditStore.open({ file, stationId: 'station-test', projectRoot: ROOT, workerEntry: auditWorkerEntryForTests(), ...options });
}

/** The writer without its thread: fast set-up of chains for verify/export/prune tests. */
export function openCore(file: string, overrides: Partial<AuditWorkerData> = {}): AuditWorkerCore {
  const core = new AuditWorkerCore({
    file,
    projectRoot: ROOT,
    stationId: 'station-test',
    tailVerifyRows: 1_000,
    busyTimeoutMs: 200,
    retentionYears: 7,
    signing: null,
    keyPreexisting: false,
    headFile: null,
    ...overrides,
  });
  core.open();
  return core;
}

const CLOCK_START = Date.now();
let clockMs = CLOCK_START;

/**
 * Events one second apart on a shared test clock that starts now (the genesis
 * row is stamped with the real clock, and the writer keeps time moving forward).
 */
export function events(count: number, overrides: Partial<PendingAuditEvent> = {}): PendingAuditEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    utcMs: (clockMs += 1_000),
    monoMs: clockMs - CLOCK_START,
    userId: 'system',
    role: 'system',
    action: 'alarm.onset' as const,
    bedId: `bed-${String(i % 8).padStart(2, '0')}`,
    alarmId: `alarm-${i}`,
    details: JSON.stringify({ priority: i % 3 === 0 ? 'high' : 'medium' }),
    ...overrides,
  }));
}

/** A second connection, as someone with file access would open it. */
export function openRaw(file: string, readonly = false): SqliteDatabase {
  return openDatabase(file, { projectRoot: ROOT, readonly });
}

/**
 * What a careful attacker does after editing a row: drop the triggers and
 * recompute every hash from `seq` on, so each row matches its own hash.
 */
export function rehashFrom(db: SqliteDatabase, seq: number): void {
  db.exec('DROP TRIGGER IF EXISTS audit_log_no_update');
  let prev = (db.prepare('SELECT hash FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT 1').pluck().get(seq) as string | undefined) ?? '0'.repeat(64);
  const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(seq) as AuditRowRecord[];
  const update = db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?');
  db.transaction(() => {
    for (const r of rows) {
      const hash = sha256Hex(
        hashInput(prev, { seq: r.seq, utcMs: r.utc_ms, monoMs: r.mono_ms, stationId: r.station_id, userId: r.user_id, role: r.role, action: r.action, bedId: r.bed_id, alarmId: r.alarm_id, details: r.details }),
      );
      update.run(prev, hash, r.seq);
      prev = hash;
    }
  })();
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5_000, stepMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/** The committed row of a clinical action that must have reached the audit trail itself. */
export function committedRow(record: ClinicalRecord): AuditRow {
  if (record.recordedIn !== 'audit-trail') throw new Error(`expected the audit trail, got ${record.recordedIn}`);
  return record.row;
}

/** A station's audit files as the app lays them out: the database, the journal and the key beside the data folder. */
export interface StationAuditDirs {
  dataDir: string;
  file: string;
  journalDir: string;
  keyDir: string;
}

export function stationAuditDirs(): StationAuditDirs {
  const root = tempDir('vigil-station-audit-');
  const dataDir = join(root, 'data');
  return { dataDir, file: join(dataDir, 'audit.sqlite'), journalDir: `${dataDir}-audit-journal`, keyDir: `${dataDir}-audit-key` };
}

/** The store as the app opens it: with its fallback journal and signing key. */
export function openStationStore(dirs: StationAuditDirs, options: Partial<AuditStoreOptions> = {}): Promise<AuditStore> {
  return openStore(dirs.file, { journalDir: dirs.journalDir, keyDir: dirs.keyDir, walCheckpointer: false, retry: { initialMs: 20, maxMs: 100 }, firstFullVerifyAfterMs: null, ...options });
}

/** What IT does to put a backup back: copy beside, then rename over (never a half-copied file in place). */
export function restoreBackup(backup: string, file: string): void {
  copyFileSync(backup, `${file}.restoring`);
  renameSync(`${file}.restoring`, file);
}
