import type { BeatTrain } from './beats';
import type { Rng } from './prng';

/**
 * Plethysmogram, normalised to roughly 0..1. One pulse per heartbeat whose
 * systolic peak arrives a pulse-transit time after the R peak, so the pleth
 * visibly lags the ECG as it does at the bedside.
 */

// Floor and span keep the trace inside 0..1 even where pulses overlap.
const FLOOR = 0.08;
const SPAN = 0.8;
const NOISE = 0.003;
// Pulse support around its systolic peak at the widest shape (scale 1.15).
const WINDOW_BEFORE_MS = 350;
const WINDOW_AFTER_MS = 700;

export interface PlethShape {
  /** R peak to systolic peak, ms. */
  transitMs: number;
  /** Relative pulse height (perfusion), ~0.8..1. */
  amplitude: number;
}

/**
 * One pulse at `tau` s from its systolic peak: a fast upstroke, a slower fall
 * into the dicrotic notch, then the diastolic (reflected) wave. The whole
 * shape narrows as RR shortens so pulses at 150 bpm do not smear together.
 */
export function plethPulse(tau: number, rrMs: number): number {
  const c = Math.min(1.15, Math.max(0.45, rrMs / 850));
  const systolic = tau < 0 ? bell(tau, 0, 0.07 * c) : bell(tau, 0, 0.085 * c);
  const diastolic = 0.42 * bell(tau, 0.29 * c, 0.075 * c);
  return systolic + diastolic;
}

function bell(x: number, at: number, width: number): number {
  const z = (x - at) / width;
  return z > 4 || z < -4 ? 0 : Math.exp(-0.5 * z * z);
}

/** Noise-free pleth at `t` (ms since start). */
export function plethAt(t: number, beats: BeatTrain, shape: PlethShape): number {
  let sum = 0;
  for (let i = beats.newest; i >= beats.oldest; i--) {
    const dtMs = t - (beats.peakAt(i) + shape.transitMs);
    if (dtMs < -WINDOW_BEFORE_MS) continue;
    if (dtMs > WINDOW_AFTER_MS) break;
    sum += plethPulse(dtMs / 1000, beats.intervalBefore(i));
  }
  return FLOOR + SPAN * shape.amplitude * sum;
}

/** One noise draw per sample, so a sample's value never depends on tick boundaries. */
export class PlethSynth {
  constructor(
    private readonly noise: Rng,
    private readonly shape: PlethShape,
  ) {}

  sample(t: number, beats: BeatTrain): number {
    return plethAt(t, beats, this.shape) + this.noise.gaussian() * NOISE;
  }
}
