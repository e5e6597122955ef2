import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StationConfigSchema } from '../../../../shared/config/station-config';
import type { AuditWorkerEntry } from '../../../../electron/main/audit/worker-entry';
import { createInvokeHandlers, dispatchInvoke } from '../../../../electron/main/ipc/invoke-handlers';
import { silentLogger } from '../../../../electron/main/logging/logger';
import { closeStation, createStation } from '../../../../electron/main/station/create-station';
import { stationFiles } from '../../../../electron/main/station/station-files';
import type { Station } from '../../../../electron/main/station/station';
import { auditWorkerEntryForTests } from '../audit/audit-worker-entry-for-tests';
import { ROOT, restoreBackup, tempDir, waitFor } from '../audit/audit-test-kit';
import { makeReadOnly } from '../../../support/read-only-file';

/**
 * Issue 12 item 5, through the station as the app builds it (createStation:
 * training accounts, users, alarm engine, IPC dispatch): with the audit store
 * unusable, nobody could sign in, acknowledge, pause or reset, and the only
 * alarm said "User file unreadable". Now every one of those is done, recorded
 * in the fallback journal, and the view is told so.
 */
const config = StationConfigSchema.parse({ feed: { kind: 'simulator', beds: 4, seed: 1 } });
let stations: Station[] = [];
const undo: Array<() => void> = [];
afterEach(async () => {
  for (const u of undo.splice(0)) u();
  for (const s of stations.splice(0)) await closeStation(s).catch(() => undefined);
});

async function start(dataDir: string, auditWorker: AuditWorkerEntry = auditWorkerEntryForTests()): Promise<Station> {
  const station = await createStation(config, { wallMode: false, dataDir, projectRoot: ROOT, auditWorker, hashCost: 2 ** 14, logger: silentLogger });
  stations.push(station);
  return station;
}

/** A station that ran once (its chain, key, last head and training accounts exist), stopped, with a backup of its database. */
async function stationThatRan(): Promise<{ dataDir: string; file: string; backup: string }> {
  const dataDir = join(tempDir('vigil-outage-'), 'data');
  mkdirSync(dataDir, { recursive: true });
  const station = await start(dataDir);
  await closeStation(station);
  stations = [];
  const file = stationFiles(config, dataDir).auditFile;
  copyFileSync(file, `${file}.backup`);
  return { dataDir, file, backup: `${file}.backup` };
}

function technical(station: Station) {
  return station.alarms.list().filter((a) => a.source === 'technical').map((a) => ({ code: a.code, priority: a.priority, message: a.message }));
}

/** A view attached to the station, calling it through the IPC dispatch the windows use. */
function viewAt(station: Station, label?: string): (channel: string, request: unknown) => ReturnType<typeof dispatchInvoke> {
  const handlers = createInvokeHandlers(station);
  const viewId = station.attach({ event: () => undefined, waveformFrame: () => undefined, ...(label ? { label } : {}) }).viewId;
  return (channel, request) => dispatchInvoke(handlers, channel, request, { viewId }, silentLogger);
}

/** The shift through the IPC dispatch the windows use: every answer done, and marked as recorded in the journal. */
async function shiftThroughIpc(station: Station): Promise<void> {
  const nurse = viewAt(station);
  const charge = viewAt(station);
  const alarmId = station.alarms.raiseTechnical('NO_DATA', { bedId: 'bed-02' });

  for (const [view, channel, request] of [
    [nurse, 'session:sign-in', { identifier: 'nurse', secret: '1234' }],
    [nurse, 'alarm:acknowledge', { alarmId }],
    [nurse, 'audio:pause', {}],
    [charge, 'session:sign-in', { identifier: 'BADGE-CHARGE', secret: '1234' }],
    [charge, 'alarm:reset', {}],
    [charge, 'limits:change', { bedId: 'bed-01', parameter: 'hr', high: 140, confirmed: true }],
    [nurse, 'session:sign-out', {}],
  ] as const) {
    const answer = await view(channel, request);
    expect(answer, `${channel} at the ${view === nurse ? 'nurse' : 'charge nurse'}'s view`).toMatchObject({ ok: true, recordedIn: 'fallback-journal' });
  }
  expect(station.alarms.list().find((a) => a.alarmId === alarmId)?.state).toBe('acknowledged');
  expect(station.alarms.auditory()).toBeNull();
}

const SHIFT_ACTIONS = ['user.sign-in', 'alarm.acknowledged', 'audio.paused', 'user.sign-in', 'alarm.reset', 'limits.changed', 'user.sign-out'];

async function expectShiftImported(station: Station): Promise<void> {
  await waitFor(() => station.audit.health.state === 'ok' && station.audit.durability === 'audit-trail', 10_000);
  await station.audit.flush();
  const rows = (await station.audit.query({ limit: 1_000, order: 'oldest-first' })).rows;
  const journalled = rows.filter((r) => r.userId !== 'system' && JSON.parse(r.details).journal_id);
  expect(journalled.map((r) => r.action)).toEqual(SHIFT_ACTIONS);
  expect(rows.some((r) => r.action === 'audit.journal-imported')).toBe(true);
  expect(await station.audit.verify({ full: true })).toMatchObject({ ok: true });
  expect(technical(station).filter((a) => a.code.startsWith('AUDIT'))).toEqual([]);
}

describe('the audit store failing does not make alarms unstoppable', () => {
  it('corrupt audit.sqlite: sign-in (training accounts too), acknowledge, pause, reset and limits go to the journal; AUDIT_FAILURE names the store', async () => {
    const { dataDir, file, backup } = await stationThatRan();
    writeFileSync(file, Buffer.alloc(16_384, 0x42));
    const station = await start(dataDir);
    const alarms = technical(station);
    expect(alarms.map((a) => a.code)).toEqual(['AUDIT_FAILURE']);
    expect(alarms[0]!.message).toBe('Audit store …/data/audit.sqlite is corrupt: actions go to the fallback journal. IT: restore it from backup');
    expect(alarms.some((a) => /User file/.test(a.message))).toBe(false);
    expect(station.review.status().problems[0]).toMatchObject({ path: file, fix: expect.stringContaining('restore it from backup') });

    await shiftThroughIpc(station);
    restoreBackup(backup, file);
    await expectShiftImported(station);
  });

  it('a brand-new station whose audit.sqlite is corrupt from the start still seeds and signs in the training accounts', async () => {
    const dataDir = join(tempDir('vigil-outage-'), 'data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'audit.sqlite'), Buffer.alloc(16_384, 0x42));
    const station = await start(dataDir);
    expect(technical(station).map((a) => a.code)).toEqual(['AUDIT_FAILURE']);
    await shiftThroughIpc(station);
  });

  it('read-only audit.sqlite: the same, and the fix says whose write access', async (ctx) => {
    const { dataDir, file } = await stationThatRan();
    const readOnly = makeReadOnly(file);
    if ('skip' in readOnly) return ctx.skip();
    undo.push(readOnly.undo);
    const station = await start(dataDir);
    expect(technical(station)[0]!.message).toMatch(/audit\.sqlite is read-only: actions go to the fallback journal\. IT: give it write access$/);
    await shiftThroughIpc(station);
    readOnly.undo();
    undo.length = 0;
    await expectShiftImported(station);
  });

  it('the writer thread cannot run: the same; the next start imports the journal', async () => {
    const { dataDir } = await stationThatRan();
    const station = await start(dataDir, { path: join(dataDir, 'missing-audit-worker.js') });
    expect(technical(station)[0]!.message).toMatch(/audit\.sqlite has lost its writer thread: actions go to the fallback journal/);
    await shiftThroughIpc(station);
    await closeStation(station);
    stations = [];
    await expectShiftImported(await start(dataDir));
  });

  it('store and journal both unusable: clinical actions are refused and a HIGH alarm says so on every screen', async () => {
    const { dataDir, file } = await stationThatRan();
    writeFileSync(file, Buffer.alloc(16_384, 0x42));
    // The journal's folder is now a regular file: nothing can be created in it.
    rmSync(`${dataDir}-audit-journal`, { recursive: true, force: true });
    writeFileSync(`${dataDir}-audit-journal`, 'not a folder');
    const station = await start(dataDir);
    const alarms = technical(station);
    expect(alarms).toContainEqual({ code: 'AUDIT_JOURNAL_FAILURE', priority: 'HIGH', message: 'Clinical actions refused: audit store and fallback journal both unavailable' });
    // Every screen: a view that attaches gets it in its snapshot, as station-wide (no bed).
    expect(station.snapshot().alarms.alarms).toContainEqual(expect.objectContaining({ code: 'AUDIT_JOURNAL_FAILURE', priority: 'HIGH', bedId: null }));
    const answer = await viewAt(station)('session:sign-in', { identifier: 'nurse', secret: '1234' });
    expect(answer).toMatchObject({ ok: false, error: expect.stringMatching(/audit trail cannot record it/) });
  });
});

/** The journalled rows of one action after the trail is back, with their parsed details. */
async function importedRows(station: Station, action: string): Promise<Array<{ userId: string; details: Record<string, unknown> }>> {
  await waitFor(() => station.audit.health.state === 'ok' && station.audit.durability === 'audit-trail', 10_000);
  await station.audit.flush();
  const rows = (await station.audit.query({ limit: 1_000, order: 'oldest-first' })).rows;
  return rows.filter((r) => r.action === action).map((r) => ({ userId: r.userId, details: JSON.parse(r.details) as Record<string, unknown> }));
}

describe('the clinical and admin actions main added go through the fallback journal like the others', () => {
  it('closing the station (clinical quit) with a corrupt audit.sqlite: recorded in the journal, the station may stop, the next start imports it', async () => {
    const { dataDir, file, backup } = await stationThatRan();
    writeFileSync(file, Buffer.alloc(16_384, 0x42));
    const station = await start(dataDir);
    const call = viewAt(station, 'charge desk');
    expect(await call('session:sign-in', { identifier: 'BADGE-CHARGE', secret: '1234' })).toMatchObject({ ok: true, recordedIn: 'fallback-journal' });
    const check = await call('station:quit-check', {});
    if (!check.ok || !(check.value as { allowed: boolean }).allowed) throw new Error(`quit not allowed: ${JSON.stringify(check)}`);
    const alarmIds = (check.value as { alarms: Array<{ alarmId: string }> }).alarms.map((a) => a.alarmId);
    expect(await call('station:quit', { alarmIds, confirmed: true })).toEqual({ ok: true, value: { quitting: true }, recordedIn: 'fallback-journal' });
    expect(station.quit.approvedQuit()).toMatchObject({ userId: 'charge', kind: 'clinical-quit' });
    await closeStation(station);
    stations = [];

    restoreBackup(backup, file);
    const next = await start(dataDir);
    const quits = await importedRows(next, 'app.quit');
    expect(quits).toEqual([{ userId: 'charge', details: expect.objectContaining({ screen: 'charge desk (view-1)', alarms: alarmIds.length, journal_id: expect.any(String) }) }]);
    // A quit recorded in the journal is a clinical quit: the next start reports no unclean stop. (The one
    // there is the set-up run's, stopped without a quit, which the quitting run found and journalled.)
    const uncleanStops = await importedRows(next, 'app.unclean-stop');
    expect(uncleanStops).toHaveLength(1);
    expect(uncleanStops[0]!.details['journal_id']).toEqual(expect.any(String));
    expect(await next.audit.verify({ full: true })).toMatchObject({ ok: true });
  });

  it('an admin adds a user with a corrupt audit.sqlite: recorded in the journal, saved, and imported once the store is back', async () => {
    const { dataDir, file, backup } = await stationThatRan();
    writeFileSync(file, Buffer.alloc(16_384, 0x42));
    const station = await start(dataDir);
    const call = viewAt(station);
    expect(await call('session:sign-in', { identifier: 'admin', secret: 'admin1234' })).toMatchObject({ ok: true, recordedIn: 'fallback-journal' });
    const added = await call('users:add', { userId: 'n-okafor', displayName: 'N. Okafor', role: 'nurse', badgeId: null, secret: '4831' });
    expect(added).toMatchObject({ ok: true, value: { userId: 'n-okafor', role: 'nurse' }, recordedIn: 'fallback-journal' });
    expect(await call('users:list', {})).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ userId: 'n-okafor' })]) });

    restoreBackup(backup, file);
    const changes = await importedRows(station, 'config.changed');
    expect(changes.filter((c) => c.userId === 'admin')).toEqual([{ userId: 'admin', details: expect.objectContaining({ journal_id: expect.any(String) }) }]);
    expect(JSON.stringify(changes.find((c) => c.userId === 'admin')!.details)).toContain('n-okafor');
  });

  it('training accounts removed on a real feed while audit.sqlite is corrupt: the removal is in the journal, and the accounts are gone', async () => {
    const { dataDir, file, backup } = await stationThatRan();
    writeFileSync(file, Buffer.alloc(16_384, 0x42));
    const real = StationConfigSchema.parse({
      feed: { kind: 'gateway', urls: ['https://127.0.0.1:9'], token: 'station-token-0123' },
      beds: [{ bedId: 'b1', label: 'Bed 1', patient: null }],
    });
    const station = await createStation(real, { wallMode: false, dataDir, projectRoot: ROOT, auditWorker: auditWorkerEntryForTests(), hashCost: 2 ** 14, logger: silentLogger });
    stations.push(station);
    expect(await station.users.list()).toEqual([]);

    restoreBackup(backup, file);
    const removals = (await importedRows(station, 'config.changed')).filter((c) => c.details['change'] === 'training-accounts.removed');
    expect(removals).toEqual([{ userId: 'system', details: expect.objectContaining({ count: 4, journal_id: expect.any(String) }) }]);
  });
});
