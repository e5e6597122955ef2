import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { stationConfigJsonSchema, stationConfigJsonSchemaText } from '../../../shared/config/config-json-schema';

const ROOT = resolve(__dirname, '../../..');

describe('docs/config.schema.json', () => {
  it('is current: regenerating it from the zod schema changes nothing (else run npm run config-schema)', () => {
    expect(readFileSync(join(ROOT, 'docs/config.schema.json'), 'utf8')).toBe(stationConfigJsonSchemaText());
  });

  it('is a valid draft 2020-12 schema that standard tools compile', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    expect(ajv.validateSchema(stationConfigJsonSchema())).toBe(true);
    expect(() => ajv.compile(stationConfigJsonSchema())).not.toThrow();
  });

  it('describes every top-level field for editors, and rejects what the station rejects field by field', () => {
    const schema = stationConfigJsonSchema() as { properties: Record<string, { description?: string }>; additionalProperties: unknown };
    for (const [name, property] of Object.entries(schema.properties)) expect(property.description, name).toEqual(expect.any(String));
    expect(schema.additionalProperties).toBe(false);
    const validate = new Ajv2020({ strict: false }).compile(stationConfigJsonSchema());
    expect(validate({})).toBe(true); // nothing configured: the simulated unit
    expect(validate({ unitName: 'ICU 4', alarmz: {} })).toBe(false); // a misspelt field
    expect(validate({ feed: { kind: 'simulator', beds: 65 } })).toBe(false);
    expect(validate({ updates: { enabled: true, url: 'https://software.hospital.local/vigil/' } })).toBe(true);
    expect(validate({ updates: { enabled: 'yes' } })).toBe(false);
    // The audit trail's folders and its signing and verification settings, with the station's bounds.
    expect(validate({ audit: { journalDir: '/srv/vigil-audit-journal', keyDir: '/etc/vigil-station/key', signEveryRows: 500, fullVerifyEveryHours: 12 } })).toBe(true);
    expect(validate({ audit: { signEveryRows: 5 } })).toBe(false);
    expect(validate({ audit: { fullVerifyEveryHours: 0.5 } })).toBe(false);
    expect(validate({ audit: { journalDir: '' } })).toBe(false);
  });
});
