import { describe, expect, it } from 'vitest';
import { ADULT_PROFILE } from '../../../../shared/alarms/limit-profiles';
import type { LimitParameter } from '../../../../shared/alarms/limit-parameters';
import { byCode, codes, harness, onsets, only } from './alarm-test-kit';

/**
 * Alarm condition delay (IEC 60601-1-8): a violation becomes an alarm
 * condition only once it has lasted the parameter's delay, so a short
 * excursion (motion, a cough, a probe slipping) raises nothing.
 */
const adult = ADULT_PROFILE.parameters;

// One plain (non-extreme) violation per side of every limit-checked parameter of the adult profile.
const PLAIN_VIOLATIONS: Array<{ parameter: LimitParameter; value: number; code: string; inside: number }> = [
  { parameter: 'hr', value: 125, code: 'HR_HIGH', inside: 80 },
  { parameter: 'hr', value: 45, code: 'HR_LOW', inside: 80 },
  { parameter: 'spo2', value: 88, code: 'SPO2_LOW', inside: 97 },
  { parameter: 'rr', value: 33, code: 'RR_HIGH', inside: 16 },
  { parameter: 'rr', value: 7, code: 'RR_LOW', inside: 16 },
  { parameter: 'nibpSys', value: 170, code: 'NIBP_SYS_HIGH', inside: 120 },
  { parameter: 'nibpSys', value: 85, code: 'NIBP_SYS_LOW', inside: 120 },
  { parameter: 'nibpDia', value: 95, code: 'NIBP_DIA_HIGH', inside: 70 },
  { parameter: 'nibpMean', value: 55, code: 'NIBP_MEAN_LOW', inside: 85 },
  { parameter: 'temp', value: 39.4, code: 'TEMP_HIGH', inside: 37.0 },
  { parameter: 'temp', value: 35.6, code: 'TEMP_LOW', inside: 37.0 },
];

describe('alarm condition delay', () => {
  it('the adult profile has the plain limits of the clinical reference (vendor defaults)', () => {
    expect([adult.hr.low, adult.hr.high]).toEqual([50, 120]);
    expect([adult.spo2.low, adult.spo2.high, adult.spo2.extremeLow]).toEqual([90, null, 85]);
    expect([adult.rr.low, adult.rr.high]).toEqual([8, 30]);
    expect([adult.nibpSys.low, adult.nibpSys.high, adult.nibpDia.low, adult.nibpDia.high, adult.nibpMean.low, adult.nibpMean.high]).toEqual([90, 160, 50, 90, 60, 110]);
    expect([adult.temp.low, adult.temp.high]).toEqual([36.0, 39.0]);
    // Plain violations are MEDIUM; temperature's call for awareness only (LOW, see limit-profiles.ts).
    for (const [name, p] of Object.entries(adult)) expect(p.priority, name).toBe(name === 'temp' ? 'LOW' : 'MEDIUM');
    // NIBP is one cuff reading: waiting would only postpone an already final value.
    expect([adult.nibpSys.delayMs, adult.nibpDia.delayMs, adult.nibpMean.delayMs]).toEqual([0, 0, 0]);
    for (const p of [adult.hr, adult.spo2, adult.rr, adult.temp]) expect(p.delayMs).toBeGreaterThan(0);
  });

  it.each(PLAIN_VIOLATIONS)('$code is raised only once $parameter has been beyond its limit for its condition delay', ({ parameter, value, code }) => {
    const h = harness();
    const delay = adult[parameter].delayMs;
    h.numerics('bed-1', { [parameter]: value });
    if (delay > 0) {
      expect(h.engine.list()).toEqual([]);
      h.tick(delay - 1);
      expect(h.engine.list()).toEqual([]);
      h.tick(1);
    }
    const alarm = only(h.engine, code);
    const priority = adult[parameter].priority;
    expect(alarm).toMatchObject({ bedId: 'bed-1', priority, source: 'station', state: 'active', latching: false, triggerValue: value, onsetAt: h.time.now });
    expect(alarm.limit).toBe(code.endsWith('_LOW') ? adult[parameter].low : adult[parameter].high);
    expect(h.engine.auditory()).toMatchObject({ alarmId: alarm.alarmId, priority });
    expect(h.audit.entries('alarm.onset')).toHaveLength(1);
  });

  it.each(PLAIN_VIOLATIONS.filter((v) => adult[v.parameter].delayMs > 0))(
    'a $parameter excursion that is back inside before the delay raises nothing ($code)',
    ({ parameter, value, inside, code }) => {
      const h = harness();
      const delay = adult[parameter].delayMs;
      h.numerics('bed-1', { [parameter]: value });
      h.tick(delay - 1);
      h.numerics('bed-1', { [parameter]: inside });
      h.tick(delay * 3);
      expect(h.engine.list()).toEqual([]);
      expect(onsets(h.audit, code)).toBe(0);
    },
  );

  it('a new excursion after a return inside restarts the delay', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 88 });
    h.tick(6_000);
    h.numerics('bed-1', { spo2: 96 });
    h.tick(1_000);
    h.numerics('bed-1', { spo2: 88 }); // new episode at 7 s
    h.tick(9_999); // 17 s after the first excursion began, 9.999 s into the second
    expect(h.engine.list()).toEqual([]);
    h.tick(1);
    expect(only(h.engine, 'SPO2_LOW').onsetAt).toBe(h.time.now);
  });

  it('a limit is the last acceptable value: the limit itself never alarms, one step beyond it does', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 90, hr: 120, nibpSys: 160 });
    h.tick(60_000);
    expect(h.engine.list()).toEqual([]);
    h.numerics('bed-1', { spo2: 89, hr: 121, nibpSys: 161 });
    h.tick(10_000);
    expect(codes(h.engine).sort()).toEqual(['HR_HIGH', 'NIBP_SYS_HIGH', 'SPO2_LOW']);
  });

  it('each bed and each parameter has its own delay', () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 88 });
    h.tick(5_000);
    h.numerics('bed-2', { spo2: 88, rr: 35 });
    h.tick(5_000);
    expect(byCode(h.engine, 'SPO2_LOW').map((a) => a.bedId)).toEqual(['bed-1']);
    h.tick(5_000);
    expect(byCode(h.engine, 'SPO2_LOW').map((a) => a.bedId)).toEqual(['bed-1', 'bed-2']);
    expect(byCode(h.engine, 'RR_HIGH')).toEqual([]);
    h.tick(10_000); // RR: 20 s
    expect(only(h.engine, 'RR_HIGH').bedId).toBe('bed-2');
  });

  it('numerics for a bed the station does not have change nothing', () => {
    const h = harness();
    h.numerics('bed-99', { spo2: 70 });
    h.tick(60_000);
    expect(h.engine.list()).toEqual([]);
  });

  it('pulse rate is not limit-checked: HR covers it (one cause, one alarm)', () => {
    const h = harness();
    h.numerics('bed-1', { pulseRate: 200 });
    h.tick(60_000);
    expect(h.engine.list()).toEqual([]);
  });
});
