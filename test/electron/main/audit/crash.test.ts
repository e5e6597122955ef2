import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../../electron/main/audit/writer/verify-chain';
import { ROOT, openRaw, tempDir } from './audit-test-kit';

const CHILD = resolve(__dirname, 'fixtures/crash-writer.ts');

/** Runs the writer until it is ready, lets it write for `ms`, kills it with SIGKILL; returns the seqs it confirmed. */
function runAndKill(file: string, ms: number): Promise<number[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!timer && out.startsWith('ready\n')) timer = setTimeout(() => child.kill('SIGKILL'), ms);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') return reject(new Error(`child exited by itself (code ${code}): ${err}`));
      // A line cut off by the kill was never fully reported: only complete lines count.
      const complete = out.slice(0, out.lastIndexOf('\n') + 1);
      resolvePromise(complete.split('\n').filter((l) => /^\d+$/.test(l)).map(Number));
    });
  });
}

describe('crash safety', () => {
  it('kill -9 while writing loses no confirmed clinical action, 20 times over', { timeout: 90_000 }, async () => {
    const file = `${tempDir()}/audit.db`;
    const confirmed: number[] = [];
    for (let round = 0; round < 20; round++) {
      const seqs = await runAndKill(file, 50 + Math.floor(Math.random() * 350));
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
