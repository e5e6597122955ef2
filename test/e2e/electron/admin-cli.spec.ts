import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { electronBinary } from './support/electron-binary';

/**
 * The administrative commands through the real Electron executable (the same
 * entry an installed app has), where the binary exists – the release CI.
 * Under Node the modules are tested in test/electron/main/admin-cli/.
 */
const ROOT = resolve(__dirname, '../../..');

test.skip(electronBinary === null, 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1); the admin commands are tested under Node');

function vigil(args: string[], input?: string) {
  const result = spawnSync(electronBinary!, [ROOT, ...args], { encoding: 'utf8', input, timeout: 60_000, env: { ...process.env, ELECTRON_ENABLE_LOGGING: '' } });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

test('--check-config exits 0 for a valid file and 78 with each field for an invalid one, without opening a window', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  writeFileSync(join(dir, 'good.json'), JSON.stringify({ unitName: 'ICU 4' }));
  writeFileSync(join(dir, 'bad.json'), JSON.stringify({ noDataTimeoutMs: 5, feed: { kind: 'simulator', beds: 99 } }));
  expect(vigil(['--check-config', join(dir, 'good.json')])).toMatchObject({ code: 0, out: expect.stringContaining('valid') });
  const bad = vigil(['--check-config', join(dir, 'bad.json')]);
  expect(bad.code).toBe(78);
  expect(bad.out).toContain('noDataTimeoutMs:');
  expect(bad.out).toContain('feed.beds:');
});

test('--version prints the version; --init-admin reads the password from stdin; --verify-audit checks the trail', () => {
  expect(vigil(['--version']).out).toMatch(/^Vigil Station \d+\.\d+\.\d+ \(Electron /);
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ dataDir: join(dir, 'data') }));
  expect(vigil(['--config', config, '--init-admin', '--id', 'it-admin', '--name', 'IT Admin'], 'correct horse battery\n')).toMatchObject({ code: 0 });
  expect(vigil(['--config', config, '--verify-audit'])).toMatchObject({ code: 0, out: expect.stringMatching(/^verified \d+ rows/) });
});
