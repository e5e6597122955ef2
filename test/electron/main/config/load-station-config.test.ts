import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadStationConfig } from '../../../../electron/main/config/load-station-config';
import { defaultConfigPath, resolveConfigPath } from '../../../../electron/main/config/config-location';
import { parseCommandLine } from '../../../../electron/main/config/command-line';

const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('loadStationConfig', () => {
  it('runs the built-in simulated unit when no file exists', () => {
    const loaded = loadStationConfig(join(dir, 'absent.json'));
    expect(loaded.source).toBeNull();
    expect(loaded.config.feed).toEqual({ kind: 'simulator', beds: 16, seed: 1 });
  });

  it('loads a valid file', () => {
    const path = file('ok.json', JSON.stringify({ unitName: 'ICU 4', feed: { kind: 'simulator', beds: 64, seed: 9 } }));
    expect(loadStationConfig(path)).toMatchObject({ source: path, config: { unitName: 'ICU 4', feed: { beds: 64 } } });
  });

  it('refuses an invalid file with the field named, never falling back to defaults', () => {
    const path = file('bad.json', JSON.stringify({ feed: { kind: 'simulator', beds: 0 } }));
    expect(() => loadStationConfig(path)).toThrow(ConfigError);
    expect(() => loadStationConfig(path)).toThrow(/feed\.beds/);
  });

  it('refuses broken JSON and unreadable files', () => {
    expect(() => loadStationConfig(file('broken.json', '{"unitName": '))).toThrow(/not valid JSON/);
    expect(() => loadStationConfig(dir)).toThrow(/cannot read file/);
  });
});

describe('config location and flags', () => {
  it('uses a machine-wide location per OS', () => {
    expect(defaultConfigPath('linux', {})).toBe('/etc/vigil-station/config.json');
    expect(defaultConfigPath('darwin', {})).toBe('/Library/Application Support/Vigil Station/config.json');
    expect(defaultConfigPath('win32', { ProgramData: 'D:\\PD' })).toMatch(/Vigil Station/);
  });

  it('--config beats VIGIL_CONFIG beats the default', () => {
    expect(resolveConfigPath(['x', '--config', '/a.json'], { VIGIL_CONFIG: '/b.json' }, 'linux')).toBe('/a.json');
    expect(resolveConfigPath(['x', '--config=/c.json'], {}, 'linux')).toBe('/c.json');
    expect(resolveConfigPath(['x'], { VIGIL_CONFIG: '/b.json' }, 'linux')).toBe('/b.json');
    expect(resolveConfigPath(['x'], {}, 'linux')).toBe('/etc/vigil-station/config.json');
  });

  it('parses --wall', () => {
    expect(parseCommandLine(['electron', '.', '--wall'])).toEqual({ wall: true });
    expect(parseCommandLine(['electron', '.'])).toEqual({ wall: false });
  });
});
