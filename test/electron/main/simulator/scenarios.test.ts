import { describe, expect, it } from 'vitest';
import { planScenario } from '../../../../electron/main/simulator/scenarios';
import { UnitSimulator } from '../../../../electron/main/simulator/unit-simulator';
import { SEGMENT_FLAG_LEAD_OFF } from '../../../../shared/waveform/frame';
import { Recording, run, START } from './recording';

const numbers = (xs: Array<{ value: number | null }>) => xs.map((x) => x.value);

describe('scenarios', () => {
  it.each([1, 2, 3, 4, 5, 6])('desaturation takes SpO2 below 85 within 90 s (seed %i)', (seed) => {
    const sim = new UnitSimulator({ beds: 2, seed, startAt: START });
    const result = sim.trigger({ scenario: 'desaturation', bedId: 'bed-02' }, START);
    expect(result).toMatchObject({ scenario: 'desaturation', bedId: 'bed-02' });
    const rec = run(sim, START, START + 90_000, 40);
    const spo2 = numbers(rec.values(1, 'spo2')) as number[];
    expect(spo2[0]).toBeGreaterThanOrEqual(94);
    expect(spo2[spo2.length - 1]).toBeLessThan(85);
    expect(spo2[spo2.length - 1]).toBeGreaterThanOrEqual(79);
    // A ramp (30-60 s), not a step: five seconds in it has barely moved.
    expect(spo2.slice(0, 5).every((v) => v >= 92)).toBe(true);
    expect(spo2.findIndex((v) => v < 85)).toBeGreaterThan(15);
    // The neighbour is untouched.
    expect(Math.min(...(numbers(rec.values(0, 'spo2')) as number[]))).toBeGreaterThanOrEqual(93);
  });

  it.each([
    ['tachycardia' as const, 140, 160],
    ['bradycardia' as const, 35, 42],
  ])('%s reaches and holds %i-%i bpm', (scenario, lo, hi) => {
    for (const seed of [1, 2, 3]) {
      const sim = new UnitSimulator({ beds: 1, seed, startAt: START });
      sim.trigger({ scenario, bedId: 'bed-01' }, START);
      run(sim, START, START + 60_000, 40);
      expect(sim.trueHeartRate(0)).toBeGreaterThanOrEqual(lo);
      expect(sim.trueHeartRate(0)).toBeLessThanOrEqual(hi);
      const rec = run(sim, START + 60_000, START + 180_000, 40);
      const hr = numbers(rec.values(0, 'hr')) as number[];
      expect(Math.min(...hr)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...hr)).toBeLessThanOrEqual(hi);
    }
  });

  it.each([1, 2, 3, 4, 5, 6])('tachypnoea takes RR past 30 and holds it at 30-40 rpm, HR staying under 120 (seed %i)', (seed) => {
    const sim = new UnitSimulator({ beds: 2, seed, startAt: START });
    sim.trigger({ scenario: 'tachypnoea', bedId: 'bed-01' }, START);
    const rr = numbers(run(sim, START, START + 60_000, 200).values(0, 'rr')) as number[];
    expect(rr.slice(0, 5).every((v) => v <= 22)).toBe(true); // a ramp, not a step
    const held = run(sim, START + 60_000, START + 240_000, 200);
    const rrHeld = numbers(held.values(0, 'rr')) as number[];
    // Never back to 28 (where the adult RR_HIGH alarm ends), never beyond the extreme of 40.
    expect(Math.min(...rrHeld)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...rrHeld)).toBeLessThanOrEqual(40);
    expect(rrHeld.filter((v) => v > 30).length / rrHeld.length).toBeGreaterThan(0.75);
    expect(Math.max(...(numbers(held.values(0, 'hr')) as number[]))).toBeLessThan(120);
  });

  it.each([1, 2, 3, 4, 5, 6])('fever warms slowly past 39.0 °C and holds 39.1-39.8 °C, HR and RR inside their limits (seed %i)', (seed) => {
    const sim = new UnitSimulator({ beds: 2, seed, startAt: START });
    sim.trigger({ scenario: 'fever', bedId: 'bed-02' }, START);
    const rising = run(sim, START, START + 300_000, 200);
    const temp = numbers(rising.values(1, 'temp')) as number[];
    // Slow: the first degree takes more than a minute (the other scenarios ramp in 10-60 s).
    expect(temp.findIndex((v) => v >= temp[0]! + 1)).toBeGreaterThan(60);
    const held = run(sim, START + 300_000, START + 600_000, 200);
    const tempHeld = numbers(held.values(1, 'temp')) as number[];
    expect(Math.min(...tempHeld)).toBeGreaterThanOrEqual(39.1);
    expect(Math.max(...tempHeld)).toBeLessThanOrEqual(39.8);
    const all = [rising, held];
    expect(Math.max(...all.flatMap((r) => numbers(r.values(1, 'hr')) as number[]))).toBeLessThan(120);
    expect(Math.max(...all.flatMap((r) => numbers(r.values(1, 'rr')) as number[]))).toBeLessThan(30);
    // The neighbour keeps its normal temperature.
    expect(Math.max(...(numbers(held.values(0, 'temp')) as number[]))).toBeLessThan(37.6);
  });

  it('ecg-lead-off flags ECG segments, draws them flat and reports HR as invalid; recover undoes it', () => {
    const sim = new UnitSimulator({ beds: 2, seed: 4, startAt: START });
    run(sim, START, START + 5_000, 40);
    sim.trigger({ scenario: 'ecg-lead-off', bedId: 'bed-01' }, START + 5_000);
    const off = run(sim, START + 5_000, START + 15_000, 40, new Recording(true));
    const segments = off.ticks.flatMap((t) => t.segments);
    const ecg0 = segments.filter((s) => s.bedIndex === 0 && s.channel === 'ecg');
    expect(ecg0.length).toBe(250);
    expect(ecg0.every((s) => s.flags & SEGMENT_FLAG_LEAD_OFF)).toBe(true);
    expect(Math.max(...off.trace(0, 'ecg').values.map(Math.abs))).toBeLessThan(0.03);
    expect(segments.filter((s) => s.bedIndex === 1 || s.channel !== 'ecg').every((s) => s.flags === 0)).toBe(true);
    expect(numbers(off.values(0, 'hr')).every((v) => v === null)).toBe(true);
    // The pleth still pulses, so pulse rate and SpO2 stay valid.
    expect(numbers(off.values(0, 'pulseRate')).every((v) => typeof v === 'number')).toBe(true);
    expect(numbers(off.values(0, 'spo2')).every((v) => typeof v === 'number')).toBe(true);
    expect(numbers(off.values(1, 'hr')).every((v) => typeof v === 'number')).toBe(true);

    sim.trigger({ scenario: 'recover', bedId: 'bed-01' }, START + 15_000);
    const on = run(sim, START + 15_000, START + 20_000, 40);
    expect(on.trace(0, 'ecg').flags.every((f) => f === 0)).toBe(true);
    expect(Math.max(...on.trace(0, 'ecg').values)).toBeGreaterThan(0.5);
    expect(numbers(on.values(0, 'hr')).every((v) => typeof v === 'number')).toBe(true);
  });

  it('bed-silent emits nothing at all for that bed while the others continue; recover brings it back', () => {
    const sim = new UnitSimulator({ beds: 3, seed: 4, startAt: START });
    run(sim, START, START + 2_000, 40);
    sim.trigger({ scenario: 'bed-silent', bedId: 'bed-02' }, START + 2_000);
    const silent = run(sim, START + 2_000, START + 12_000, 40, new Recording(true));
    const all = silent.ticks.flatMap((t) => t.segments);
    expect(all.filter((s) => s.bedIndex === 1)).toHaveLength(0);
    expect(silent.numerics.filter((n) => n.bedIndex === 1)).toHaveLength(0);
    expect(all.filter((s) => s.bedIndex === 0)).toHaveLength(750);
    expect(silent.numerics.filter((n) => n.bedIndex === 2)).toHaveLength(10);

    sim.trigger({ scenario: 'recover', bedId: 'bed-02' }, START + 12_000);
    const back = run(sim, START + 12_000, START + 14_000, 40);
    expect(back.trace(1, 'ecg').times[0]).toBe(START + 12_004);
    expect(back.trace(1, 'ecg').times).toHaveLength(500);
    expect(back.numerics.filter((n) => n.bedIndex === 1)).toHaveLength(2);
  });

  it('feed-drop silences the whole unit; recover on any bed ends it', () => {
    const sim = new UnitSimulator({ beds: 4, seed: 9, startAt: START });
    run(sim, START, START + 2_000, 40);
    expect(sim.trigger({ scenario: 'feed-drop' }, START + 2_000)).toMatchObject({ scenario: 'feed-drop', bedId: null });
    for (let t = START + 2_040; t <= START + 12_000; t += 40) expect(sim.advanceTo(t)).toEqual({ segments: [], numerics: [] });

    sim.trigger({ scenario: 'recover', bedId: 'bed-03' }, START + 12_000);
    const back = run(sim, START + 12_000, START + 14_000, 40);
    for (let bed = 0; bed < 4; bed++) {
      expect(back.trace(bed, 'pleth').times).toHaveLength(250);
      expect(back.numerics.filter((n) => n.bedIndex === bed)).toHaveLength(2);
    }
  });

  it('recover ramps the vitals back to baseline', () => {
    const sim = new UnitSimulator({ beds: 1, seed: 6, startAt: START, steadyVitals: true });
    const baseline = sim.trueHeartRate(0);
    sim.trigger({ scenario: 'tachycardia', bedId: 'bed-01' }, START);
    run(sim, START, START + 60_000, 40);
    expect(sim.trueHeartRate(0)).toBeGreaterThan(140);
    sim.trigger({ scenario: 'recover', bedId: 'bed-01' }, START + 60_000);
    run(sim, START + 60_000, START + 62_000, 40);
    expect(sim.trueHeartRate(0)).toBeGreaterThan(baseline + 20); // gradual, not a jump
    run(sim, START + 62_000, START + 90_000, 40);
    expect(sim.trueHeartRate(0)).toBeCloseTo(baseline, 6);
  });

  it('the same seed replays the same trajectory; another seed gives another', () => {
    const spo2With = (scenarioSeed: number) => {
      const sim = new UnitSimulator({ beds: 2, seed: 3, startAt: START });
      run(sim, START, START + 1_000, 40);
      expect(sim.trigger({ scenario: 'desaturation', bedId: 'bed-01', seed: scenarioSeed }, START + 1_000).seed).toBe(scenarioSeed);
      return numbers(run(sim, START + 1_000, START + 70_000, 40).values(0, 'spo2'));
    };
    expect(spo2With(1234)).toEqual(spo2With(1234));
    expect(spo2With(1234)).not.toEqual(spo2With(99));
    // The plan itself depends only on the seed (and the baseline it starts from).
    const baseline = { hr: 70, spo2: 97, rr: 14, temp: 36.8 };
    expect(planScenario('tachycardia', 77, baseline)).toEqual(planScenario('tachycardia', 77, baseline));
    expect(planScenario('tachycardia', 77, baseline)).not.toEqual(planScenario('tachycardia', 78, baseline));
  });

  it('derives seeds deterministically from the unit seed and trigger count when none is given', () => {
    const seeds = (unitSeed: number) => {
      const sim = new UnitSimulator({ beds: 2, seed: unitSeed, startAt: START });
      return [
        sim.trigger({ scenario: 'tachycardia', bedId: 'bed-01' }, START).seed,
        sim.trigger({ scenario: 'recover', bedId: 'bed-01' }, START).seed,
        sim.trigger({ scenario: 'tachycardia', bedId: 'bed-01' }, START).seed,
      ];
    };
    const a = seeds(5);
    expect(seeds(5)).toEqual(a);
    expect(new Set(a).size).toBe(3);
    expect(seeds(6)).not.toEqual(a);
    for (const s of a) expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
  });

  it('refuses an unknown bed or a missing bed with a clear message', () => {
    const sim = new UnitSimulator({ beds: 8, seed: 1, startAt: START });
    expect(() => sim.trigger({ scenario: 'tachycardia', bedId: 'bed-09' }, START)).toThrow(/unknown bedId "bed-09".*bed-01\.\.bed-08/);
    expect(() => sim.trigger({ scenario: 'recover' }, START)).toThrow(/needs a bedId/);
  });

  it('a scenario triggered between ticks starts at its own time, not at the tick', () => {
    const sim = new UnitSimulator({ beds: 1, seed: 1, startAt: START });
    run(sim, START, START + 1_000, 40);
    sim.trigger({ scenario: 'ecg-lead-off', bedId: 'bed-01' }, START + 1_020);
    const tick = sim.advanceTo(START + 1_040);
    const ecg = tick.segments.filter((s) => s.channel === 'ecg');
    expect(ecg.map((s) => [s.firstSampleAt - START, s.samples.length, s.flags])).toEqual([
      [1_004, 5, 0],
      [1_024, 5, SEGMENT_FLAG_LEAD_OFF],
    ]);
  });
});
