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

/** The shift through the IPC dispatch the windows use: every answer done, and marked as recorded in the journal. */
async function shiftThroughIpc(station: Station): Promise<void> {
  const handlers = createInvokeHandlers(station);
  const nurse = station.attach({ event: () => undefined, waveformFrame: () => undefined }).viewId;
  const charge = station.attach({ event: () => undefined, waveformFrame: () => undefined }).viewId;
  const call = (viewId: string, channel: string, request: unknown) => dispatchInvoke(handlers, channel, request, { viewId }, silentLogger);
  const alarmId = station.alarms.raiseTechnical('NO_DATA', { bedId: 'bed-02' });

  for (const [viewId, channel, request] of [
    [nurse, 'session:sign-in', { identifier: 'nurse', secret: '1234' }],
    [nurse, 'alarm:acknowledge', { alarmId }],
    [nurse, 'audio:pause', {}],
    [charge, 'session:sign-in', { identifier: 'BADGE-CHARGE', secret: '1234' }],
    [charge, 'alarm:reset', {}],
    [charge, 'limits:change', { bedId: 'bed-01', parameter: 'hr', high: 140, confirmed: true }],
    [nurse, 'session:sign-out', {}],
  ] as const) {
    const answer = await call(viewId, channel, request);
    expect(answer, `${channel} at ${viewId}`).toMatchObject({ ok: true, recordedIn: 'fallback-journal' });
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
    const handlers = createInvokeHandlers(station);
    const viewId = station.attach({ event: () => undefined, waveformFrame: () => undefined }).viewId;
    const answer = await dispatchInvoke(handlers, 'session:sign-in', { identifier: 'nurse', secret: '1234' }, { viewId }, silentLogger);
    expect(answer).toMatchObject({ ok: false, error: expect.stringMatching(/audit trail cannot record it/) });
  });
});
