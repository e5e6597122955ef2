import { describe, expect, it } from 'vitest';
import { UnitSimulator } from '../../../../electron/main/simulator/unit-simulator';
import { SAMPLE_RATE_HZ, WAVEFORM_CHANNELS } from '../../../../shared/domain/channel';
import { decodeWaveformFrame, encodeWaveformFrame, MAX_SAMPLES_PER_SEGMENT } from '../../../../shared/waveform/frame';
import { Recording, run, START } from './recording';

/** Frames and numerics exactly as the station would send them, tick by tick. */
function transcript(seed: number, stepMs: number, durationMs = 10_000): { frames: Buffer[]; numerics: string[] } {
  const sim = new UnitSimulator({ beds: 4, seed, startAt: START });
  const frames: Buffer[] = [];
  const numerics: string[] = [];
  for (let t = stepMs; t <= durationMs; t += stepMs) {
    if (t === 5000) sim.trigger({ scenario: 'desaturation', bedId: 'bed-02' }, START + t);
    const tick = sim.advanceTo(START + t);
    frames.push(Buffer.from(encodeWaveformFrame(tick.segments)));
    numerics.push(JSON.stringify(tick.numerics));
  }
  return { frames, numerics };
}

describe('determinism', () => {
  it('the same seed gives byte-identical frames and numerics', () => {
    const a = transcript(42, 40);
    const b = transcript(42, 40);
    expect(a.frames.length).toBe(250);
    expect(a.frames.every((f, i) => f.equals(b.frames[i]!))).toBe(true);
    expect(a.numerics).toEqual(b.numerics);
  });

  it('a different seed gives different output', () => {
    const a = transcript(42, 40);
    const b = transcript(43, 40);
    expect(Buffer.concat(a.frames).equals(Buffer.concat(b.frames))).toBe(false);
    expect(a.numerics).not.toEqual(b.numerics);
  });

  it('sample times, counts and values do not depend on the step size', () => {
    const record = (step: number) => {
      const sim = new UnitSimulator({ beds: 3, seed: 5, startAt: START });
      const rec = run(sim, START, START + 5_000, step);
      sim.trigger({ scenario: 'ecg-lead-off', bedId: 'bed-01' }, START + 5_000);
      sim.trigger({ scenario: 'tachycardia', bedId: 'bed-02' }, START + 5_000);
      return run(sim, START + 5_000, START + 10_000, step, rec);
    };
    const a = record(40);
    const b = record(17);
    for (let bed = 0; bed < 3; bed++) {
      for (const channel of WAVEFORM_CHANNELS) {
        const ta = a.trace(bed, channel);
        const tb = b.trace(bed, channel);
        expect(ta.times.length).toBe((10_000 * SAMPLE_RATE_HZ[channel]) / 1000);
        expect(tb.times).toEqual(ta.times);
        expect(tb.values).toEqual(ta.values);
        expect(tb.flags).toEqual(ta.flags);
      }
    }
    expect(b.numerics).toEqual(a.numerics);
  });

  it('puts sample k of every channel exactly at startAt + k * 1000 / rate, with no gaps or repeats', () => {
    const sim = new UnitSimulator({ beds: 2, seed: 1, startAt: START });
    const rec = run(sim, START, START + 3_333, 13);
    for (const channel of WAVEFORM_CHANNELS) {
      const period = 1000 / SAMPLE_RATE_HZ[channel];
      const { times } = rec.trace(1, channel);
      expect(times[0]).toBe(START + period);
      times.forEach((t, i) => expect(t).toBe(START + (i + 1) * period));
      expect(times[times.length - 1]).toBeLessThanOrEqual(START + 3_333);
      expect(times[times.length - 1]).toBeGreaterThan(START + 3_333 - period);
    }
  });

  it('emits one segment per bed per channel per tick, and nothing for a time that does not move forward', () => {
    const sim = new UnitSimulator({ beds: 3, seed: 1, startAt: START });
    const first = sim.advanceTo(START + 40);
    expect(first.segments.map((s) => `${s.bedIndex}/${s.channel}`)).toEqual([
      '0/ecg', '0/pleth', '0/resp', '1/ecg', '1/pleth', '1/resp', '2/ecg', '2/pleth', '2/resp',
    ]);
    expect(first.segments.find((s) => s.channel === 'ecg')?.samples.length).toBe(10);
    expect(sim.advanceTo(START + 40)).toEqual({ segments: [], numerics: [] });
    expect(sim.advanceTo(START + 20)).toEqual({ segments: [], numerics: [] });
    // A step shorter than a resp sample period yields ECG but no resp segment.
    const short = sim.advanceTo(START + 45);
    expect(short.segments.filter((s) => s.channel === 'ecg')).toHaveLength(3);
    expect(short.segments.filter((s) => s.channel === 'resp')).toHaveLength(0);
  });

  it('splits a long catch-up into segments a frame can carry', () => {
    const sim = new UnitSimulator({ beds: 1, seed: 1, startAt: START });
    const tick = sim.advanceTo(START + 40_000);
    const ecg = tick.segments.filter((s) => s.channel === 'ecg');
    expect(ecg.length).toBe(2);
    expect(ecg.every((s) => s.samples.length <= MAX_SAMPLES_PER_SEGMENT)).toBe(true);
    expect(ecg[1]!.firstSampleAt).toBe(ecg[0]!.firstSampleAt + ecg[0]!.samples.length * 4);
    expect(decodeWaveformFrame(encodeWaveformFrame(tick.segments)).length).toBe(tick.segments.length);
    expect(tick.numerics.length).toBe(40);
  });

  it('skips, rather than synthesises, a clock jump of hours, and stays on the grid', () => {
    const sim = new UnitSimulator({ beds: 64, seed: 1, startAt: START });
    sim.advanceTo(START + 1_000);
    const began = performance.now();
    const tick = sim.advanceTo(START + 3 * 3_600_000 + 7);
    expect(performance.now() - began).toBeLessThan(5_000);
    const ecg = tick.segments.filter((s) => s.bedIndex === 0 && s.channel === 'ecg');
    const count = ecg.reduce((n, s) => n + s.samples.length, 0);
    expect(count).toBeLessThanOrEqual(60_000 / 4);
    for (const s of tick.segments) expect(((s.firstSampleAt - START) * SAMPLE_RATE_HZ[s.channel]) % 1000).toBe(0);
    const next = sim.advanceTo(START + 3 * 3_600_000 + 47);
    expect(next.segments.find((s) => s.channel === 'ecg')?.firstSampleAt).toBe(START + 3 * 3_600_000 + 8);
  });

  it('keeps up with a 64-bed unit many times faster than real time', () => {
    const sim = new UnitSimulator({ beds: 64, seed: 3, startAt: START });
    const began = performance.now();
    const rec = run(sim, START, START + 10_000, 40, new Recording());
    const elapsed = performance.now() - began;
    expect(rec.trace(63, 'ecg').times.length).toBe(2500);
    // Real time would be 10 000 ms; a generous bound so a slow CI machine does not flake.
    expect(elapsed).toBeLessThan(2_500);
  });
});
