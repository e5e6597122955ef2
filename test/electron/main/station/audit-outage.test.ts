import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StationConfigSchema } from '../../../../shared/config/station-config';
import type { AuditAction } from '../../../../shared/audit/audit-actions';
import type { Hl7ListenerConnection } from '../../../../electron/main/connections/hl7/hl7-listener-connection';
import type { AuditWorkerEntry } from '../../../../electron/main/audit/worker-entry';
import { createInvokeHandlers, dispatchInvoke } from '../../../../electron/main/ipc/invoke-handlers';
import { silentLogger } from '../../../../electron/main/logging/logger';
import { closeStation, createStation } from '../../../../electron/main/station/create-station';
import { stationFiles } from '../../../../electron/main/station/station-files';
import type { Station } from '../../../../electron/main/station/station';
import { auditWorkerEntryForTests } from '../audit/audit-worker-entry-for-tests';
import { ROOT, restoreBackup, tempDir, waitFor } from '../audit/audit-test-kit';
import { makeReadOnly } from '../../../support/read-only-file';
import { adtMessage, adtStationConfig } from '../connections/adt/adt-test-kit';
import { MllpClient } from '../connections/hl7/hl7-test-kit';
import { startCreatedStation } from './created-station-kit';

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

/** The entries of every segment in the fallback journal folder (not yet imported), with their details parsed. */
function journalEntries(dataDir: string): Array<{ action: string; bedId: string | null; details: Record<string, unknown> }> {
  const dir = `${dataDir}-audit-journal`;
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) => readFileSync(join(dir, name), 'utf8').split('\n').filter(Boolean))
    .map((line) => JSON.parse(line.slice(65)) as { t: string; event?: { action: string; bedId: string | null; details: string } })
    .flatMap((record) => (record.t === 'entry' && record.event ? [{ action: record.event.action, bedId: record.event.bedId, details: JSON.parse(record.event.details) as Record<string, unknown> }] : []));
}

const newPatient = { mrn: { id: 'MRN-7731', type: 'MR', authority: 'HOSP' }, family: 'Okafor', given: 'Ada', dob: '1961-04-02', sex: 'F', category: 'adult' };

describe('census changes are clinical actions: with audit.sqlite unusable they go to the fallback journal', () => {
  it('discharge, transfer, admission and the display mode are done and answered "recorded in the fallback journal"; the journal names each bed’s patient by number; once imported, the stays are bounded by their rows', async () => {
    const { dataDir, file, backup } = await stationThatRan();
    writeFileSync(file, Buffer.alloc(16_384, 0x42));
    const station = await start(dataDir);
    const charge = viewAt(station);
    const nurse = viewAt(station);
    const admin = viewAt(station);
    expect(await charge('session:sign-in', { identifier: 'BADGE-CHARGE', secret: '1234' })).toMatchObject({ ok: true, recordedIn: 'fallback-journal' });
    expect(await nurse('session:sign-in', { identifier: 'nurse', secret: '1234' })).toMatchObject({ ok: true, recordedIn: 'fallback-journal' });
    expect(await admin('session:sign-in', { identifier: 'admin', secret: 'admin1234' })).toMatchObject({ ok: true, recordedIn: 'fallback-journal' });
    const leaving = station.census.occupant('bed-04')!;
    const moving = station.census.occupant('bed-03')!;
    const staying = station.census.occupant('bed-02')!;

    const answers = [
      await charge('census:discharge', { bedId: 'bed-04', encounterId: leaving.encounterId, confirmed: true }),
      await charge('census:transfer', { bedId: 'bed-03', encounterId: moving.encounterId, toBedId: 'bed-04' }),
      await charge('census:admit', { bedId: 'bed-03', patient: newPatient }),
      await admin('display:set-patient-mode', { mode: 'bed-only' }),
    ];
    for (const answer of answers) expect(answer).toMatchObject({ ok: true, recordedIn: 'fallback-journal' });
    const admitted = station.census.occupant('bed-03')!;
    expect(admitted.patient.mrn.id).toBe('MRN-7731');
    expect(station.census.occupant('bed-04')?.encounterId).toBe(moving.encounterId);
    // An acknowledgement on an occupied bed, journalled like the census's own entries.
    const alarmId = station.alarms.raiseTechnical('NO_DATA', { bedId: 'bed-02' });
    expect(await nurse('alarm:acknowledge', { alarmId })).toMatchObject({ ok: true, recordedIn: 'fallback-journal' });

    // The patient identity stamp is on what the journal holds (number, never name): the rows the import makes carry it.
    const entries = journalEntries(dataDir);
    const entry = (action: string) => entries.find((e) => e.action === action)!;
    expect(entry('census.discharged').details).toMatchObject({ encounter: leaving.encounterId, patient_id: leaving.patient.mrn.id });
    expect(entry('census.transferred').details).toMatchObject({ encounter: moving.encounterId, patient_id: moving.patient.mrn.id, from_bed: 'bed-03', to_bed: 'bed-04' });
    expect(entry('census.admitted').details).toMatchObject({ encounter: admitted.encounterId, patient_id: 'MRN-7731', patient_id_authority: 'HOSP' });
    expect(entry('alarm.acknowledged').details).toMatchObject({ encounter: staying.encounterId, patient_id: staying.patient.mrn.id });
    expect(JSON.stringify(entries)).not.toMatch(/Okafor|1961-04-02/);
    expect(station.census.awaitingJournalImport).toBe(true);

    restoreBackup(backup, file);
    const transferred = await importedRows(station, 'census.transferred');
    expect(transferred).toEqual([{ userId: 'charge', details: expect.objectContaining({ patient_id: moving.patient.mrn.id, journal_id: expect.any(String) }) }]);
    await waitFor(() => !station.census.awaitingJournalImport, 10_000);
    const seqOf = async (action: string) => (await station.audit.query({ action: action as AuditAction, limit: 1 })).rows[0]!.seq;
    expect(station.census.spansOf(moving.encounterId)).toEqual([
      expect.objectContaining({ bedId: 'bed-03', fromSeq: 0, toSeq: await seqOf('census.transferred') }),
      expect.objectContaining({ bedId: 'bed-04', fromSeq: await seqOf('census.transferred'), toSeq: null }),
    ]);
    expect(station.census.spansOf(admitted.encounterId)).toEqual([expect.objectContaining({ bedId: 'bed-03', fromSeq: await seqOf('census.admitted') })]);
    const history = await charge('census:alarm-history', { encounterId: staying.encounterId, limit: 50 });
    expect(history).toMatchObject({ ok: true, value: { rows: expect.arrayContaining([expect.objectContaining({ action: 'alarm.acknowledged', alarmId })]) } });
    expect((history as { value: { incomplete?: boolean } }).value.incomplete).toBeUndefined();
  });

  it('an ADT feed over MLLP is applied and answered AA, its census entries in the fallback journal with the patient’s number', async () => {
    const dataDir = join(tempDir('vigil-outage-'), 'data');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'audit.sqlite'), Buffer.alloc(16_384, 0x42));
    const station = await startCreatedStation(adtStationConfig(), dataDir, { logger: silentLogger });
    stations.push(station);
    expect(technical(station).map((a) => a.code)).toContain('AUDIT_FAILURE');
    const client = await MllpClient.connect((station.connections.get('adt') as Hl7ListenerConnection).port!);
    try {
      const codes: string[] = [];
      for (const id of ['a01', 'a02', 'a03']) codes.push((await client.request(adtMessage(id))).code);
      expect(codes).toEqual(['AA', 'AA', 'AA']);
    } finally {
      await client.close();
    }
    expect(station.census.occupant('es9-424-1')?.patient.mrn.id).toBe('7012673');
    const census = journalEntries(dataDir).filter((e) => e.action.startsWith('census.') && e.action !== 'census.loaded');
    expect(census.map((e) => e.action)).toEqual(['census.admitted', 'census.transferred', 'census.updated']);
    for (const e of census) expect(e.details).toMatchObject({ patient_id: '7012673', encounter: expect.any(String) });
    expect(station.census.awaitingJournalImport).toBe(true);
  });
});
