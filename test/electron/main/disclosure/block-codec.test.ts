import { describe, expect, it } from 'vitest';
import { BlockEncoding, CorruptBlockError, decodeWaveform, encodeWaveform } from '../../../../electron/main/disclosure/writer/block-codec';
import { decodeNumerics, encodeNumerics, type NumericEntry } from '../../../../electron/main/disclosure/writer/numerics-codec';
import { NUMERIC_KINDS } from '../../../../shared/domain/numeric';
import { SAMPLE_STEP } from '../../../../shared/disclosure/sample-steps';
import { prng } from '../../../support/prng';

const KEY = { bedKey: 7, channel: 0, t0: 1_767_225_600_000 };

function bits(a: Float32Array): number[] {
  return [...new Uint32Array(a.buffer, a.byteOffset, a.length)];
}

/** Random blocks of every kind the recorder can meet: quantised signals, steps, spikes, off-step floats, NaN, ±0, ±∞. */
function randomBlock(rand: () => number): { samples: Float32Array; step: number } {
  const n = Math.floor(rand() * 2600);
  const steps = [SAMPLE_STEP.ecg, SAMPLE_STEP.pleth, SAMPLE_STEP.resp, 0.01, 1];
  const step = steps[Math.floor(rand() * steps.length)]!;
  const samples = new Float32Array(n);
  const kind = rand();
  let k = Math.round((rand() - 0.5) * 4000);
  for (let i = 0; i < n; i++) {
    if (kind < 0.6) {
      // A quantised random walk with occasional huge jumps (a lead moved, a saturated front end).
      k += Math.round((rand() - 0.5) * (rand() < 0.01 ? 60_000 : 40));
      k = Math.max(-0x3fffffff, Math.min(0x3fffffff, k));
      samples[i] = Math.fround(k * step);
    } else if (kind < 0.85) {
      samples[i] = (rand() - 0.5) * 20;
    } else {
      const specials = [Number.NaN, 0, -0, Infinity, -Infinity, 3.4e38, -1e-45, Math.fround(k * step)];
      samples[i] = specials[Math.floor(rand() * specials.length)]!;
    }
  }
  return { samples, step };
}

describe('waveform block codec', () => {
  it('round-trips 2,000 random blocks bit for bit (property test)', () => {
    const rand = prng(20261206);
    for (let trial = 0; trial < 2_000; trial++) {
      const { samples, step } = randomBlock(rand);
      const key = { ...KEY, t0: KEY.t0 + trial * 8000 };
      const blob = encodeWaveform(key, samples, step, trial & 1);
      const decoded = decodeWaveform(key, blob, step);
      expect(decoded.flags).toBe(trial & 1);
      expect(decoded.samples.length).toBe(samples.length);
      expect(bits(decoded.samples), `trial ${trial}`).toEqual(bits(samples));
    }
  });

  it('stores step multiples as delta-coded integers and anything else as float bits', () => {
    const onStep = Float32Array.from({ length: 2000 }, (_, i) => Math.fround(Math.round(Math.sin(i / 20) * 300) * SAMPLE_STEP.ecg));
    expect(decodeWaveform(KEY, encodeWaveform(KEY, onStep, SAMPLE_STEP.ecg, 0), SAMPLE_STEP.ecg).encoding).not.toBe(BlockEncoding.floatXor);
    const offStep = onStep.map((v, i) => (i === 1000 ? v + 0.0001 : v));
    expect(decodeWaveform(KEY, encodeWaveform(KEY, offStep, SAMPLE_STEP.ecg, 0), SAMPLE_STEP.ecg).encoding).toBe(BlockEncoding.floatXor);
    // The integer path is what makes the record small: a smooth quantised trace is far below 2 bytes a sample.
    expect(encodeWaveform(KEY, onStep, SAMPLE_STEP.ecg, 0).length).toBeLessThan(onStep.length / 2);
  });

  it('uses every predictor somewhere, each decoding exactly', () => {
    const rand = prng(3);
    const seen = new Set<number>();
    // Differences that follow d[n] = a·d[n−1] + noise: a = 0 suits the previous sample, 1 the linear
    // extrapolation, ½ the half-way predictor; a resonance needs the fitted linear predictor.
    const series = (next: (d1: number, d2: number) => number) => {
      const out: number[] = [0, 0];
      for (let i = 2; i < 2000; i++) out.push(out[i - 1]! + Math.round(next(out[i - 1]! - out[i - 2]!, i)));
      return out;
    };
    const shapes = [
      () => series(() => (rand() - 0.5) * 40),
      () => series((d) => d + (rand() - 0.5) * 3),
      () => series((d) => d / 2 + (rand() - 0.5) * 40),
      () => Array.from({ length: 2000 }, (_, i) => Math.round(600 * Math.sin(i / 9) * Math.cos(i / 31) + (rand() - 0.5) * 3)),
    ];
    for (let trial = 0; trial < 200; trial++) {
      const values = shapes[trial % shapes.length]!();
      const samples = Float32Array.from(values, (k) => Math.fround(k * SAMPLE_STEP.resp) + 0);
      const decoded = decodeWaveform(KEY, encodeWaveform(KEY, samples, SAMPLE_STEP.resp, 0), SAMPLE_STEP.resp);
      seen.add(decoded.encoding);
      expect(bits(decoded.samples)).toEqual(bits(samples));
    }
    expect([...seen].sort()).toEqual([BlockEncoding.delta1, BlockEncoding.delta2, BlockEncoding.delta15, BlockEncoding.lpc4].sort());
  });

  it('any flipped bit is a checksum failure, never wrong samples', () => {
    const rand = prng(7);
    const { samples } = { samples: Float32Array.from({ length: 2000 }, () => Math.fround(Math.round((rand() - 0.5) * 800) * SAMPLE_STEP.ecg)) };
    const blob = encodeWaveform(KEY, samples, SAMPLE_STEP.ecg, 0);
    for (let byte = 0; byte < blob.length; byte += Math.max(1, Math.floor(blob.length / 97))) {
      const damaged = Buffer.from(blob);
      damaged[byte]! ^= 1 << (byte % 8);
      expect(() => decodeWaveform(KEY, damaged, SAMPLE_STEP.ecg), `byte ${byte}`).toThrow(CorruptBlockError);
    }
    expect(() => decodeWaveform(KEY, blob.subarray(0, 10), SAMPLE_STEP.ecg)).toThrow(CorruptBlockError);
  });

  it('a block moved to another bed, channel or time fails its checksum', () => {
    const blob = encodeWaveform(KEY, new Float32Array([0.005, 0.01]), SAMPLE_STEP.ecg, 0);
    expect(() => decodeWaveform({ ...KEY, bedKey: 8 }, blob, SAMPLE_STEP.ecg)).toThrow(/checksum/);
    expect(() => decodeWaveform({ ...KEY, channel: 1 }, blob, SAMPLE_STEP.ecg)).toThrow(/checksum/);
    expect(() => decodeWaveform({ ...KEY, t0: KEY.t0 + 8000 }, blob, SAMPLE_STEP.ecg)).toThrow(/checksum/);
  });
});

describe('numerics block codec', () => {
  it('round-trips random numerics exactly, including invalid values and odd times (property test)', () => {
    const rand = prng(99);
    for (let trial = 0; trial < 500; trial++) {
      const entries: NumericEntry[] = Array.from({ length: Math.floor(rand() * 60) }, () => {
        const r = rand();
        const value = r < 0.1 ? null : r < 0.5 ? Math.round(rand() * 2000) / 10 : r < 0.9 ? Math.round(rand() * 200) : (rand() - 0.5) * 1e6;
        return { kind: NUMERIC_KINDS[Math.floor(rand() * NUMERIC_KINDS.length)]!, at: KEY.t0 + (rand() < 0.9 ? Math.floor(rand() * 8000) : rand() * 1e7 - 5e6), value };
      });
      const key = { ...KEY, channel: 3 };
      const decoded = decodeNumerics(key, encodeNumerics(key, entries));
      const order = (a: NumericEntry, b: NumericEntry) => a.kind.localeCompare(b.kind) || a.at - b.at;
      expect(decoded.sort(order)).toEqual([...entries].sort(order));
    }
  });
});
