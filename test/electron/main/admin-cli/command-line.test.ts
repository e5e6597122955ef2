import { describe, expect, it } from 'vitest';
import { parseAdminCommand } from '../../../../electron/main/admin-cli/command-line';

describe('the app’s administrative command line', () => {
  it('is null when the station should simply start (including --wall and --config)', () => {
    expect(parseAdminCommand([])).toBeNull();
    expect(parseAdminCommand(['--wall', '--config', '/etc/vigil-station/config.json'])).toBeNull();
    expect(parseAdminCommand(['.', '--no-sandbox'])).toBeNull();
  });

  it('reads each command with its arguments, wherever Electron’s own arguments put it', () => {
    expect(parseAdminCommand(['--version'])).toEqual({ kind: 'version' });
    expect(parseAdminCommand(['.', '--check-config'])).toEqual({ kind: 'check-config', path: null });
    expect(parseAdminCommand(['--check-config', 'C:\\cfg\\config.json', '--no-sandbox'])).toEqual({ kind: 'check-config', path: 'C:\\cfg\\config.json' });
    expect(parseAdminCommand(['--init-admin', '--id', 'it-admin', '--name', 'IT Admin', '--badge', 'B-1234'])).toEqual({
      kind: 'init-admin',
      userId: 'it-admin',
      displayName: 'IT Admin',
      badgeId: 'B-1234',
      dataDir: null,
    });
    expect(parseAdminCommand(['--verify-audit'])).toEqual({ kind: 'verify-audit', db: null, keyDir: null, publicKey: null });
    expect(parseAdminCommand(['--verify-audit', 'a.sqlite', '--public-key', 'it-copy.pem', '--key-dir', '/srv/key'])).toEqual({ kind: 'verify-audit', db: 'a.sqlite', keyDir: '/srv/key', publicKey: 'it-copy.pem' });
    expect(parseAdminCommand(['--verify-audit-export', 'e.csv', 'e.csv.manifest.json', '--public-key', 'it-copy.pem'])).toEqual({
      kind: 'verify-audit-export',
      file: 'e.csv',
      manifest: 'e.csv.manifest.json',
      publicKey: 'it-copy.pem',
    });
    expect(parseAdminCommand(['--export-audit', 'a.sqlite', '--from=2026-01-01T00:00:00Z', '--to', '1767225600000', '--format', 'json'])).toEqual({
      kind: 'export-audit',
      db: 'a.sqlite',
      from: Date.parse('2026-01-01T00:00:00Z'),
      to: 1767225600000,
      format: 'json',
      out: null,
    });
    expect(parseAdminCommand(['--prune-audit', '--export', 'e.csv', '--manifest', 'e.csv.manifest.json', '--by', 'it-admin'])).toMatchObject({ kind: 'prune-audit', db: null, retentionYears: null, keyDir: null });
    const head = `${'a'.repeat(64)}:420:${'b'.repeat(64)}`;
    expect(parseAdminCommand(['--new-audit-chain', '--by', 'it-admin', '--reason', 'disk failed, no backup', '--replaces', head])).toEqual({
      kind: 'new-audit-chain',
      db: null,
      by: 'it-admin',
      reason: 'disk failed, no backup',
      keyDir: null,
      replaces: { chainId: 'a'.repeat(64), seq: 420, hash: 'b'.repeat(64) },
      stationId: null,
    });
  });

  it('refuses what it cannot be sure of: unknown options, missing values, stray arguments', () => {
    expect(() => parseAdminCommand(['--init-admin', '--id', 'a', '--name', 'A', '--pasword', 'x'])).toThrow(/unknown option --pasword/);
    expect(() => parseAdminCommand(['--init-admin', '--name', 'A'])).toThrow(/--id is required/);
    expect(() => parseAdminCommand(['--init-admin', '--id', '--name', 'A'])).toThrow(/--id needs a value/);
    expect(() => parseAdminCommand(['--check-config', 'a.json', 'b.json'])).toThrow(/unexpected b\.json/);
    expect(() => parseAdminCommand(['--export-audit', '--from', 'yesterday', '--to', '1'])).toThrow(/--from must be/);
    expect(() => parseAdminCommand(['--export-audit', '--from', '0', '--to', '1', '--format', 'xml'])).toThrow(/csv or json/);
    expect(() => parseAdminCommand(['--prune-audit', '--export', 'e', '--manifest', 'm'])).toThrow(/--by is required/);
    expect(() => parseAdminCommand(['--prune-audit', '--export', 'e', '--manifest', 'm', '--by', 'x', '--retention-years', '0'])).toThrow(/at least 1/);
    expect(() => parseAdminCommand(['--new-audit-chain', '--by', 'it-admin'])).toThrow(/--by and --reason are required/);
    expect(() => parseAdminCommand(['--new-audit-chain', '--by', 'x', '--reason', 'y', '--replaces', 'abc:1:def'])).toThrow(/--replaces must be/);
  });
});
