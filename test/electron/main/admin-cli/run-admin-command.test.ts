import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AdminUsageError, type AdminIo } from '../../../../electron/main/admin-cli/admin-io';
import { parseAdminCommand } from '../../../../electron/main/admin-cli/command-line';
import { runAdminCommand, type AdminHost } from '../../../../electron/main/admin-cli/run-admin-command';
import { sourceAuditWorkerEntry } from '../../../../electron/main/audit/worker-entry';
import { openDatabase } from '../../../../electron/main/storage/open-database';
import { AuditStore } from '../../../../electron/main/audit/audit-store';
import { seedTrainingAccounts } from '../../../../electron/main/auth/training-accounts';
import { UserFileStore } from '../../../../electron/main/auth/user-file-store';

const ROOT = resolve(__dirname, '../../../..');

function memoryIo(stdin: string | null = null): AdminIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
    readStdin: async () => {
      if (stdin === null) throw new AdminUsageError('pipe the password on stdin');
      return stdin;
    },
  };
  return io;
}

function host(io: AdminIo, overrides: Partial<AdminHost> = {}): AdminHost {
  return {
    io,
    argv: [],
    // No config at the OS default location may leak in from the machine running the tests: the Windows
    // default (under %ProgramData%) is put in an empty folder. Not VIGIL_CONFIG: a missing file at a path
    // given explicitly is a configuration error (exit 78), not "nothing configured".
    env: { ProgramData: mkdtempSync(join(tmpdir(), 'vigil-noconf-')) },
    platform: 'win32',
    appRoot: ROOT,
    workerEntry: sourceAuditWorkerEntry(ROOT),
    defaultDataDir: mkdtempSync(join(tmpdir(), 'vigil-userdata-')),
    productName: 'Vigil Station',
    version: '1.2.3',
    runtime: 'Node test',
    hashCost: 2 ** 14,
    ...overrides,
  };
}

async function run(args: string[], h: AdminHost): Promise<number> {
  return runAdminCommand(parseAdminCommand(args)!, h);
}

function writeConfig(config: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vigil-conf-')), 'config.json');
  writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config));
  return file;
}

describe('--check-config', () => {
  it('exit 0 for a valid file, with what the station would run', async () => {
    const io = memoryIo();
    const file = writeConfig({ stationId: 'icu4-central', unitName: 'ICU 4', feed: { kind: 'simulator', beds: 8 } });
    expect(await run(['--check-config', file], host(io))).toBe(0);
    expect(io.stdout).toBe(`${file}: valid – station icu4-central, unit "ICU 4", 8 beds from the built-in simulator, updates off\n`);
  });

  it('exit 78 with every error on its own line, named by its field path', async () => {
    const io = memoryIo();
    const file = writeConfig({
      feed: { kind: 'gateway', urls: ['http://gw.hospital.local'], token: 'short' },
      noDataTimeoutMs: 50,
      alarmz: {},
      updates: { enabled: true },
    });
    expect(await run(['--check-config', file], host(io))).toBe(78);
    const lines = io.stdout.trim().split('\n');
    expect(lines[0]).toBe(`${file}: invalid, 6 errors`);
    expect(lines.slice(1).map((l) => l.trim().split(':')[0]).sort()).toEqual(['(root)', 'beds', 'feed.token', 'feed.urls.0', 'noDataTimeoutMs', 'updates.url']);
    expect(io.stdout).toMatch(/feed\.urls\.0: a gateway off this machine must use https/);
    expect(io.stdout).toMatch(/\(root\): Unrecognized key: "alarmz"/);
  });

  it('exit 78 for a file that is not JSON or does not exist; without a path it checks the file the station would read', async () => {
    const io = memoryIo();
    expect(await run(['--check-config', writeConfig('{ "unitName": "ICU 4", }')], host(io))).toBe(78);
    expect(io.stdout).toMatch(/\(file\): not valid JSON/);
    const missing = join(tmpdir(), 'no-such-dir-vigil', 'config.json');
    const io2 = memoryIo();
    expect(await run(['--check-config'], host(io2, { argv: ['vigil-station', '--config', missing, '--check-config'] }))).toBe(78);
    expect(io2.stdout).toBe(`${missing}: cannot read (no such file)\n`);
  });
});

describe('--version', () => {
  it('prints the version and the SHA-256 of the SBOM shipped beside app.asar', async () => {
    const resources = mkdtempSync(join(tmpdir(), 'vigil-resources-'));
    const sbom = '{"bomFormat":"CycloneDX"}\n';
    writeFileSync(join(resources, 'sbom.cdx.json'), sbom);
    const io = memoryIo();
    expect(await run(['--version'], host(io, { appRoot: join(resources, 'app.asar'), runtime: 'Electron 39.5.0' }))).toBe(0);
    expect(io.stdout).toBe(
      `Vigil Station 1.2.3 (Electron 39.5.0)\nSBOM sha256 ${createHash('sha256').update(sbom).digest('hex')} (${join(resources, 'sbom.cdx.json')})\n`,
    );
  });

  it('a packaged app without its SBOM says so and exits 1', async () => {
    const io = memoryIo();
    expect(await run(['--version'], host(io, { appRoot: join(mkdtempSync(join(tmpdir(), 'vigil-resources-')), 'app.asar') }))).toBe(1);
    expect(io.stdout).toMatch(/SBOM: missing .* this package is incomplete/);
  });
});

describe('--init-admin and the audit commands, in the configured data folder', () => {
  it('creates the first admin from stdin in config.dataDir under the configured station id, then verifies that trail', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-data-'));
    const config = writeConfig({ stationId: 'ward7-central', dataDir });
    const argv = ['vigil-station', '--config', config];
    const io = memoryIo('correct horse battery\n');
    expect(await run(['--init-admin', '--id', 'IT-Admin', '--name', 'IT Admin'], host(io, { argv }))).toBe(0);
    expect(io.stdout).toContain(`created admin it-admin in ${dataDir}`);
    expect(io.stderr).toContain(`data folder: ${dataDir} (dataDir in ${config})`);
    const db = openDatabase(join(dataDir, 'audit.sqlite'), { projectRoot: ROOT, readonly: true });
    expect((db.prepare('SELECT station_id FROM audit_log WHERE seq = 1').get() as { station_id: string }).station_id).toBe('ward7-central');
    db.close();
    expect(JSON.parse(readFileSync(join(dataDir, 'users.json'), 'utf8')).users[0]).toMatchObject({ userId: 'it-admin', role: 'admin' });

    const again = memoryIo('another password\n');
    expect(await run(['--init-admin', '--id', 'second', '--name', 'Second'], host(again, { argv }))).toBe(2);
    expect(again.stderr).toContain('only possible while there are no users');

    const verify = memoryIo();
    expect(await run(['--verify-audit'], host(verify, { argv }))).toBe(0);
    // A tool never creates the station key (the app seals it): this trail is unsigned until the station first starts.
    expect(verify.stdout).toMatch(new RegExp(`^verified \\d+ rows up to seq \\d+; 0 signed heads checked with the database itself \\(not anchored: pass --public-key\\); no last signed head in ${dataDir}-audit-key\\n$`));
  });

  it('refuses a password that is not piped, and an invalid config, before touching anything', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-data-'));
    const io = memoryIo(null);
    expect(await run(['--init-admin', '--id', 'a', '--name', 'A', '--data-dir', dataDir], host(io))).toBe(1);
    expect(io.stderr).toContain('pipe the password on stdin');
    const bad = writeConfig({ feed: { kind: 'simulator', beds: 0 } });
    const io2 = memoryIo('pw12345678\n');
    expect(await run(['--verify-audit'], host(io2, { argv: ['x', '--config', bad] }))).toBe(78);
    expect(io2.stderr).toContain('feed.beds');
  });

  it('a config path given with --config or VIGIL_CONFIG that does not exist is exit 78, as for the station: no admin is made in the default data folder', async () => {
    const defaultDataDir = mkdtempSync(join(tmpdir(), 'vigil-userdata-'));
    const missing = join(mkdtempSync(join(tmpdir(), 'vigil-conf-')), 'typo.json');
    const io = memoryIo('pw-for-first-admin\n');
    expect(await run(['--init-admin', '--id', 'a', '--name', 'A'], host(io, { defaultDataDir, argv: ['vigil-station', '--config', missing] }))).toBe(78);
    expect(io.stderr).toContain(missing);
    const io2 = memoryIo();
    expect(await run(['--verify-audit'], host(io2, { defaultDataDir, env: { VIGIL_CONFIG: missing } }))).toBe(78);
    expect(io2.stderr).toContain('VIGIL_CONFIG');
    expect(existsSync(join(defaultDataDir, 'users.json'))).toBe(false);
    expect(existsSync(join(defaultDataDir, 'audit.sqlite'))).toBe(false);
  });

  it('on a real unit’s config, the training accounts a simulated-unit run left are removed (audited) before the first admin is made; on the simulated unit they block it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vigil-data-'));
    const trail = await AuditStore.open({ file: join(dataDir, 'audit.sqlite'), stationId: 'ward7-central', projectRoot: ROOT, workerEntry: sourceAuditWorkerEntry(ROOT) });
    await seedTrainingAccounts(new UserFileStore(join(dataDir, 'users.json')), trail, { hashCost: 2 ** 14 });
    await trail.close();

    const simulated = memoryIo('correct horse battery\n');
    expect(await run(['--init-admin', '--id', 'it-admin', '--name', 'IT Admin'], host(simulated, { argv: ['x', '--config', writeConfig({ stationId: 'ward7-central', dataDir })] }))).toBe(2);
    expect(simulated.stderr).toContain('only possible while there are no users');

    const gateway = { kind: 'gateway', urls: ['https://gw.hospital.local'], token: 'station-token-0123' };
    const real = writeConfig({ stationId: 'ward7-central', dataDir, feed: gateway, beds: [{ bedId: 'b1', label: 'Bed 1', patient: null }] });
    const io = memoryIo('correct horse battery\n');
    expect(await run(['--init-admin', '--id', 'it-admin', '--name', 'IT Admin'], host(io, { argv: ['x', '--config', real] }))).toBe(0);
    expect(io.stderr).toContain('removed the training accounts (nurse, charge, viewer, admin)');
    expect(JSON.parse(readFileSync(join(dataDir, 'users.json'), 'utf8')).users.map((u: { userId: string }) => u.userId)).toEqual(['it-admin']);
    const db = openDatabase(join(dataDir, 'audit.sqlite'), { projectRoot: ROOT, readonly: true });
    const removal = db.prepare("SELECT details FROM audit_log WHERE action = 'config.changed' AND details LIKE '%training-accounts.removed%'").get() as { details: string };
    db.close();
    expect(JSON.parse(removal.details)).toMatchObject({ count: 4, reason: 'real feed: hospital back end (--init-admin)' });
  });

  it('a missing database is an I/O error (exit 1) naming the file', async () => {
    const io = memoryIo();
    expect(await run(['--verify-audit', join(tmpdir(), 'nope-vigil.sqlite')], host(io))).toBe(1);
    expect(io.stderr).toContain('no such database');
  });

  it('without a configured dataDir it uses the app data folder and warns that another account’s station will not see it', async () => {
    const defaultDataDir = mkdtempSync(join(tmpdir(), 'vigil-userdata-'));
    mkdirSync(defaultDataDir, { recursive: true });
    const io = memoryIo('pw-for-first-admin\n');
    expect(await run(['--init-admin', '--id', 'a', '--name', 'A'], host(io, { defaultDataDir }))).toBe(0);
    expect(io.stderr).toMatch(/no dataDir configured: this account’s app data folder; a station run by another account will not see it/);
  });
});
