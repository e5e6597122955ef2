import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../electron/main/simulator/prng';
import { RespSynth } from '../../../../electron/main/simulator/resp';
import { plethPulse } from '../../../../electron/main/simulator/pleth';
import { UnitSimulator } from '../../../../electron/main/simulator/unit-simulator';
import type { ScenarioKind } from '../../../../shared/domain/scenario';
import { countBreaths, detectPeaks, mean, run, START } from './recording';

describe('pleth', () => {
  it.each([undefined, 'tachycardia' as const, 'bradycardia' as const])('peaks 150-350 ms after each R peak (%s)', (scenario?: ScenarioKind) => {
    const sim = new UnitSimulator({ beds: 3, seed: 17, startAt: START, steadyVitals: true });
    if (scenario) sim.trigger({ scenario, bedId: 'bed-02' }, START);
    run(sim, START, START + 45_000, 40);
    const rec = run(sim, START + 45_000, START + 75_000, 40);
    for (let bed = 0; bed < 3; bed++) {
      const rPeaks = detectPeaks(rec.trace(bed, 'ecg'));
      const pulses = detectPeaks(rec.trace(bed, 'pleth'), { searchMs: 150, refractoryMs: 250 });
      expect(pulses.length).toBeGreaterThan(10);
      // One pulse per beat.
      expect(Math.abs(pulses.length - rPeaks.length)).toBeLessThanOrEqual(1);
      for (const pulse of pulses) {
        const r = rPeaks.filter((p) => p < pulse).pop();
        if (r === undefined) continue; // the window opened between an R peak and its pulse
        expect(pulse - r).toBeGreaterThanOrEqual(150);
        expect(pulse - r).toBeLessThanOrEqual(350);
      }
    }
  });

  it('has a dicrotic notch followed by a diastolic wave', () => {
    const at = (ms: number) => plethPulse(ms / 1000, 850);
    const notch = at(180);
    expect(notch).toBeLessThan(at(100));
    expect(notch).toBeLessThan(at(250));
    expect(at(250)).toBeLessThan(at(0));
    expect(at(0)).toBeCloseTo(1, 1);
  });

  it('stays roughly within 0..1', () => {
    const sim = new UnitSimulator({ beds: 4, seed: 2, startAt: START });
    sim.trigger({ scenario: 'tachycardia', bedId: 'bed-01' }, START);
    const rec = run(sim, START, START + 60_000, 40);
    for (let bed = 0; bed < 4; bed++) {
      const values = rec.trace(bed, 'pleth').values;
      expect(Math.min(...values)).toBeGreaterThan(-0.05);
      expect(Math.max(...values)).toBeLessThan(1.1);
    }
  });
});

describe('resp', () => {
  it.each([1, 2, 3])('breaths counted over 60 s match the reported RR within 1 (seed %i, steady vitals)', (seed) => {
    const sim = new UnitSimulator({ beds: 2, seed, startAt: START, steadyVitals: true });
    const rec = run(sim, START, START + 60_000, 40);
    for (let bed = 0; bed < 2; bed++) {
      const reported = mean(rec.values(bed, 'rr').map((v) => v.value as number));
      expect(Math.abs(countBreaths(rec.trace(bed, 'resp')) - reported)).toBeLessThanOrEqual(1);
    }
  });

  it('follows a drifting RR too', () => {
    const sim = new UnitSimulator({ beds: 4, seed: 12, startAt: START });
    const rec = run(sim, START, START + 60_000, 40);
    for (let bed = 0; bed < 4; bed++) {
      const reported = mean(rec.values(bed, 'rr').map((v) => v.value as number));
      expect(Math.abs(countBreaths(rec.trace(bed, 'resp')) - reported)).toBeLessThanOrEqual(1);
    }
  });

  it('inspires faster than it expires', () => {
    const resp = new RespSynth(new Rng(1), 0.9, 0);
    const values = Array.from({ length: 4 * 62.5 }, () => resp.sample(15, 16)); // one 4 s breath
    const peak = values.indexOf(Math.max(...values));
    expect(peak / values.length).toBeGreaterThan(0.3);
    expect(peak / values.length).toBeLessThan(0.5);
  });

  it('goes flat at end-expiration on apnea (rate 0) once the breath in progress ends', () => {
    const resp = new RespSynth(new Rng(4), 0.9, 0.2);
    for (let i = 0; i < 125; i++) resp.sample(15, 16); // mid-breath
    const apnea = Array.from({ length: 625 }, () => resp.sample(0, 16)); // 10 s
    const tail = apnea.slice(250);
    expect(Math.max(...tail) - Math.min(...tail)).toBeLessThan(0.05);
    expect(mean(tail)).toBeLessThan(0.15);
    // And breathing resumes when the rate comes back.
    const resumed = Array.from({ length: 250 }, () => resp.sample(15, 16));
    expect(Math.max(...resumed)).toBeGreaterThan(0.5);
  });
});
