/**
 * Measures alarm pulses from samples the way a test lab reads a recording:
 * the amplitude envelope, and where each pulse's rise and fall cross 10 %,
 * 50 % and 90 % of its own amplitude. IEC 60601-1-8 figures (td, spacing,
 * rise and fall times) depend on which of these points a reader uses, so the
 * suite checks all three. Pure functions: bundled into Chromium for rendered
 * audio, and unit-tested under Node with synthetic pulses.
 */

export const MEASURING_LEVELS = [0.1, 0.5, 0.9] as const;

export interface MeasuredPulse {
  /** Where the rise crosses each of MEASURING_LEVELS of the pulse's amplitude, ms. */
  riseAtMs: number[];
  /** Where the fall crosses each of MEASURING_LEVELS, ms. */
  fallAtMs: number[];
  /** 10 → 90 % of the rise and 90 → 10 % of the fall, ms. */
  riseTimeMs: number;
  fallTimeMs: number;
  /** Peak amplitude of the waveform on the plateau. */
  peak: number;
  /** Lowest envelope between the 90 % points, as a share of `peak` (1: flat, no step or notch). */
  plateauDip: number;
  /** The strongest of the candidate fundamentals over the plateau (0 if too short to tell). */
  fundamentalHz: number;
}

export interface PulseAnalysisOptions {
  sampleRate: number;
  /** Lowest fundamental present: the envelope window spans one of its periods. */
  minFundamentalHz: number;
  /** Fundamentals that may occur, to say which pattern a pulse belongs to. */
  candidateHz?: readonly number[];
  /** Envelope level, as a share of the loudest, below which there is silence (default 0.05). */
  silenceBelow?: number;
}

/**
 * Amplitude envelope: each sample that is the largest |x| of the window
 * centred on it (one period of the lowest fundamental, so every period of the
 * waveform yields one) is a point of the envelope at its own time; between
 * points the envelope is interpolated linearly. Taking the peak's own time,
 * not the window's centre, keeps the edges unbiased (a moving maximum would
 * read every rise early and every fall late by up to half a window).
 * Silence (exact zeros) is its own envelope.
 */
export function peakEnvelope(samples: Float32Array, window: number): Float32Array {
  const n = samples.length;
  const half = window >> 1;
  const out = new Float32Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  let next = 0;
  let lastPoint = -1;
  for (let i = 0; i < n; i++) {
    const hi = Math.min(n - 1, i + half);
    for (; next <= hi; next++) {
      const v = Math.abs(samples[next]!);
      while (tail > head && Math.abs(samples[queue[tail - 1]!]!) <= v) tail--;
      queue[tail++] = next;
    }
    while (queue[head]! < i - half) head++;
    const v = Math.abs(samples[i]!);
    if (Math.abs(samples[queue[head]!]!) !== v) continue;
    out[i] = v;
    if (lastPoint >= 0) {
      const from = out[lastPoint]!;
      for (let k = lastPoint + 1; k < i; k++) out[k] = from + ((v - from) * (k - lastPoint)) / (i - lastPoint);
    }
    lastPoint = i;
  }
  return out;
}

/** Magnitude of one frequency (Hann-windowed DFT bin) over a sample range. */
export function magnitudeAt(samples: Float32Array, from: number, to: number, hz: number, sampleRate: number): number {
  let re = 0;
  let im = 0;
  const n = to - from;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const phase = (2 * Math.PI * hz * i) / sampleRate;
    re += samples[from + i]! * w * Math.cos(phase);
    im -= samples[from + i]! * w * Math.sin(phase);
  }
  return Math.hypot(re, im) / n;
}

export function findPulses(samples: Float32Array, options: PulseAnalysisOptions): MeasuredPulse[] {
  const rate = options.sampleRate;
  const env = peakEnvelope(samples, Math.ceil(rate / options.minFundamentalHz) + 1);
  let loudest = 0;
  for (const v of env) loudest = Math.max(loudest, v);
  if (loudest === 0) return [];
  const silence = loudest * (options.silenceBelow ?? 0.05);
  const pulses: MeasuredPulse[] = [];
  for (let i = 0; i < env.length; i++) {
    if (env[i]! < silence) continue;
    let end = i;
    while (end + 1 < env.length && env[end + 1]! >= silence) end++;
    pulses.push(measureRegion(samples, env, i, end, options));
    i = end;
  }
  return pulses;
}

function measureRegion(samples: Float32Array, env: Float32Array, from: number, to: number, options: PulseAnalysisOptions): MeasuredPulse {
  const ms = (sample: number) => (sample / options.sampleRate) * 1000;
  let peak = 0;
  for (let i = from; i <= to; i++) peak = Math.max(peak, env[i]!);
  const riseAt = (level: number): number => {
    const th = level * peak;
    let i = from;
    while (env[i]! < th) i++;
    const prev = i > 0 ? env[i - 1]! : 0;
    return i - 1 + (th - prev) / (env[i]! - prev || 1);
  };
  const fallAt = (level: number): number => {
    const th = level * peak;
    let j = to;
    while (env[j]! < th) j--;
    const after = j + 1 < env.length ? env[j + 1]! : 0;
    return j + (env[j]! - th) / (env[j]! - after || 1);
  };
  const riseAtMs = MEASURING_LEVELS.map((l) => ms(riseAt(l)));
  const fallAtMs = MEASURING_LEVELS.map((l) => ms(fallAt(l)));
  const top0 = Math.ceil(riseAt(0.9));
  const top1 = Math.floor(fallAt(0.9));
  let dip = peak;
  for (let i = top0; i <= top1; i++) dip = Math.min(dip, env[i]!);
  let fundamentalHz = 0;
  const candidates = options.candidateHz ?? [];
  // A tenth of a second of plateau is enough to tell 440, 520 and 660 Hz apart.
  if (candidates.length > 0 && ms(top1 - top0) >= 20) {
    let best = -1;
    for (const hz of candidates) {
      const m = magnitudeAt(samples, top0, top1, hz, options.sampleRate);
      if (m > best) [best, fundamentalHz] = [m, hz];
    }
  }
  return {
    riseAtMs,
    fallAtMs,
    riseTimeMs: riseAtMs[2]! - riseAtMs[0]!,
    fallTimeMs: fallAtMs[0]! - fallAtMs[2]!,
    peak,
    plateauDip: top1 >= top0 ? dip / peak : 0,
    fundamentalHz,
  };
}

/** Pulse duration read at MEASURING_LEVELS[level], ms. */
export function durationMs(p: MeasuredPulse, level: number): number {
  return p.fallAtMs[level]! - p.riseAtMs[level]!;
}

/** Silence from one pulse to the next, read at MEASURING_LEVELS[level], ms. */
export function spacingMs(a: MeasuredPulse, b: MeasuredPulse, level: number): number {
  return b.riseAtMs[level]! - a.fallAtMs[level]!;
}

/** Splits pulses into bursts wherever the silence between two (at 50 %) exceeds `gapMs`. */
export function groupIntoBursts(pulses: readonly MeasuredPulse[], gapMs: number): MeasuredPulse[][] {
  const bursts: MeasuredPulse[][] = [];
  pulses.forEach((p, i) => {
    if (i === 0 || spacingMs(pulses[i - 1]!, p, 1) > gapMs) bursts.push([p]);
    else bursts[bursts.length - 1]!.push(p);
  });
  return bursts;
}
