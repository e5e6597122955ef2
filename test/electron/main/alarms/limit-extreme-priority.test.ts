import { describe, expect, it } from 'vitest';
import { ADULT_PROFILE } from '../../../../shared/alarms/limit-profiles';
import { byCode, codes, harness, onsets, only } from './alarm-test-kit';

/**
 * Limit violations are MEDIUM; beyond the extreme limits they are HIGH
 * (clinical reference: SpO2 < 90 % MEDIUM, < 85 % HIGH). Deepening from
 * MEDIUM to HIGH is a new alarm condition with its own id.
 */
describe('extreme limits and priority', () => {
  it('SpO2 below 90 % is MEDIUM and below 85 % is HIGH', () => {
    const medium = harness();
    medium.numerics('bed-1', { spo2: 87 });
    medium.tick(10_000);
    expect(only(medium.engine, 'SPO2_LOW').priority).toBe('MEDIUM');

    const high = harness();
    high.numerics('bed-1', { spo2: 84 });
    high.tick(5_000);
    expect(codes(high.engine)).toEqual(['SPO2_EXTREME_LOW']);
    expect(only(high.engine, 'SPO2_EXTREME_LOW')).toMatchObject({ priority: 'HIGH', triggerValue: 84, limit: 85 });
  });

  it('85 % exactly is still only MEDIUM (the extreme limit is the last value that is not extreme)', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 85 });
    h.tick(60_000);
    expect(codes(h.engine)).toEqual(['SPO2_LOW']);
  });

  it('an extreme violation uses the shorter extreme delay', () => {
    const h = harness();
    const { extremeDelayMs, delayMs } = ADULT_PROFILE.parameters.spo2;
    expect(extremeDelayMs).toBeLessThan(delayMs);
    h.numerics('bed-1', { spo2: 80 });
    h.tick(extremeDelayMs - 1);
    expect(h.engine.list()).toEqual([]);
    h.tick(1);
    expect(codes(h.engine)).toEqual(['SPO2_EXTREME_LOW']);
    h.tick(delayMs);
    // No plain MEDIUM alarm for the same episode on top of the HIGH one.
    expect(codes(h.engine)).toEqual(['SPO2_EXTREME_LOW']);
    expect(onsets(h.audit, 'SPO2_LOW')).toBe(0);
  });

  it.each([
    { parameter: 'hr', value: 35, code: 'HR_EXTREME_LOW' },
    { parameter: 'hr', value: 160, code: 'HR_EXTREME_HIGH' },
    { parameter: 'rr', value: 5, code: 'RR_EXTREME_LOW' },
    { parameter: 'rr', value: 45, code: 'RR_EXTREME_HIGH' },
    { parameter: 'nibpSys', value: 230, code: 'NIBP_SYS_EXTREME_HIGH' },
    { parameter: 'nibpSys', value: 65, code: 'NIBP_SYS_EXTREME_LOW' },
    { parameter: 'temp', value: 34.5, code: 'TEMP_EXTREME_LOW' },
  ] as const)('$parameter $value is a HIGH $code after the extreme delay', ({ parameter, value, code }) => {
    const h = harness();
    const { extremeDelayMs } = ADULT_PROFILE.parameters[parameter];
    h.numerics('bed-1', { [parameter]: value });
    if (extremeDelayMs > 0) {
      h.tick(extremeDelayMs - 1);
      expect(h.engine.list()).toEqual([]);
      h.tick(1);
    }
    expect(only(h.engine, code)).toMatchObject({ priority: 'HIGH', source: 'station' });
  });

  it('MEDIUM deepening to HIGH is a new alarm with a new id; the MEDIUM one is retired, not shown twice', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 88 });
    h.tick(10_000);
    const medium = only(h.engine, 'SPO2_LOW');
    h.numerics('bed-1', { spo2: 82 });
    h.tick(4_999);
    expect(codes(h.engine)).toEqual(['SPO2_LOW']);
    h.tick(1);
    const high = only(h.engine, 'SPO2_EXTREME_LOW');
    expect(high.alarmId).not.toBe(medium.alarmId);
    expect(high.priority).toBe('HIGH');
    expect(codes(h.engine)).toEqual(['SPO2_EXTREME_LOW']);
    expect(h.audit.entries('alarm.resolved')).toEqual([expect.objectContaining({ alarmId: medium.alarmId, details: expect.objectContaining({ reason: 'superseded' }) })]);
    expect(h.engine.auditory()).toMatchObject({ alarmId: high.alarmId, priority: 'HIGH' });
  });

  it('recovering from extreme to a plain violation keeps the HIGH alarm and raises no fresh MEDIUM', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 80 });
    h.tick(5_000);
    const high = only(h.engine, 'SPO2_EXTREME_LOW');
    h.numerics('bed-1', { spo2: 87 });
    h.tick(60_000);
    expect(codes(h.engine)).toEqual(['SPO2_EXTREME_LOW']);
    expect(only(h.engine, 'SPO2_EXTREME_LOW')).toMatchObject({ alarmId: high.alarmId, state: 'active' });
    expect(onsets(h.audit, 'SPO2_LOW')).toBe(0);
    // Back to extreme within the same episode: still the same alarm.
    h.numerics('bed-1', { spo2: 80 });
    h.tick(10_000);
    expect(onsets(h.audit, 'SPO2_EXTREME_LOW')).toBe(1);
  });

  it('a brief dip past the extreme limit inside a plain violation does not deepen', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 88 });
    h.tick(10_000);
    h.numerics('bed-1', { spo2: 83 });
    h.tick(4_000);
    h.numerics('bed-1', { spo2: 88 }); // back above 85 + hysteresis 1
    h.tick(30_000);
    expect(codes(h.engine)).toEqual(['SPO2_LOW']);
    expect(onsets(h.audit, 'SPO2_EXTREME_LOW')).toBe(0);
  });

  it('the low and high sides are separate conditions', () => {
    const h = harness();
    h.numerics('bed-1', { hr: 130 });
    h.tick(10_000);
    h.numerics('bed-1', { hr: 45 });
    expect(byCode(h.engine, 'HR_HIGH')).toEqual([]);
    h.tick(10_000);
    expect(codes(h.engine)).toEqual(['HR_LOW']);
  });
});
