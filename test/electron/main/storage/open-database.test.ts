import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronNativeBindingDir, resolveSqliteNativeBinding } from '../../../../electron/main/storage/native-binding';
import { openDatabase, sqliteSelfCheck } from '../../../../electron/main/storage/open-database';

const ROOT = resolve(__dirname, '../../../..');

describe('better-sqlite3 under Node', () => {
  it('loads the Node-ABI build that npm install produced', () => {
    const check = sqliteSelfCheck(ROOT);
    expect(check).toMatchObject({ ok: true, sqliteVersion: expect.stringMatching(/^3\./) });
  });

  it('opens a WAL database file', () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'vigil-db-')), 'x.db'), { projectRoot: ROOT });
    expect(db.pragma('journal_mode = WAL', { simple: true })).toBe('wal');
    db.close();
  });
});

describe('native binding selection', () => {
  it('uses the package default under Node', () => {
    expect(resolveSqliteNativeBinding(ROOT, { node: process.versions.node } as unknown as NodeJS.ProcessVersions)).toBeUndefined();
  });

  it('uses the side-by-side Electron build when it exists, else the package default', () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-native-'));
    const versions = { ...process.versions, electron: '39.5.0' } as unknown as NodeJS.ProcessVersions;
    expect(resolveSqliteNativeBinding(root, versions)).toBeUndefined();
    const dir = join(root, electronNativeBindingDir('39.5.0'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'better_sqlite3.node'), '');
    expect(resolveSqliteNativeBinding(root, versions)).toBe(join(dir, 'better_sqlite3.node'));
  });

  it('in a packaged app, names the addon unpacked beside app.asar (never a path inside the archive)', () => {
    const versions = { ...process.versions, electron: '39.5.0' } as unknown as NodeJS.ProcessVersions;
    const appRoot = join('/opt', 'Vigil Station', 'resources', 'app.asar');
    expect(resolveSqliteNativeBinding(appRoot, versions)).toBe(
      join('/opt', 'Vigil Station', 'resources', 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
    );
    // Under plain Node (tests, npm run audit) nothing changes.
    expect(resolveSqliteNativeBinding(appRoot, { node: process.versions.node } as unknown as NodeJS.ProcessVersions)).toBeUndefined();
  });
});
