import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadStationConfig } from '../../../../electron/main/config/load-station-config';
import { defaultConfigPath, resolveConfigLocation } from '../../../../electron/main/config/config-location';
import { EXIT_CONFIG } from '../../../../electron/main/config/config-error';
import { parseCommandLine } from '../../../../electron/main/config/command-line';

const dir = mkdtempSync(join(tmpdir(), 'vigil-config-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('loadStationConfig', () => {
  it('runs the built-in simulated unit when no file exists at the DEFAULT location', () => {
    const absent = join(dir, 'absent.json');
    const loaded = loadStationConfig({ path: absent, explicit: false });
    expect(loaded.source).toBeNull();
    expect(loaded.lookedAt).toBe(absent);
    expect(loaded.config.feed).toEqual({ kind: 'simulator', beds: 16, seed: 1 });
  });

  it('refuses to start (exit 78, path named) when an explicitly given config file is missing', () => {
    const absent = join(dir, 'typo', 'confg.json');
    for (const via of ['--config', 'VIGIL_CONFIG'] as const) {
      let error: unknown;
      try {
        loadStationConfig({ path: absent, explicit: true, via });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).exitCode).toBe(EXIT_CONFIG);
      expect(EXIT_CONFIG).toBe(78);
      expect((error as Error).message).toContain(absent);
      expect((error as Error).message).toContain(via);
    }
    // The same path resolved from the command line and the environment, end to end.
    expect(() => loadStationConfig(resolveConfigLocation(['electron', '.', '--config', absent], {}, 'linux'))).toThrow(absent);
    expect(() => loadStationConfig(resolveConfigLocation(['electron', '.'], { VIGIL_CONFIG: absent }, 'linux'))).toThrow(absent);
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

  it('a real unit: the gateway feed needs the bed list, and the HL7 bed map may only name listed beds', () => {
    const gateway = { kind: 'gateway', urls: ['https://gw.ward.local'], token: 'station-token-1' };
    expect(() => loadStationConfig(file('nobeds.json', JSON.stringify({ feed: gateway })))).toThrow(/beds: the gateway feed needs/);
    const beds = [{ bedId: 'icu-01', label: 'Bed 1', patient: null }];
    const tls = { certFile: '/etc/vigil-station/hl7.crt', keyFile: '/etc/vigil-station/hl7.key' };
    const hl7 = { host: '10.20.4.15', port: 2575, tls, allowedPeers: ['10.20.4.0/24'], bedMap: [{ bedId: 'icu-02', location: 'ICU4^^BED02' }] };
    expect(() => loadStationConfig(file('hl7.json', JSON.stringify({ feed: gateway, beds, hl7 })))).toThrow(/hl7\.bedMap\.0\.bedId: bed icu-02 is not one of this station's beds/);
    const ok = file('real.json', JSON.stringify({ feed: gateway, beds, hl7: { ...hl7, bedMap: [{ bedId: 'icu-01', location: 'ICU4^^BED01' }] } }));
    expect(loadStationConfig(ok).config).toMatchObject({ feed: { kind: 'gateway', heartbeatMs: 1000 }, hl7: { port: 2575, processingIds: ['P'] } });
  });

  it('a gateway off this machine must use TLS; beds are not for the simulated unit, whose own bed ids the HL7 map may use', () => {
    const beds = [{ bedId: 'icu-01', label: 'Bed 1', patient: null }];
    const gateway = (url: string) => ({ feed: { kind: 'gateway', urls: [url], token: 'station-token-1' }, beds });
    expect(() => loadStationConfig(file('plain.json', JSON.stringify(gateway('http://gw.ward.local:4810'))))).toThrow(/feed\.urls\.0: a gateway off this machine must use https/);
    expect(() => loadStationConfig(file('ws.json', JSON.stringify(gateway('ws://10.1.2.3'))))).toThrow(/TLS/);
    expect(loadStationConfig(file('loop.json', JSON.stringify(gateway('http://127.0.0.1:4810')))).config.feed).toMatchObject({ kind: 'gateway' });
    expect(() => loadStationConfig(file('simbeds.json', JSON.stringify({ beds })))).toThrow(/beds: beds are for the gateway feed/);
    const simHl7 = { feed: { kind: 'simulator', beds: 4, seed: 1 }, hl7: { port: 0, bedMap: [{ bedId: 'bed-04', location: 'A^^4' }] } };
    expect(loadStationConfig(file('simhl7.json', JSON.stringify(simHl7))).config.hl7?.bedMap[0]?.bedId).toBe('bed-04');
    const outside = { ...simHl7, hl7: { port: 0, bedMap: [{ bedId: 'bed-05', location: 'A^^5' }] } };
    expect(() => loadStationConfig(file('simhl7x.json', JSON.stringify(outside)))).toThrow(/bed bed-05 is not one of this station's beds/);
  });

  it('an HL7 listener off this machine needs TLS (or an explicit "insecure": true) and an allow-list of peers', () => {
    const beds = [{ bedId: 'icu-01', label: 'Bed 1', patient: null }];
    const feed = { kind: 'gateway', urls: ['https://gw.ward.local'], token: 'station-token-1' };
    const bedMap = [{ bedId: 'icu-01', location: 'ICU4^^BED01' }];
    const tls = { certFile: '/etc/vigil-station/hl7.crt', keyFile: '/etc/vigil-station/hl7.key', clientCaFile: '/etc/vigil-station/hospital-ca.pem' };
    const load = (name: string, hl7: object) => loadStationConfig(file(name, JSON.stringify({ feed, beds, hl7: { port: 2575, bedMap, ...hl7 } })));
    // The old README example: anyone on the LAN could raise or end alarms.
    expect(() => load('any.json', { host: '0.0.0.0' })).toThrow(/hl7\.tls: a listener off this machine needs TLS.*hl7\.allowedPeers: a listener off this machine needs the list of peer/);
    expect(() => load('notls.json', { host: '10.20.4.15', allowedPeers: ['10.20.4.0/24'] })).toThrow(/hl7\.tls/);
    expect(() => load('nopeers.json', { host: '10.20.4.15', tls })).toThrow(/hl7\.allowedPeers/);
    expect(() => load('badpeer.json', { host: '10.20.4.15', tls, allowedPeers: ['10.20.4.0/33'] })).toThrow(/hl7\.allowedPeers\.0: must be an IP address or a CIDR block/);
    expect(() => load('both.json', { host: '10.20.4.15', tls, insecure: true, allowedPeers: ['10.20.4.7'] })).toThrow(/hl7\.insecure: insecure is only for plain MLLP/);
    expect(load('tls.json', { host: '10.20.4.15', tls, allowedPeers: ['10.20.4.0/24', 'fd00:20::/64', '10.20.5.9'] }).config.hl7).toMatchObject({ tls, insecure: false, rateLimit: { messagesPerSecond: 200, burst: 1000 } });
    expect(load('insecure.json', { host: '10.20.4.15', insecure: true, allowedPeers: ['10.20.4.7'] }).config.hl7?.insecure).toBe(true);
    // On this machine only, plain MLLP and no allow-list remain the simple default (an engine on the same PC).
    expect(load('loop.json', { host: '127.0.0.1' }).config.hl7).toMatchObject({ host: '127.0.0.1', insecure: false });
    expect(load('default-host.json', {}).config.hl7?.host).toBe('127.0.0.1');
  });

  it('the ADT listener is held to the same rules: whoever reaches it can admit, move and discharge patients', () => {
    const beds = [{ bedId: 'icu-01', label: 'Bed 1', patient: null }];
    const feed = { kind: 'gateway', urls: ['https://gw.ward.local'], token: 'station-token-1' };
    const bedMap = [{ bedId: 'icu-01', location: 'ICU4^^BED01' }];
    const tls = { certFile: '/etc/vigil-station/adt.crt', keyFile: '/etc/vigil-station/adt.key' };
    const load = (name: string, adt: object) => loadStationConfig(file(name, JSON.stringify({ feed, beds, adt: { port: 2576, bedMap, ...adt } })));
    expect(() => load('adt-any.json', { host: '0.0.0.0' })).toThrow(/adt\.tls: a listener off this machine needs TLS.*adt\.allowedPeers: a listener off this machine needs the list of peer/);
    expect(() => load('adt-notls.json', { host: '10.1.7.15', allowedPeers: ['10.1.7.20'] })).toThrow(/adt\.tls/);
    expect(() => load('adt-both.json', { host: '10.1.7.15', tls, insecure: true, allowedPeers: ['10.1.7.20'] })).toThrow(/adt\.insecure: insecure is only for plain MLLP/);
    expect(load('adt-tls.json', { host: '10.1.7.15', tls, allowedPeers: ['10.1.7.20'] }).config.adt).toMatchObject({ tls, insecure: false, allowedPeers: ['10.1.7.20'] });
    expect(load('adt-loop.json', {}).config.adt).toMatchObject({ host: '127.0.0.1', insecure: false });
    // Real patients never go onto the simulated unit (its numbers are not theirs, its banner says "not real patients").
    const simulated = file('adt-sim.json', JSON.stringify({ feed: { kind: 'simulator', beds: 2 }, adt: { port: 2576, bedMap: [{ bedId: 'bed-01', location: 'ICU4^^BED01' }] } }));
    expect(() => loadStationConfig(simulated)).toThrow(/adt: the ADT feed puts real patients on the beds: not on the simulated unit/);
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

  it('--config beats VIGIL_CONFIG beats the default; only the default is not explicit', () => {
    expect(resolveConfigLocation(['x', '--config', '/a.json'], { VIGIL_CONFIG: '/b.json' }, 'linux')).toEqual({ path: '/a.json', explicit: true, via: '--config' });
    expect(resolveConfigLocation(['x', '--config=/c.json'], {}, 'linux')).toEqual({ path: '/c.json', explicit: true, via: '--config' });
    expect(resolveConfigLocation(['x'], { VIGIL_CONFIG: '/b.json' }, 'linux')).toEqual({ path: '/b.json', explicit: true, via: 'VIGIL_CONFIG' });
    expect(resolveConfigLocation(['x'], {}, 'linux')).toEqual({ path: '/etc/vigil-station/config.json', explicit: false });
  });

  it('a --config flag without a path, or an empty VIGIL_CONFIG, is an error, not the default location', () => {
    expect(() => resolveConfigLocation(['x', '--config'], {}, 'linux')).toThrow(ConfigError);
    expect(() => resolveConfigLocation(['x', '--config', '--wall'], {}, 'linux')).toThrow(/--config: the flag needs a file path/);
    expect(() => resolveConfigLocation(['x', '--config='], {}, 'linux')).toThrow(ConfigError);
    expect(() => resolveConfigLocation(['x'], { VIGIL_CONFIG: '' }, 'linux')).toThrow(/VIGIL_CONFIG: the variable is set but empty/);
  });

  it('parses --wall', () => {
    expect(parseCommandLine(['electron', '.', '--wall'])).toEqual({ wall: true });
    expect(parseCommandLine(['electron', '.'])).toEqual({ wall: false });
  });
});
