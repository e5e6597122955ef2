import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AdminIo } from '../../../../electron/main/admin-cli/admin-io';
import { parseAdminCommand } from '../../../../electron/main/admin-cli/command-line';
import { runAdminCommand, type AdminHost } from '../../../../electron/main/admin-cli/run-admin-command';
import { stationKeyFiles } from '../../../../electron/main/audit/signing/station-key';
import { attacker } from '../audit/attacker';
import { ROOT, openRaw, openStationStore, type StationAuditDirs } from '../audit/audit-test-kit';
import { auditWorkerEntryForTests } from '../audit/audit-worker-entry-for-tests';

/**
 * The installed app's audit commands (`vigil-station --verify-audit …`) on a
 * station that signs its chain heads: they find the station's key folder
 * from its config as the station does, check signatures against it, and
 * never write into a trail that does not continue its last signed head.
 * `npm run audit` runs the same modules (test/electron/main/audit/cli.test.ts,
 * attacks.test.ts).
 */
function memoryIo(stdin = ''): AdminIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
    readStdin: async () => stdin,
  };
  return io;
}

/** A configured station (dataDir in its config, key and journal beside it) whose store has signed a few heads. */
async function signedStation(): Promise<{ dirs: StationAuditDirs; argv: string[]; lastSeq: number }> {
  const root = mkdtempSync(join(tmpdir(), 'vigil-admin-signed-'));
  const dataDir = join(root, 'data');
  const dirs = { dataDir, file: join(dataDir, 'audit.sqlite'), journalDir: `${dataDir}-audit-journal`, keyDir: `${dataDir}-audit-key` };
  const config = join(root, 'config.json');
  writeFileSync(config, JSON.stringify({ stationId: 'ward7-central', dataDir }));
  const store = await openStationStore(dirs, { stationId: 'ward7-central', signEveryRows: 20 });
  for (let i = 0; i < 120; i++) {
    store.record({ action: 'alarm.onset', bedId: `bed-0${i % 8}`, alarmId: `a-${i}`, details: { i } });
    if (i % 10 === 9) await store.flush();
  }
  await store.flush();
  const lastSeq = store.chainStatus().headSeq;
  await store.close();
  return { dirs, argv: ['vigil-station', '--config', config], lastSeq };
}

function host(io: AdminIo, argv: string[]): AdminHost {
  return {
    io,
    argv,
    env: { ProgramData: mkdtempSync(join(tmpdir(), 'vigil-noconf-')) },
    platform: 'win32',
    appRoot: ROOT,
    workerEntry: auditWorkerEntryForTests(),
    defaultDataDir: mkdtempSync(join(tmpdir(), 'vigil-userdata-')),
    productName: 'Vigil Station',
    version: '1.2.3',
    runtime: 'Node test',
    hashCost: 2 ** 14,
  };
}

async function run(args: string[], h: AdminHost): Promise<number> {
  return runAdminCommand(parseAdminCommand(args)!, h);
}

describe('the audit commands of the installed app on a signed trail', () => {
  it('--verify-audit checks every signed head with the key beside the configured key folder, and the last head', async () => {
    const { dirs, argv } = await signedStation();
    const io = memoryIo();
    expect(await run(['--verify-audit'], host(io, argv))).toBe(0);
    const pem = stationKeyFiles(dirs.keyDir).publicKeyFile;
    expect(io.stdout).toMatch(/^verified \d+ rows up to seq \d+; [1-9]\d* signed heads checked with /);
    expect(io.stdout).toContain(`${pem} (key `);
    expect(io.stdout).toMatch(/continues the last signed head \(seq \d+\)\n$/);

    // A copy of the public key IT keeps elsewhere works the same; a database named on the command line finds the key beside its folder.
    const copy = join(mkdtempSync(join(tmpdir(), 'vigil-it-key-')), 'station.pub.pem');
    cpSync(pem, copy);
    const named = memoryIo();
    expect(await run(['--verify-audit', dirs.file, '--public-key', copy], host(named, []))).toBe(0);
    expect(named.stdout).toContain(`checked with ${copy} (key `);
  });

  it('--verify-audit fails an edit whose hashes were all recomputed (the hash walk alone would pass it)', async () => {
    const { dirs, argv } = await signedStation();
    attacker(dirs.file).editAndRehash(60, 'user_id', 'mallory');
    const io = memoryIo();
    expect(await run(['--verify-audit'], host(io, argv))).toBe(2);
    expect(io.stdout).toMatch(/^chain broken at seq \d+: signature-invalid/);
  });

  it('--init-admin never writes into a station whose audit.sqlite is gone (a fresh chain there would hide the loss)', async () => {
    const { dirs, argv } = await signedStation();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${dirs.file}${suffix}`, { force: true });
    const io = memoryIo('correct horse battery\n');
    expect(await run(['--init-admin', '--id', 'it-admin', '--name', 'IT Admin'], host(io, argv))).not.toBe(0);
    expect(io.stderr).toMatch(/audit/);
    expect(existsSync(dirs.file)).toBe(false);
    expect(existsSync(join(dirs.dataDir, 'users.json'))).toBe(false);
  });

  it('--new-audit-chain records the lost trail under the configured station; the station then opens it', async () => {
    const { dirs, argv, lastSeq } = await signedStation();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${dirs.file}${suffix}`, { force: true });
    const io = memoryIo();
    expect(await run(['--new-audit-chain', '--by', 'it-admin', '--reason', 'disk failed, no backup'], host(io, argv))).toBe(0);
    expect(io.stdout).toMatch(new RegExp(`^new chain [0-9a-f]{12} started, replacing chain [0-9a-f]{12} at seq ${lastSeq}\\n$`));
    const db = openRaw(dirs.file, true);
    const genesis = db.prepare('SELECT station_id, details FROM audit_log WHERE seq = 1').get() as { station_id: string; details: string };
    db.close();
    expect(genesis.station_id).toBe('ward7-central');
    expect(JSON.parse(genesis.details)).toMatchObject({ replaced_by: 'it-admin', replace_reason: 'disk failed, no backup', replaces_seq: lastSeq });
    const store = await openStationStore(dirs, { stationId: 'ward7-central' });
    try {
      expect(store.health.state).toBe('ok');
      expect(store.problems()).toEqual([expect.objectContaining({ code: 'chain-replaced', what: expect.stringMatching(/^replaced by it-admin/) })]);
    } finally {
      await store.close();
    }
  });
});
