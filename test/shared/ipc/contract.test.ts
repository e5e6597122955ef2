import { describe, expect, it } from 'vitest';
import { EVENT_CHANNELS, INVOKE_CHANNELS, isEventChannel, isInvokeChannel } from '../../../shared/ipc/contract';
import { StationConfigSchema } from '../../../shared/config/station-config';
import { validate } from '../../../shared/validation';

describe('IPC contract schemas', () => {
  it('names the missing field when a scenario needs a bed', () => {
    const result = validate(INVOKE_CHANNELS['scenario:trigger'].request, { scenario: 'desaturation' });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('bedId') });
  });

  it('names the field and the allowed values for an unknown scenario', () => {
    const result = validate(INVOKE_CHANNELS['scenario:trigger'].request, { scenario: 'cardiac-arrest', bedId: 'bed-01' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^scenario: /);
  });

  it('accepts a unit-wide feed drop without a bed', () => {
    expect(validate(INVOKE_CHANNELS['scenario:trigger'].request, { scenario: 'feed-drop' }).ok).toBe(true);
  });

  it('rejects extra keys on the snapshot request', () => {
    const result = validate(INVOKE_CHANNELS['unit:get-snapshot'].request, { sneaky: true });
    expect(!result.ok && result.reason).toMatch(/sneaky|Unrecognized key/);
  });

  it('points into nested arrays for a bad numeric value', () => {
    const result = validate(EVENT_CHANNELS['unit:numerics'], {
      sentAt: 1,
      beds: [{ bedId: 'bed-01', numerics: [{ kind: 'hr', value: 'eighty', measuredAt: 1 }] }],
    });
    expect(!result.ok && result.reason).toMatch(/^beds\.0\.numerics\.0\.value: /);
  });

  it('rejects a non-finite numeric and an unknown kind', () => {
    const bad = (n: unknown) => validate(EVENT_CHANNELS['unit:numerics'], { sentAt: 1, beds: [{ bedId: 'b', numerics: [n] }] });
    expect(bad({ kind: 'hr', value: Infinity, measuredAt: 1 }).ok).toBe(false);
    expect(!bad({ kind: 'bp', value: 1, measuredAt: 1 }).ok && (bad({ kind: 'bp', value: 1, measuredAt: 1 }) as { reason: string }).reason).toMatch(/kind/);
  });

  it('channel guards accept only contract names', () => {
    expect(isInvokeChannel('unit:get-snapshot')).toBe(true);
    expect(isInvokeChannel('toString')).toBe(false);
    expect(isInvokeChannel('__proto__')).toBe(false);
    expect(isEventChannel('unit:numerics')).toBe(true);
    expect(isEventChannel('unit:get-snapshot')).toBe(false);
  });
});

describe('station config schema', () => {
  it('defaults to a 16-bed simulated unit', () => {
    const config = StationConfigSchema.parse({});
    expect(config.feed).toEqual({ kind: 'simulator', beds: 16, seed: 1 });
    expect(config.noDataTimeoutMs).toBe(5000);
    expect(config.wall.allowClinicalActions).toBe(false);
  });

  it('names the field when the unit is too large', () => {
    const result = validate(StationConfigSchema, { feed: { kind: 'simulator', beds: 65 } });
    expect(!result.ok && result.reason).toMatch(/^feed\.beds: /);
  });

  it('rejects a misspelt key instead of ignoring it', () => {
    const result = validate(StationConfigSchema, { noDataTimeoutMS: 3000 });
    expect(!result.ok && result.reason).toMatch(/noDataTimeoutMS/);
  });
});
