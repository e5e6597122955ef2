import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../../electron/main/audit/writer/verify-chain';
import { runAndKill } from '../../../support/kill-child';
import { ROOT, openRaw, tempDir } from './audit-test-kit';

const CHILD = resolve(__dirname, 'fixtures/crash-writer.ts');

/** Runs the writer until it is ready, lets it write for `ms`, kills it with SIGKILL; returns the seqs it confirmed. */
async function runAndKillWriter(file: string, ms: number): Promise<number[]> {
  const lines = await runAndKill(CHILD, [file], { cwd: ROOT, ms });
  return lines.filter((l) => /^\d+$/.test(l)).map(Number);
}

describe('crash safety', () => {
  it('kill -9 while writing loses no confirmed clinical action, 20 times over', { timeout: 90_000 }, async () => {
    const file = `${tempDir()}/audit.db`;
    const confirmed: number[] = [];
    for (let round = 0; round < 20; round++) {
      const seqs = await runAndKillWriter(file, 50 + Math.floor(Math.random() * 350));
      expect(seqs.length, `round ${round} confirmed nothing`).toBeGreaterThan(0);
      confirmed.push(...seqs);

      const db = openRaw(file);
      const actionAt = db.prepare('SELECT action FROM audit_log WHERE seq = ?').pluck();
      const missing = seqs.filter((seq) => actionAt.get(seq) !== 'alarm.acknowledged');
      expect(missing, `round ${round}: confirmed but not in the file`).toEqual([]);
      expect(verifyChain(db), `round ${round}`).toMatchObject({ ok: true });
      db.close();
    }
    const db = openRaw(file, true);
    const acknowledged = new Set(db.prepare("SELECT seq FROM audit_log WHERE action = 'alarm.acknowledged'").pluck().all() as number[]);
    expect(confirmed.filter((seq) => !acknowledged.has(seq))).toEqual([]);
    expect(db.prepare("SELECT count(*) FROM audit_log WHERE action = 'app.crash-recovered'").pluck().get()).toBe(20);
    db.close();
  });
});
