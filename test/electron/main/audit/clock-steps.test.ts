import { copyFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { SignedAuditHead } from '../../../../shared/protocol/audit-heads';
import type { AuditStore } from '../../../../electron/main/audit/audit-store';
import { NODE_JOURNAL_FILE_OPS, type JournalFileOps } from '../../../../electron/main/audit/journal/journal-file-ops';
import type { SqliteDatabase } from '../../../../electron/main/storage/open-database';
import { FakeClock, HOUR_STEPS } from '../../../support/fake-clock';
import { openRaw, openStationStore, openStore, restoreBackup, stationAuditDirs, tempDir, waitFor } from './audit-test-kit';

/**
 * Every duration of the audit trail runs on the station's monotonic clock
 * (docs/architecture.md, "Two clocks"): the minute's signature, the first
 * and the daily full verification, the store's retries and the journal's.
 * Each is driven with a FakeClock and the wall clock set an hour forward and
 * an hour back while it waits: it fires exactly when the monotonic time is
 * up, neither sooner nor later. The delays are far longer than any real
 * wait in these tests, so a timer on Node's own clock could never pass them.
 * Rows keep the wall clock's time, and a wall clock set back never reorders
 * what the fallback journal imports.
 */
let stores: AuditStore[] = [];
let locker: SqliteDatabase | null = null;
afterEach(async () => {
  if (locker?.inTransaction) locker.exec('ROLLBACK');
  locker?.close();
  locker = null;
  for (const s of stores.splice(0)) await s.close({ timeoutMs: 500 });
});

const RECHECK = { clockRecheckMs: 5 };

/** Long enough for many re-checks of the clock: whatever was due would have happened. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 80));

async function station(clock: FakeClock, options: Parameters<typeof openStationStore>[1] = {}): Promise<{ store: AuditStore; heads: SignedAuditHead[] }> {
  const store = await openStationStore(stationAuditDirs(), { clock, ...RECHECK, ...options });
  stores.push(store);
  const heads: SignedAuditHead[] = [];
  store.onSignedHeads((signed) => heads.push(...signed));
  return { store, heads };
}

describe.each(HOUR_STEPS)('audit durations with the wall clock set an hour %s', (_direction, step) => {
  it('the head is signed one minute of monotonic time after the last signature, not sooner, not later; rows keep wall time', async () => {
    const clock = new FakeClock({ wall: Date.now() });
    const { store, heads } = await station(clock, { signEveryRows: 1_000_000, signEveryMs: 60_000 });
    clock.stepWall(step);
    const wallAtRecord = clock.wall();
    store.record({ action: 'alarm.onset', bedId: 'bed-01', alarmId: 'a-1', details: { n: 1 } });
    await store.flush();
    const before = heads.length;

    clock.advance(59_999);
    await settle();
    expect(heads).toHaveLength(before);
    clock.advance(1);
    await waitFor(() => heads.length > before);
    expect(heads.at(-1)!.seq).toBe(store.chainStatus().headSeq);

    const row = (await store.query({ action: 'alarm.onset', limit: 1 })).rows[0]!;
    // The wall clock as it read (a step back is kept in details when the writer holds utc_ms at the chain's latest time).
    expect((JSON.parse(row.details) as { original_utc_ms?: number }).original_utc_ms ?? row.utcMs).toBe(wallAtRecord);
  });

  it('the first full verification comes 60 s of monotonic time after start, the next 24 h after it', async () => {
    const clock = new FakeClock({ wall: Date.now() });
    const { store } = await station(clock, { firstFullVerifyAfterMs: 60_000, fullVerifyEveryMs: 24 * 3_600_000 });
    const verifications = async () => {
      await store.flush();
      return store.count({ action: 'audit.verified' });
    };
    clock.stepWall(step);
    clock.advance(59_999);
    await settle();
    expect(store.verificationStatus().lastFull).toBeNull();
    clock.advance(1);
    await waitFor(async () => (await verifications()) === 1);
    expect(store.verificationStatus().lastFull).toMatchObject({ ok: true });

    clock.stepWall(step);
    clock.advance(24 * 3_600_000 - 1);
    await settle();
    expect(await verifications()).toBe(1);
    clock.advance(1);
    await waitFor(async () => (await verifications()) === 2);
  });

  it('a failed write is retried after its back-off of monotonic time; the outage lasted exactly that', async () => {
    const clock = new FakeClock({ wall: Date.now() });
    const file = `${tempDir()}/audit.db`;
    const store = await openStore(file, { clock, ...RECHECK, walCheckpointer: false, busyTimeoutMs: 30, retry: { initialMs: 30_000, maxMs: 60_000 } });
    stores.push(store);
    locker = openRaw(file);
    locker.exec('BEGIN IMMEDIATE');
    store.record({ action: 'alarm.onset', details: { n: 0 } });
    await waitFor(() => store.health.state === 'degraded');
    locker.exec('COMMIT');

    clock.stepWall(step);
    clock.advance(29_999);
    await settle();
    expect(store.health.state).toBe('degraded');
    clock.advance(1);
    await waitFor(() => store.health.state === 'ok');
    await store.flush();
    const recovered = (await store.query({ action: 'audit.recovered', limit: 1 })).rows[0]!;
    expect(JSON.parse(recovered.details)).toMatchObject({ outage_ms: 30_000 });
  });

  it('with the store and the journal both failing, the journal is tried again after the back-off of monotonic time', async () => {
    const dirs = stationAuditDirs();
    stores.push(await openStationStore(dirs));
    for (const s of stores.splice(0)) await s.close();
    writeFileSync(dirs.file, Buffer.alloc(8192, 0x5a));
    let failing = true;
    const fileOps: JournalFileOps = {
      create: (path) => (failing ? Promise.reject(Object.assign(new Error(`ENOSPC: no space left on device, open '${path}'`), { code: 'ENOSPC' })) : NODE_JOURNAL_FILE_OPS.create(path)),
      syncDir: (dir) => NODE_JOURNAL_FILE_OPS.syncDir(dir),
    };
    const clock = new FakeClock({ wall: Date.now() });
    const store = await openStationStore(dirs, { clock, ...RECHECK, journal: { fileOps }, retry: { initialMs: 30_000, maxMs: 30_000 } });
    stores.push(store);
    expect(store.durability).toBe('refused');
    const nurse = { userId: 'nurse-1', role: 'nurse' };
    // Tried at once, refused: the journal's next try now waits for its back-off.
    await expect(store.recordClinical({ action: 'audio.paused', actor: nurse })).rejects.toThrow(/both unavailable/);
    failing = false;

    clock.stepWall(step);
    clock.advance(29_999);
    await settle();
    expect(store.durability).toBe('refused');
    clock.advance(1);
    await waitFor(() => store.durability === 'fallback-journal');
    expect((await store.recordClinical({ action: 'audio.paused', actor: nurse })).recordedIn).toBe('fallback-journal');
  });

  it('journal segments written before and after the step are imported in the order they were written', async () => {
    const dirs = stationAuditDirs();
    const clock = new FakeClock({ wall: Date.now() });
    const run = async (work: (store: AuditStore) => Promise<void>) => {
      const store = await openStationStore(dirs, { clock, ...RECHECK });
      try {
        await work(store);
      } finally {
        await store.close();
      }
    };
    await run(async (store) => store.record({ action: 'app.start' }));
    copyFileSync(dirs.file, `${dirs.file}.backup`);
    writeFileSync(dirs.file, Buffer.alloc(8192, 0x5a));
    const nurse = { userId: 'nurse-1', role: 'nurse' };
    // Two runs while the store is down, each with its own segment; the wall clock is set between them.
    await run(async (store) => expect((await store.recordClinical({ action: 'user.sign-in', actor: nurse })).recordedIn).toBe('fallback-journal'));
    clock.stepWall(step);
    clock.advance(60_000);
    await run(async (store) => expect((await store.recordClinical({ action: 'alarm.acknowledged', actor: nurse, alarmId: 'a-1' })).recordedIn).toBe('fallback-journal'));

    restoreBackup(`${dirs.file}.backup`, dirs.file);
    const store = await openStationStore(dirs, { clock, ...RECHECK });
    stores.push(store);
    await waitFor(() => store.health.state === 'ok');
    await store.flush();
    const rows = (await store.query({ limit: 100, order: 'oldest-first' })).rows.filter((r) => r.userId === 'nurse-1');
    expect(rows.map((r) => r.action)).toEqual(['user.sign-in', 'alarm.acknowledged']);
    expect(await store.verify({ full: true })).toMatchObject({ ok: true });
  });
});
