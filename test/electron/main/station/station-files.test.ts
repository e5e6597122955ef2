import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StationConfigSchema } from '../../../../shared/config/station-config';
import { validate } from '../../../../shared/validation';
import { stationFiles } from '../../../../electron/main/station/station-files';

describe('where a station keeps its audit files', () => {
  it('the journal and the key sit beside dataDir, not in it; IT may put them anywhere', () => {
    const config = StationConfigSchema.parse({ dataDir: '/var/lib/vigil-station' });
    expect(stationFiles(config, '/ignored')).toMatchObject({
      auditFile: join('/var/lib/vigil-station', 'audit.sqlite'),
      journalDir: '/var/lib/vigil-station-audit-journal',
      keyDir: '/var/lib/vigil-station-audit-key',
    });
    const elsewhere = StationConfigSchema.parse({ dataDir: '/var/lib/vigil-station', audit: { journalDir: '/srv/journal', keyDir: '/etc/vigil-station/key' } });
    expect(stationFiles(elsewhere, '/ignored')).toMatchObject({ journalDir: '/srv/journal', keyDir: '/etc/vigil-station/key' });
    expect(stationFiles(StationConfigSchema.parse({}), 'relative/data').journalDir).toBe(`${resolve('relative/data')}-audit-journal`);
  });

  it("the back end's journal position stays in dataDir, apart from the audit journal and key folders", () => {
    const files = stationFiles(StationConfigSchema.parse({ dataDir: '/var/lib/vigil-station' }), '/ignored');
    expect(files.gatewayPositionFile).toBe(join('/var/lib/vigil-station', 'gateway-position.json'));
    const folders = [dirname(files.auditFile), dirname(files.gatewayPositionFile), files.journalDir, files.keyDir];
    expect(new Set(folders.slice(1)).size).toBe(3);
    expect(folders[0]).toBe(folders[1]);
  });

  it('IT cannot give two of dataDir, audit.journalDir and audit.keyDir the same folder (however it is spelt)', () => {
    const refused = (input: unknown) => {
      const result = validate(StationConfigSchema, input);
      return result.ok ? null : JSON.stringify(result);
    };
    expect(refused({ dataDir: '/srv/vigil', audit: { journalDir: '/srv/vigil/' } })).toMatch(/audit\.journalDir.*another folder than dataDir/);
    expect(refused({ audit: { journalDir: 'C:\\Vigil\\audit', keyDir: 'C:/Vigil/audit' } })).toMatch(/audit\.keyDir.*another folder than audit\.journalDir/);
    expect(refused({ dataDir: './data', audit: { keyDir: 'data' } })).toMatch(/audit\.keyDir.*another folder than dataDir/);
    expect(refused({ dataDir: '/srv/vigil', audit: { journalDir: '/srv/vigil-journal', keyDir: '/etc/vigil/key' } })).toBeNull();
  });

  it('the full-disclosure record sits in dataDir, or in disclosure.dir, never in the audit journal or key folder', () => {
    expect(stationFiles(StationConfigSchema.parse({ dataDir: '/var/lib/vigil-station' }), '/ignored').disclosureFile).toBe(join('/var/lib/vigil-station', 'disclosure.sqlite'));
    expect(stationFiles(StationConfigSchema.parse({ disclosure: { dir: 'record' } }), '/ignored').disclosureFile).toBe(join(resolve('record'), 'disclosure.sqlite'));
    const refused = (input: unknown) => {
      const result = validate(StationConfigSchema, input);
      return result.ok ? null : JSON.stringify(result);
    };
    expect(refused({ audit: { journalDir: '/srv/journal' }, disclosure: { dir: '/srv/journal/' } })).toMatch(/disclosure\.dir.*another folder than audit\.journalDir/);
    expect(refused({ audit: { keyDir: '/etc/vigil/key' }, disclosure: { dir: '/etc/vigil/key' } })).toMatch(/disclosure\.dir.*another folder than audit\.keyDir/);
    expect(refused({ dataDir: '/srv/vigil', disclosure: { dir: '/srv/vigil' } })).toBeNull();
  });

  it('signing and verification settings have safe defaults and bounds', () => {
    expect(StationConfigSchema.parse({}).audit).toEqual({ retentionYears: 7, signEveryRows: 1_000, fullVerifyEveryHours: 24 });
    expect(validate(StationConfigSchema, { audit: { signEveryRows: 0 } }).ok).toBe(false);
    expect(validate(StationConfigSchema, { audit: { fullVerifyEveryHours: 0.5 } }).ok).toBe(false);
    expect(validate(StationConfigSchema, { audit: { journalDir: '' } }).ok).toBe(false);
  });
});
