import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT, events, openCore, openRaw, tempDir } from './audit-test-kit';

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function chainFile(): { file: string; firstUtc: number; lastUtc: number } {
  const file = `${tempDir()}/audit.db`;
  const core = openCore(file);
  const batch = events(300);
  core.append(batch, false, []);
  core.close();
  return { file, firstUtc: batch[0]!.utcMs, lastUtc: batch.at(-1)!.utcMs };
}

describe('audit CLI', () => {
  it('verify: exit 0 on an intact chain, 2 on a broken one, 1 on I/O and usage errors', () => {
    const { file } = chainFile();
    expect(cli('verify', file)).toMatchObject({ code: 0, out: expect.stringMatching(/^verified 301 rows up to seq 301; 0 signed heads checked with the database itself \(not anchored/) });

    const raw = openRaw(file);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET action = 'alarm.reset' WHERE seq = 120").run();
    raw.close();
    expect(cli('verify', file)).toMatchObject({ code: 2, out: expect.stringMatching(/^chain broken at seq 120: hash-mismatch/) });

    expect(cli('verify', `${tempDir()}/nope.db`)).toMatchObject({ code: 1, err: expect.stringContaining('no such database') });
    expect(cli('frobnicate')).toMatchObject({ code: 1, err: expect.stringContaining('usage:') });
  });

  it('export writes the file and its manifest; verify-export checks them', () => {
    const { file, firstUtc, lastUtc } = chainFile();
    const out = `${tempDir()}/range.json`;
    const exported = cli('export', file, '--from', new Date(firstUtc + 10_000).toISOString(), '--to', String(lastUtc), '--format', 'json', '--out', out);
    expect(exported).toMatchObject({ code: 0, out: expect.stringContaining('exported 289 rows (seq 12-300)') });
    expect(existsSync(`${out}.manifest.json`)).toBe(true);
    expect(cli('verify-export', out, `${out}.manifest.json`)).toMatchObject({ code: 0, out: expect.stringContaining('export verified: 289 rows') });

    writeFileSync(out, readFileSync(out, 'utf8').replace('"bed-02"', '"bed-03"'));
    expect(cli('verify-export', out, `${out}.manifest.json`)).toMatchObject({ code: 2, out: expect.stringContaining('export invalid: file-hash-mismatch') });
    expect(cli('verify-export', out, `${out}.missing.json`)).toMatchObject({ code: 1 });
    expect(cli('export', file, '--from', 'yesterday', '--to', '1')).toMatchObject({ code: 1, err: expect.stringContaining('--from must be') });
  });

  it('prune goes through the store: refused (exit 2) unless the export holds rows past retention, and never anonymous', () => {
    const { file } = chainFile();
    const out = `${tempDir()}/all.csv`;
    expect(cli('export', file, '--from', '0', '--to', String(Date.now() + 60_000), '--out', out)).toMatchObject({ code: 0 });
    expect(cli('prune', file, out, `${out}.manifest.json`)).toMatchObject({ code: 1, err: expect.stringContaining('--by is required') });
    expect(cli('prune', file, out, `${out}.manifest.json`, '--by', 'it-admin', '--retention-years', '0')).toMatchObject({ code: 1 });
    const refused = cli('prune', file, out, `${out}.manifest.json`, '--by', 'it-admin');
    expect(refused).toMatchObject({ code: 2, out: expect.stringContaining('prune refused: nothing in the export is past the retention period') });
    expect(cli('verify', file)).toMatchObject({ code: 0 });
  });
});
