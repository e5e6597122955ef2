import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditUnavailableError, type AuditStore } from '../../../../../electron/main/audit/audit-store';
import type { ClinicalRecord } from '../../../../../electron/main/audit/durability-receipt';
import { GENESIS_LINE_HASH, lineHash } from '../../../../../electron/main/audit/journal/journal-format';
import { NODE_JOURNAL_FILE_OPS, type JournalFileOps } from '../../../../../electron/main/audit/journal/journal-file-ops';
import { checkJournal } from '../../../../../electron/main/audit/journal/journal-reader';
import type { AuditEventInput } from '../../../../../electron/main/audit/normalize-event';
import { makeReadOnly } from '../../../../support/read-only-file';
import { openStationStore, restoreBackup, stationAuditDirs, waitFor, type StationAuditDirs } from '../audit-test-kit';

let stores: AuditStore[] = [];
const undo: Array<() => void> = [];
afterEach(async () => {
  for (const u of undo.splice(0)) u();
  for (const s of stores.splice(0)) await s.close({ timeoutMs: 500 });
});

async function open(dirs: StationAuditDirs, options: Parameters<typeof openStationStore>[1] = {}): Promise<AuditStore> {
  const store = await openStationStore(dirs, options);
  stores.push(store);
  return store;
}

async function closeAll(): Promise<void> {
  for (const s of stores.splice(0)) await s.close();
}

const NURSE = { userId: 'nurse-1', role: 'nurse' };
const CHARGE = { userId: 'charge-1', role: 'charge-nurse' };

/** What a shift does while the store is down: sign in, acknowledge, pause, and the charge nurse resets. */
const SHIFT: AuditEventInput[] = [
  { action: 'user.sign-in', actor: NURSE, details: { via: 'user-id' } },
  { action: 'alarm.acknowledged', actor: NURSE, bedId: 'bed-03', alarmId: 'a-7', details: { code: 'SPO2_LOW', priority: 'HIGH', escalation_level: 1 } },
  { action: 'audio.paused', actor: NURSE, details: { duration_ms: 120_000 } },
  { action: 'user.sign-in', actor: CHARGE, details: { via: 'badge' } },
  { action: 'alarm.reset', actor: CHARGE, bedId: 'bed-03', alarmId: 'a-7', details: { code: 'SPO2_LOW', priority: 'HIGH' } },
];

async function runShift(store: AuditStore): Promise<ClinicalRecord[]> {
  const records: ClinicalRecord[] = [];
  for (const event of SHIFT) records.push(await store.recordClinical(event));
  return records;
}

function segments(dirs: StationAuditDirs): string[] {
  return readdirSync(dirs.journalDir)
    .filter((n) => n.endsWith('.jsonl'))
    .map((n) => join(dirs.journalDir, n));
}

function stationKey(dirs: StationAuditDirs): string {
  return (JSON.parse(readFileSync(join(dirs.keyDir, 'audit-signing-key.json'), 'utf8')) as { publicKey: string }).publicKey;
}

/** A station that has been running: a signed chain of a few rows, closed cleanly, and a backup of it. */
async function runningStation(): Promise<{ dirs: StationAuditDirs; backup: string }> {
  const dirs = stationAuditDirs();
  const store = await open(dirs);
  for (let i = 0; i < 30; i++) store.record({ action: 'alarm.onset', bedId: `bed-0${i % 8}`, details: { i } });
  await store.recordClinical({ action: 'user.sign-in', actor: NURSE });
  await closeAll();
  const backup = `${dirs.file}.backup`;
  copyFileSync(dirs.file, backup);
  return { dirs, backup };
}

/** The journalled shift is in the trail after recovery: once each, in order, marked with its journal, and the chain verifies. */
async function expectImported(store: AuditStore, journalIds: Set<string>): Promise<void> {
  await waitFor(() => store.health.state === 'ok' && store.problems().length === 0, 10_000);
  await store.flush();
  const rows = (await store.query({ limit: 1_000, order: 'oldest-first' })).rows;
  const shift = rows.filter((r) => r.userId !== 'system' && JSON.parse(r.details).journal_id);
  expect(shift.map((r) => [r.action, r.userId])).toEqual(SHIFT.map((e) => [e.action, (e.actor as { userId: string }).userId]));
  for (const row of shift) expect(journalIds.has(JSON.parse(row.details).journal_id)).toBe(true);
  const imported = rows.filter((r) => r.action === 'audit.journal-imported');
  expect(imported).toHaveLength(1);
  expect(JSON.parse(imported[0]!.details)).toMatchObject({ entries: expect.any(Number), clinical: SHIFT.length, signed: true, skipped_in_doubt: 0 });
  // In call order: the outage's marker, the shift, then the record of the import.
  const seqOf = (action: string) => rows.filter((r) => r.action === action).map((r) => r.seq);
  expect(seqOf('audit.degraded').at(-1)!).toBeLessThan(shift[0]!.seq);
  expect(seqOf('audit.journal-imported')[0]!).toBeGreaterThan(shift.at(-1)!.seq);
  expect(await store.verify({ full: true })).toMatchObject({ ok: true, signedHeads: expect.any(Number) });
}

describe('fallback journal: a failing audit store does not stop clinical actions', () => {
  it('a corrupt audit.sqlite: actions are journalled, named in the problem, then imported verified from the restored copy', async () => {
    const { dirs, backup } = await runningStation();
    const garbage = Buffer.alloc(8192, 0x5a);
    writeFileSync(dirs.file, garbage);

    const store = await open(dirs);
    expect(store.health.state).toBe('degraded');
    expect(store.durability).toBe('fallback-journal');
    expect(store.problems()).toEqual([
      expect.objectContaining({ code: 'store-unavailable', path: dirs.file, what: expect.stringMatching(/^is corrupt/), fix: expect.stringContaining('restore it from backup') }),
    ]);
    const records = await runShift(store);
    expect(records.map((r) => r.recordedIn)).toEqual(SHIFT.map(() => 'fallback-journal'));

    // On disk, sealed, signed with the station key, before each promise resolved.
    const [segment] = segments(dirs);
    const check = checkJournal(segment!, { stationId: 'station-test', publicKey: stationKey(dirs), requireSignature: true });
    expect(check).toMatchObject({ ok: true, clinicalEntries: SHIFT.length, unsealedEntries: 0, tornTail: false });

    restoreBackup(backup, dirs.file);
    await expectImported(store, new Set(records.map((r) => (r.recordedIn === 'fallback-journal' ? r.journal.journalId : ''))));
    const actions = (await store.query({ limit: 1_000, order: 'oldest-first' })).rows.map((r) => r.action);
    expect(actions.lastIndexOf('audit.recovered')).toBeGreaterThan(actions.indexOf('audit.journal-imported'));
    expect(segments(dirs)).toEqual([]);
    expect(readdirSync(join(dirs.journalDir, 'imported'))).toHaveLength(1);
  });

  it('a read-only audit.sqlite: the same, and the problem says read-only and whose access to fix', async (ctx) => {
    const { dirs } = await runningStation();
    const readOnly = makeReadOnly(dirs.file);
    if ('skip' in readOnly) return ctx.skip();
    undo.push(readOnly.undo);

    const store = await open(dirs);
    const records = await runShift(store);
    expect(records.map((r) => r.recordedIn)).toEqual(SHIFT.map(() => 'fallback-journal'));
    expect(store.problems()[0]).toMatchObject({ code: 'store-unavailable', path: dirs.file, what: expect.stringMatching(/^is read-only/), fix: expect.stringContaining('write access') });

    readOnly.undo();
    undo.length = 0;
    await expectImported(store, new Set(records.map((r) => (r.recordedIn === 'fallback-journal' ? r.journal.journalId : ''))));
  });

  it('a writer thread that cannot start: actions are journalled, and the next start imports them', async () => {
    const { dirs } = await runningStation();
    const dead = await open(dirs, { workerEntry: { path: join(dirs.dataDir, 'no-such-audit-worker.js') } });
    expect(dead.durability).toBe('fallback-journal');
    const records = await runShift(dead);
    expect(records.every((r) => r.recordedIn === 'fallback-journal')).toBe(true);
    await closeAll();

    const store = await open(dirs);
    await expectImported(store, new Set(records.map((r) => (r.recordedIn === 'fallback-journal' ? r.journal.journalId : ''))));
  });

  it('the writer thread dying mid-write: every action is recorded exactly once, the in-doubt ones checked at import', async () => {
    const { dirs } = await runningStation();
    const store = await open(dirs);
    const pending: Array<Promise<ClinicalRecord>> = [];
    for (let i = 0; i < 60; i++) {
      pending.push(store.recordClinical({ action: 'alarm.acknowledged', actor: NURSE, bedId: 'bed-01', alarmId: `a-${i}`, details: { i } }));
      for (let k = 0; k < 5; k++) store.record({ action: 'alarm.onset', bedId: 'bed-77', details: { i, k } });
      if (i === 20 || i === 41) await store.crashWriterForTests();
      if (i % 7 === 0) await new Promise((r) => setImmediate(r));
    }
    const records = await Promise.all(pending);
    expect(records.some((r) => r.recordedIn === 'fallback-journal')).toBe(true);
    await waitFor(() => store.health.state === 'ok', 10_000);
    await store.flush();
    const acks = (await store.query({ action: 'alarm.acknowledged', limit: 1_000, order: 'oldest-first' })).rows.map((r) => JSON.parse(r.details).i as number);
    expect(acks).toEqual(Array.from({ length: 60 }, (_, i) => i));
    const onsets = (await store.query({ action: 'alarm.onset', bedId: 'bed-77', limit: 1_000 })).rows.map((r) => `${JSON.parse(r.details).i}.${JSON.parse(r.details).k}`);
    expect(new Set(onsets).size).toBe(300);
    expect(onsets).toHaveLength(300);
    expect(await store.verify({ full: true })).toMatchObject({ ok: true });
  });

  it('a tampered journal is refused at import, kept as *.rejected and recorded; its actions never enter the trail', async () => {
    const { dirs, backup } = await runningStation();
    writeFileSync(dirs.file, Buffer.alloc(8192, 0x5a));
    const store = await open(dirs);
    await runShift(store);
    await closeAll();

    // The attacker changes who acknowledged, and recomputes every line hash after it (not the seals: no key).
    const [segment] = segments(dirs);
    const lines = readFileSync(segment!, 'utf8').trimEnd().split('\n');
    let prev = GENESIS_LINE_HASH;
    const forged = lines.map((line) => {
      const json = line.slice(65).replace('"userId":"nurse-1","role":"nurse","action":"alarm.acknowledged"', '"userId":"charge-1","role":"charge-nurse","action":"alarm.acknowledged"');
      prev = lineHash(prev, json);
      return `${prev} ${json}`;
    });
    expect(forged.join('\n')).not.toBe(lines.join('\n'));
    writeFileSync(segment!, `${forged.join('\n')}\n`);

    restoreBackup(backup, dirs.file);
    const after = await open(dirs);
    await waitFor(() => after.problems().some((p) => p.code === 'journal-rejected'));
    const problem = after.problems().find((p) => p.code === 'journal-rejected')!;
    expect(problem).toMatchObject({ path: `${segment}.rejected`, what: expect.stringContaining('seal-invalid') });
    expect(existsSync(`${segment}.rejected`)).toBe(true);
    await after.flush();
    const rows = (await after.query({ limit: 1_000, order: 'oldest-first' })).rows;
    expect(rows.filter((r) => r.action === 'alarm.acknowledged')).toEqual([]);
    expect(JSON.parse(rows.find((r) => r.action === 'audit.journal-rejected')!.details)).toMatchObject({ problem: 'seal-invalid' });
  });

  it('a journal truncated behind the running station is refused: the station knows how far it sealed', async () => {
    const { dirs, backup } = await runningStation();
    writeFileSync(dirs.file, Buffer.alloc(8192, 0x5a));
    const store = await open(dirs);
    await runShift(store);
    // Someone deletes the last action and its seal (both whole lines: the chain and the seals before still check out).
    const [segment] = segments(dirs);
    const lines = readFileSync(segment!, 'utf8').trimEnd().split('\n');
    writeFileSync(segment!, `${lines.slice(0, -2).join('\n')}\n`);
    expect(checkJournal(segment!, { stationId: 'station-test', publicKey: stationKey(dirs), requireSignature: true })).toMatchObject({ ok: true });

    restoreBackup(backup, dirs.file);
    await waitFor(() => store.problems().some((p) => p.code === 'journal-rejected'), 10_000);
    expect(store.problems().find((p) => p.code === 'journal-rejected')!.what).toContain('truncated');
  });

  it('store and journal both unusable: clinical actions are refused (and never written later), the rest waits in memory', async () => {
    const { dirs, backup } = await runningStation();
    writeFileSync(dirs.file, Buffer.alloc(8192, 0x5a));
    let failing = true;
    const fileOps: JournalFileOps = {
      create: (path) => (failing ? Promise.reject(Object.assign(new Error(`ENOSPC: no space left on device, open '${path}'`), { code: 'ENOSPC' })) : NODE_JOURNAL_FILE_OPS.create(path)),
      syncDir: (dir) => NODE_JOURNAL_FILE_OPS.syncDir(dir),
    };
    const store = await open(dirs, { journal: { fileOps } });
    expect(store.durability).toBe('refused');
    expect(store.problems().map((p) => p.code)).toEqual(['store-unavailable', 'journal-unavailable']);
    expect(store.problems()[1]).toMatchObject({ path: dirs.journalDir, what: expect.stringMatching(/full disk/) });
    store.record({ action: 'alarm.onset', bedId: 'bed-99', details: { kept: true } });
    await expect(store.recordClinical(SHIFT[1]!)).rejects.toBeInstanceOf(AuditUnavailableError);
    await expect(store.recordClinical(SHIFT[2]!)).rejects.toThrow(/both unavailable/);

    failing = false;
    restoreBackup(backup, dirs.file);
    await waitFor(() => store.health.state === 'ok' && store.durability === 'audit-trail', 10_000);
    await store.flush();
    const rows = (await store.query({ limit: 1_000 })).rows;
    expect(rows.filter((r) => r.action === 'alarm.acknowledged' || r.action === 'audio.paused')).toEqual([]);
    expect(rows.filter((r) => r.action === 'alarm.onset' && r.bedId === 'bed-99')).toHaveLength(1);
  });

  it('a journal at its size bound drops high-volume events, counted, and still takes every clinical action', async () => {
    const { dirs } = await runningStation();
    writeFileSync(dirs.file, Buffer.alloc(8192, 0x5a));
    const store = await open(dirs, { journal: { maxBytes: 4_000 } });
    // The bound is checked as events arrive: a batch written past it makes the next ones wait outside.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 100; i++) store.record({ action: 'alarm.onset', bedId: 'bed-03', details: { round, i } });
      await store.flush();
    }
    expect(store.health).toMatchObject({ state: 'overflow', dropped: expect.any(Number) });
    const dropped = (store.health as { dropped: number }).dropped;
    expect(dropped).toBe(100);
    expect((await store.recordClinical(SHIFT[1]!)).recordedIn).toBe('fallback-journal');
  });

  it('every confirmed action is behind an fdatasync of its journal line', async () => {
    const { dirs } = await runningStation();
    writeFileSync(dirs.file, Buffer.alloc(8192, 0x5a));
    const log: string[] = [];
    const fileOps: JournalFileOps = {
      async create(path) {
        const handle = await NODE_JOURNAL_FILE_OPS.create(path);
        return {
          append: async (text) => {
            await handle.append(text);
            log.push(`append ${text}`);
          },
          sync: async () => {
            await handle.sync();
            log.push('sync');
          },
          close: () => handle.close(),
        };
      },
      syncDir: (dir) => NODE_JOURNAL_FILE_OPS.syncDir(dir),
    };
    const store = await open(dirs, { journal: { fileOps } });
    for (const event of SHIFT) {
      for (let i = 0; i < 3; i++) store.record({ action: 'alarm.onset', bedId: 'bed-06', details: { i } });
      const record = await store.recordClinical(event);
      if (record.recordedIn !== 'fallback-journal') throw new Error('expected the journal');
      const appended = log.findIndex((entry) => entry.startsWith('append ') && entry.includes(`{"t":"entry","n":${record.journal.n},"clinical":true`));
      expect(appended, `line ${record.journal.n} was written`).toBeGreaterThanOrEqual(0);
      expect(log.slice(appended + 1)).toContain('sync');
    }
  });
});
