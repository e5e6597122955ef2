import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAndKill } from '../../../../support/kill-child';
import { checkJournal } from '../../../../../electron/main/audit/journal/journal-reader';
import { ROOT, openRaw, openStationStore, restoreBackup, stationAuditDirs, waitFor, type StationAuditDirs } from '../audit-test-kit';

const CHILD = resolve(__dirname, '../fixtures/journal-crash-writer.ts');

/** Starts the child, kills it with SIGKILL `ms` after it is ready; returns its complete output lines. */
function runAndKillChild(role: 'journal' | 'import', dirs: StationAuditDirs, ms: number): Promise<string[]> {
  return runAndKill(CHILD, [role, dirs.file, dirs.journalDir, dirs.keyDir], { cwd: ROOT, ms, mayFinish: role === 'import' });
}

function publicKey(dirs: StationAuditDirs): string {
  return (JSON.parse(readFileSync(join(dirs.keyDir, 'audit-signing-key.json'), 'utf8')) as { publicKey: string }).publicKey;
}

function pendingSegments(dirs: StationAuditDirs): string[] {
  return readdirSync(dirs.journalDir).filter((n) => n.endsWith('.jsonl')).map((n) => join(dirs.journalDir, n));
}

describe('fallback journal crash safety', () => {
  it('kill -9 while journalling loses no confirmed action; kill -9 while importing never duplicates or loses an entry', { timeout: 180_000 }, async () => {
    // A station that ran (chain, key, last head), whose database then went bad.
    const dirs = stationAuditDirs();
    const first = await openStationStore(dirs, { stationId: 'crash-test' });
    await first.close();
    const backup = `${dirs.file}.backup`;
    copyFileSync(dirs.file, backup);
    writeFileSync(dirs.file, Buffer.alloc(8192, 0x33));

    const confirmed = new Set<string>();
    for (let round = 0; round < 10; round++) {
      const lines = await runAndKillChild('journal', dirs, 200 + Math.floor(Math.random() * 600));
      const acks = lines.filter((l) => / \d+$/.test(l) && l !== 'ready');
      for (const ack of acks) confirmed.add(ack);
      // Every segment is still a valid journal (a cut-off last line is allowed, nothing else).
      for (const segment of pendingSegments(dirs)) {
        expect(checkJournal(segment, { stationId: 'crash-test', publicKey: publicKey(dirs), requireSignature: true }), `round ${round} ${segment}`).toMatchObject({ ok: true });
      }
    }

    // Each action costs an fdatasync: on a loaded machine a round may confirm none, never all of them.
    expect(confirmed.size).toBeGreaterThan(10);

    // The database is restored; imports are killed at random moments, then one runs to the end.
    // The kill comes later each round (round r: r×150 ms plus up to 150 ms): the first rounds are
    // killed while the store is still opening and importing on any machine, a quiet one included
    // (with kills spread evenly over 150–1,350 ms, a fast machine finished all 8 and the crash was
    // never exercised); the later ones may finish.
    restoreBackup(backup, dirs.file);
    for (const path of [`${dirs.file}-wal`, `${dirs.file}-shm`]) writeFileSync(path, '');
    let finished = 0;
    for (let round = 0; round < 8; round++) {
      const lines = await runAndKillChild('import', dirs, round * 150 + Math.floor(Math.random() * 150));
      if (lines.some((l) => l.startsWith('opened'))) finished++;
      const db = openRaw(dirs.file, true);
      const duplicates = db
        .prepare(
          `SELECT json_extract(details, '$.journal_id') AS j, json_extract(details, '$.journal_line') AS n, count(*) AS c FROM audit_log
           WHERE json_extract(details, '$.journal_id') IS NOT NULL AND action <> 'audit.journal-imported' GROUP BY j, n HAVING c > 1`,
        )
        .all();
      // A segment is in the chain whole or not at all, and once: its row count matches its import record.
      const imports = db.prepare("SELECT details FROM audit_log WHERE action = 'audit.journal-imported'").pluck().all() as string[];
      for (const details of imports) {
        const { journal_id: id, entries } = JSON.parse(details) as { journal_id: string; entries: number };
        const rows = db.prepare(`SELECT count(*) FROM audit_log WHERE json_extract(details, '$.journal_id') = ? AND action <> 'audit.journal-imported'`).pluck().get(id);
        expect(rows, `round ${round}: segment ${id}`).toBe(entries);
      }
      db.close();
      expect(duplicates, `round ${round}`).toEqual([]);
    }

    const store = await openStationStore(dirs, { stationId: 'crash-test' });
    try {
      await waitFor(() => pendingSegments(dirs).length === 0 && store.health.state === 'ok', 20_000);
      const db = openRaw(dirs.file, true);
      const imported = new Set(
        (db.prepare(`SELECT json_extract(details, '$.journal_id') || ' ' || json_extract(details, '$.journal_line') FROM audit_log WHERE action = 'alarm.acknowledged'`).pluck().all() as string[]),
      );
      const total = db.prepare("SELECT count(*) FROM audit_log WHERE action = 'alarm.acknowledged'").pluck().get() as number;
      db.close();
      expect([...confirmed].filter((c) => !imported.has(c)), 'confirmed but not in the trail').toEqual([]);
      expect(total, 'no entry twice').toBe(imported.size);
      expect(await store.verify({ full: true })).toMatchObject({ ok: true });
    } finally {
      await store.close();
    }
    expect(finished).toBeLessThan(8);
  });
});
