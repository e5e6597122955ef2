import { describe, expect, it } from 'vitest';
import { ChainWriter } from '../../../../electron/main/audit/writer/chain-writer';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../../../electron/main/audit/writer/migrations';
import { verifyChain } from '../../../../electron/main/audit/writer/verify-chain';
import { committedRow, events, openRaw, openStore, tempDir } from './audit-test-kit';

/** A station that ran the first release: schema v1, a chain of 200 rows. */
function firstSchemaFile(): { file: string; hashes: string[] } {
  const file = `${tempDir()}/audit.db`;
  const db = openRaw(file);
  db.pragma('journal_mode = WAL');
  migrate(db, 1);
  const writer = new ChainWriter(db, 'station-v1');
  writer.writeGenesis(Date.now(), 0);
  writer.append(events(200), { durable: false });
  const hashes = db.prepare('SELECT hash FROM audit_log ORDER BY seq').pluck().all() as string[];
  db.close();
  return { file, hashes };
}

describe('schema migrations', () => {
  it('are numbered 1..n in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1));
  });

  it('upgrade a first-schema file: data preserved, chain still verifies and continues', async () => {
    const { file, hashes } = firstSchemaFile();
    const before = openRaw(file, true);
    expect(schemaVersion(before)).toBe(1);
    expect(verifyChain(before)).toMatchObject({ ok: true, checkedRows: 201 });
    before.close();

    const store = await openStore(file, { stationId: 'station-v1' });
    expect(store.health).toEqual({ state: 'ok' });
    const row = committedRow(await store.recordClinical({ action: 'config.changed', actor: { userId: 'admin-1', role: 'admin' } }));
    expect(row.seq).toBe(202);
    expect(row.prevHash).toBe(hashes[200]);
    expect(await store.count({ bedId: 'bed-03' })).toBe(25);
    await store.close();

    const after = openRaw(file, true);
    expect(schemaVersion(after)).toBe(LATEST_SCHEMA_VERSION);
    expect(after.prepare('SELECT hash FROM audit_log WHERE seq <= 201 ORDER BY seq').pluck().all()).toEqual(hashes);
    const indexes = after.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_log'").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['audit_log_utc', 'audit_log_bed', 'audit_log_alarm']));
    expect(verifyChain(after)).toMatchObject({ ok: true, checkedRows: 202 });
    after.close();
  });

  it('refuse a file written by a newer build (the store starts degraded instead of guessing)', async () => {
    const file = `${tempDir()}/audit.db`;
    const db = openRaw(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.close();
    const store = await openStore(file, { retry: { initialMs: 10_000 } });
    expect(store.health).toMatchObject({ state: 'degraded', reason: expect.stringContaining('newer than this build') });
    await store.close({ timeoutMs: 50 });
  });
});
