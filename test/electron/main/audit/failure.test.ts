import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditHealth } from '../../../../electron/main/audit/audit-health';
import { AuditUnavailableError, type AuditStore } from '../../../../electron/main/audit/audit-store';
import { verifyChain } from '../../../../electron/main/audit/writer/verify-chain';
import type { SqliteDatabase } from '../../../../electron/main/storage/open-database';
import { FakeClock, HOUR_STEPS } from '../../../support/fake-clock';
import { events, openCore, openRaw, openStore, tempDir, waitFor } from './audit-test-kit';

let store: AuditStore | null = null;
let locker: SqliteDatabase | null = null;
afterEach(async () => {
  if (locker?.inTransaction) locker.exec('ROLLBACK');
  locker?.close();
  locker = null;
  await store?.close({ timeoutMs: 500 });
  store = null;
});

const FAST_RETRY = { busyTimeoutMs: 30, retry: { initialMs: 20, maxMs: 100 } };

/** Another connection holding the write lock: every write fails with SQLITE_BUSY until released. */
function holdWriteLock(file: string): SqliteDatabase {
  const db = openRaw(file);
  db.exec('BEGIN IMMEDIATE');
  return db;
}

async function allRows(s: AuditStore) {
  return (await s.query({ limit: 1_000, order: 'oldest-first' })).rows;
}

describe('write failures', () => {
  it('degrade, queue, reject clinical actions, then recover and flush in order', async () => {
    const file = `${tempDir()}/audit.db`;
    const health: AuditHealth[] = [];
    store = await openStore(file, { ...FAST_RETRY, onHealth: (h) => health.push(h) });
    locker = holdWriteLock(file);

    // In flight when the write fails: rejected, never written later.
    const inFlight = store.recordClinical({ action: 'alarm.acknowledged', actor: { userId: 'n1', role: 'nurse' }, details: { n: -1 } });
    await expect(inFlight).rejects.toBeInstanceOf(AuditUnavailableError);
    for (let n = 0; n < 20; n++) store.record({ action: 'alarm.onset', details: { n } });
    await waitFor(() => store!.health.state === 'degraded');
    expect(store.health).toMatchObject({ state: 'degraded', reason: expect.stringContaining('SQLITE_BUSY') });
    expect(store.queued).toBeGreaterThanOrEqual(21);
    // While degraded, clinical actions are refused up front.
    await expect(store.recordClinical({ action: 'audio.paused', actor: { userId: 'n1', role: 'nurse' } })).rejects.toThrow(/unavailable/);
    for (let n = 20; n < 40; n++) store.record({ action: 'alarm.onset', details: { n } });
    await new Promise((r) => setTimeout(r, 150)); // a few failed retries

    locker.exec('COMMIT');
    await waitFor(() => store!.health.state === 'ok');
    await store.flush();
    const rows = await allRows(store);
    const onsets = rows.filter((r) => r.action === 'alarm.onset').map((r) => JSON.parse(r.details).n);
    expect(onsets).toEqual(Array.from({ length: 40 }, (_, n) => n));
    expect(rows.some((r) => r.action === 'alarm.acknowledged' || r.action === 'audio.paused')).toBe(false);
    const degradedAt = rows.findIndex((r) => r.action === 'audit.degraded');
    const recoveredAt = rows.findIndex((r) => r.action === 'audit.recovered');
    expect(degradedAt).toBeGreaterThan(0);
    expect(recoveredAt).toBeGreaterThan(degradedAt);
    expect(JSON.parse(rows[recoveredAt]!.details)).toMatchObject({ dropped: 0, reason: expect.stringContaining('SQLITE_BUSY') });
    expect(health[0]).toMatchObject({ state: 'degraded' });
    expect(health.at(-1)).toEqual({ state: 'ok' });
    await store.close();
    store = null;
    expect(verifyChain(file)).toMatchObject({ ok: true });
  });

  it.each(HOUR_STEPS)('the outage’s length on audit.recovered is monotonic time, with the wall clock set an hour %s during it', async (_direction, step) => {
    const file = `${tempDir()}/audit.db`;
    const clock = new FakeClock({ wall: Date.now() });
    store = await openStore(file, { ...FAST_RETRY, clock, clockRecheckMs: 5 });
    locker = holdWriteLock(file);
    store.record({ action: 'alarm.onset', details: { n: 0 } });
    await waitFor(() => store!.health.state === 'degraded');
    clock.stepWall(step);
    clock.advance(7_000);
    locker.exec('COMMIT');
    await waitFor(() => store!.health.state === 'ok');
    await store.flush();
    const recovered = (await allRows(store)).find((r) => r.action === 'audit.recovered')!;
    expect(JSON.parse(recovered.details)).toMatchObject({ outage_ms: 7_000 });
  });

  it('report overflow when the queue runs out of room, and write the dropped count on recovery', async () => {
    const file = `${tempDir()}/audit.db`;
    const health: AuditHealth[] = [];
    store = await openStore(file, { ...FAST_RETRY, maxQueued: 50, onHealth: (h) => health.push(h) });
    locker = holdWriteLock(file);
    for (let n = 0; n < 30; n++) store.record({ action: 'connection.down', details: { n } });
    await waitFor(() => store!.health.state === 'degraded');
    for (let n = 30; n < 120; n++) store.record({ action: 'connection.down', details: { n } });
    // 50 slots: the audit.degraded marker holds one, so 49 events fit and 71 are dropped.
    expect(store.health).toMatchObject({ state: 'overflow', dropped: 71, queued: 50 });
    expect(health.some((h) => h.state === 'overflow')).toBe(true);

    locker.exec('COMMIT');
    await waitFor(() => store!.health.state === 'ok');
    await store.flush();
    const rows = await allRows(store);
    const kept = rows.filter((r) => r.action === 'connection.down').map((r) => JSON.parse(r.details).n);
    expect(kept).toEqual(Array.from({ length: 49 }, (_, n) => n));
    expect(JSON.parse(rows.find((r) => r.action === 'audit.recovered')!.details)).toMatchObject({ dropped: 71 });
  });

  it('restore a deleted database file from the open connection, losing nothing', async () => {
    const dir = tempDir();
    const file = `${dir}/audit.db`;
    store = await openStore(file, FAST_RETRY);
    for (let n = 0; n < 10; n++) store.record({ action: 'alarm.onset', details: { n } });
    await store.flush();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    for (let n = 10; n < 20; n++) store.record({ action: 'alarm.onset', details: { n } });
    await waitFor(() => store!.health.state === 'degraded');
    expect(store.health).toMatchObject({ reason: expect.stringContaining('deleted') });
    await waitFor(() => store!.health.state === 'ok');
    await store.flush();
    const rows = await allRows(store);
    expect(rows.filter((r) => r.action === 'alarm.onset').map((r) => JSON.parse(r.details).n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
    await store.close();
    store = null;
    expect(verifyChain(file)).toMatchObject({ ok: true, checkedRows: rows.length });
  });

  it('start degraded when verification fails at start-up, and recover once the file is repaired', async () => {
    const file = `${tempDir()}/audit.db`;
    const core = openCore(file);
    core.append(events(50), false, []);
    core.close();
    const raw = openRaw(file);
    raw.exec('DROP TRIGGER audit_log_no_update');
    const original = raw.prepare('SELECT role FROM audit_log WHERE seq = 40').pluck().get() as string;
    raw.prepare("UPDATE audit_log SET role = 'admin' WHERE seq = 40").run();

    store = await openStore(file, FAST_RETRY);
    expect(store.health).toMatchObject({ state: 'degraded', reason: expect.stringMatching(/chain broken at seq 40: hash-mismatch/) });
    await expect(store.recordClinical({ action: 'alarm.reset', actor: { userId: 'n1', role: 'nurse' } })).rejects.toBeInstanceOf(AuditUnavailableError);
    store.record({ action: 'connection.up', details: { waited: true } });

    raw.prepare('UPDATE audit_log SET role = ? WHERE seq = 40').run(original);
    raw.close();
    await waitFor(() => store!.health.state === 'ok');
    await store.flush();
    const rows = await allRows(store);
    expect(rows.slice(51).map((r) => r.action)).toEqual(['audit.degraded', 'connection.up', 'audit.recovered']);
  });
});
