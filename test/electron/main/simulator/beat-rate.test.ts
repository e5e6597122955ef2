import { describe, expect, it } from 'vitest';
import { UnitSimulator } from '../../../../electron/main/simulator/unit-simulator';
import type { ScenarioKind } from '../../../../shared/domain/scenario';
import { detectPeaks, mean, ratePerMinute, Recording, run, START } from './recording';

/**
 * The rate a monitor would count from the ECG samples must be the rate the
 * simulator reports: HR on the tile and the trace under it must agree.
 */
function measure(options: { seed: number; steady: boolean; scenario?: ScenarioKind; settleMs: number }) {
  const sim = new UnitSimulator({ beds: 2, seed: options.seed, startAt: START, steadyVitals: options.steady });
  if (options.scenario) sim.trigger({ scenario: options.scenario, bedId: 'bed-01' }, START);
  run(sim, START, START + options.settleMs, 40);
  const target = sim.trueHeartRate(0);
  const from = START + options.settleMs;
  const rec = run(sim, from, from + 60_000, 40);
  const peaks = detectPeaks(rec.trace(0, 'ecg'));
  const reported = rec.values(0, 'hr').map((v) => v.value);
  expect(reported.every((v) => typeof v === 'number')).toBe(true);
  return { measured: ratePerMinute(peaks), reported: mean(reported as number[]), target, beats: peaks.length };
}

describe('beat rate', () => {
  it.each([
    ['bradycardia' as const, 35, 42],
    [undefined, 62, 92],
    ['tachycardia' as const, 140, 160],
  ])('with steady vitals (%s) the counted R peaks match the target and reported HR within 1 bpm', (scenario, lo, hi) => {
    const { measured, reported, target, beats } = measure({ seed: 21, steady: true, scenario, settleMs: 45_000 });
    expect(target).toBeGreaterThanOrEqual(lo);
    expect(target).toBeLessThanOrEqual(hi);
    expect(beats).toBeGreaterThan(lo - 2);
    expect(Math.abs(measured - target)).toBeLessThanOrEqual(1);
    expect(Math.abs(measured - reported)).toBeLessThanOrEqual(1);
  });

  it.each([1, 2, 3, 4, 5])('with drift on (seed %i) the counted rate matches the mean reported HR within 1 bpm', (seed) => {
    const { measured, reported } = measure({ seed, steady: false, settleMs: 5_000 });
    expect(Math.abs(measured - reported)).toBeLessThanOrEqual(1);
  });

  it('has beat-to-beat variability (not a metronome) that averages out', () => {
    const sim = new UnitSimulator({ beds: 1, seed: 8, startAt: START, steadyVitals: true });
    const rec = run(sim, START, START + 60_000, 40, new Recording());
    const peaks = detectPeaks(rec.trace(0, 'ecg'));
    const intervals = peaks.slice(1).map((p, i) => p - peaks[i]!);
    expect(Math.max(...intervals) - Math.min(...intervals)).toBeGreaterThan(12);
    expect(Math.abs(60_000 / mean(intervals) - sim.trueHeartRate(0))).toBeLessThanOrEqual(1);
  });
});
