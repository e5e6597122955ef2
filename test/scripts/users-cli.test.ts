import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/main/storage/open-database';
import { verifyChain } from '../../electron/main/audit/writer/verify-chain';
import { openStationStore, stationAuditDirs } from '../electron/main/audit/audit-test-kit';

const ROOT = resolve(__dirname, '../..');

function users(args: string[], stdin?: string): { code: number | null; out: string; err: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/users-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', input: stdin });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('users CLI (first admin for a real deployment)', () => {
  it('creates the first admin from a piped password, audited; refuses a second time; lists users', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-users-'));
    const created = users(['init-admin', '--data-dir', dir, '--id', 'ItAdmin', '--name', 'IT Admin'], 'correct horse\n');
    expect(created).toMatchObject({ code: 0, out: expect.stringContaining('created admin itadmin') });
    expect(users(['init-admin', '--data-dir', dir, '--id', 'other', '--name', 'Other'], 'another pw\n')).toMatchObject({
      code: 2,
      err: expect.stringContaining('only possible while there are no users'),
    });
    expect(users(['list', '--data-dir', dir])).toMatchObject({ code: 0, out: 'itadmin\tadmin\tactive\tIT Admin\n' });

    const db = openDatabase(join(dir, 'audit.sqlite'), { projectRoot: ROOT, readonly: true });
    const row = db.prepare("SELECT details FROM audit_log WHERE action = 'config.changed'").get() as { details: string };
    expect(JSON.parse(row.details)).toMatchObject({ change: 'user.added', user_id: 'itadmin', initial_setup: true });
    expect(verifyChain(db).ok).toBe(true);
    db.close();
  });

  it('never writes into a station whose audit.sqlite is gone: a fresh chain there would hide the loss', async () => {
    const dirs = stationAuditDirs();
    const store = await openStationStore(dirs);
    await store.close();
    rmSync(dirs.file);
    const refused = users(['init-admin', '--data-dir', dirs.dataDir, '--id', 'itadmin', '--name', 'IT Admin'], 'correct horse\n');
    expect(refused.code).not.toBe(0);
    expect(`${refused.out}${refused.err}`).toMatch(/audit/);
    expect(existsSync(dirs.file)).toBe(false);
  });

  it('never takes the password as an argument, and explains the usage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-users-'));
    expect(users(['init-admin', '--data-dir', dir, '--id', 'a'])).toMatchObject({ code: 1, err: expect.stringContaining('--name is required') });
    expect(users(['frobnicate', '--data-dir', dir])).toMatchObject({ code: 1, err: expect.stringContaining('usage:') });
  });
});
