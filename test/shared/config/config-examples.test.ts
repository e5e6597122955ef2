import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { stationConfigJsonSchema } from '../../../shared/config/config-json-schema';
import { StationConfigSchema } from '../../../shared/config/station-config';
import { describeIssues } from '../../../shared/validation';

const EXAMPLES = resolve(__dirname, '../../../docs/examples');
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
const read = (file: string) => JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as Record<string, unknown>;

describe('example configs in docs/examples', () => {
  it('are the four the README lists', () => {
    expect(files.sort()).toEqual(['care-groups-64-beds.json', 'corridor-wall.json', 'unit-64-beds.json', 'workstation-16-beds.json']);
  });

  it.each(files)('%s passes the schema the app applies at start', (file) => {
    const result = StationConfigSchema.safeParse(read(file));
    expect(result.success ? 'valid' : describeIssues(result.error)).toBe('valid');
  });

  it.each(files)('%s passes the generated JSON Schema (what IT’s tools check)', (file) => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(stationConfigJsonSchema());
    expect(validate(read(file)) ? [] : validate.errors).toEqual([]);
  });

  it('each is what its name says', () => {
    const parse = (file: string) => StationConfigSchema.parse(read(file));
    const workstation = parse('workstation-16-beds.json');
    expect(workstation.beds).toHaveLength(16);
    expect(workstation.updates).toMatchObject({ enabled: true, url: expect.stringMatching(/^https:\/\//) });
    const unit = parse('unit-64-beds.json');
    expect(unit.beds).toHaveLength(64);
    expect(unit.hl7?.bedMap.length).toBeGreaterThan(0);
    // The listener is a trust boundary: on the device network, over TLS with client certificates, from listed peers only.
    expect(unit.hl7).toMatchObject({ insecure: false, tls: { clientCaFile: expect.any(String) }, allowedPeers: [expect.any(String)] });
    expect(unit.hl7?.host).not.toMatch(/^(127\.|0\.0\.0\.0$|::$)/);
    const wall = parse('corridor-wall.json');
    expect(wall.wall.allowClinicalActions).toBe(false);
    expect(wall.scenarioControls).toBe(false);
    // Care groups (test/shared/domain/care-group.test.ts has the rest): both listeners, devices and the HIS's ADT, are trust boundaries alike.
    const grouped = parse('care-groups-64-beds.json');
    for (const listener of [grouped.hl7, grouped.adt]) {
      expect(listener).toMatchObject({ insecure: false, tls: { clientCaFile: expect.any(String) }, allowedPeers: [expect.any(String)] });
      expect(listener?.host).not.toMatch(/^(127\.|0\.0\.0\.0$|::$)/);
    }
    // A real unit never seeds training accounts, and none of these is the simulator.
    for (const config of [workstation, unit, wall, grouped]) expect(config.feed.kind).toBe('gateway');
  });
});

describe('the README’s configuration example', () => {
  const readme = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const example = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];

  it('passes the schema the app applies at start, with the HL7 listener on a named interface over TLS and an allow-list', () => {
    expect(example, 'a ```json block in the Configuration section').toBeDefined();
    const result = StationConfigSchema.safeParse(JSON.parse(example!));
    expect(result.success ? 'valid' : describeIssues(result.error)).toBe('valid');
    const hl7 = StationConfigSchema.parse(JSON.parse(example!)).hl7;
    expect(hl7).toMatchObject({ insecure: false, tls: { certFile: expect.any(String), keyFile: expect.any(String) }, allowedPeers: [expect.any(String)] });
    expect(hl7?.host).not.toMatch(/^(127\.|0\.0\.0\.0$|::$)/);
  });

  it('shows the Electron fuses exactly as electron-builder.yml sets them', () => {
    const builder = readFileSync(resolve(__dirname, '../../../electron-builder.yml'), 'utf8');
    const fuses = (text: string) => [...text.matchAll(/^\s+(runAsNode|enable\w+|onlyLoadAppFromAsar):\s*(true|false)/gm)].map((m) => `${m[1]}=${m[2]}`).sort();
    expect(fuses(section)).toHaveLength(6);
    expect(fuses(section)).toEqual(fuses(builder));
  });
});
