import type { BeatTrain } from './beats';
import type { Rng } from './prng';

/**
 * ECG (lead II-like) in mV, built as a sum of gaussians per beat placed
 * relative to its R peak: the usual synthetic-ECG approach, cheap enough for
 * 64 beds at 250 Hz and recognisable to a nurse.
 */

interface Wave {
  /** Centre relative to the R peak, s. */
  at: number;
  /** Peak height as a fraction of the R wave. */
  height: number;
  /** Gaussian sd, s. */
  width: number;
  /** Repolarisation (T) stretches with the cycle; depolarisation does not. */
  scalesWithQt: boolean;
}

const WAVES: readonly Wave[] = [
  { at: -0.028, height: -0.09, width: 0.009, scalesWithQt: false }, // Q
  { at: 0, height: 1, width: 0.01, scalesWithQt: false }, // R
  { at: 0.03, height: -0.22, width: 0.01, scalesWithQt: false }, // S
  { at: 0.28, height: 0.27, width: 0.05, scalesWithQt: true }, // T
];
const P_HEIGHT = 0.11;
const P_WIDTH = 0.022;
// A beat has no visible ink outside this window around its R peak.
const WINDOW_BEFORE_MS = 350;
const WINDOW_AFTER_MS = 700;
const NOISE_MV = 0.012;
/** With the electrodes off the amplifier still shows a little hiss, not a ruler-straight line. */
const LEAD_OFF_NOISE_MV = 0.003;

export interface EcgMorphology {
  /** R-wave height, mV. */
  gainMv: number;
  /** Phase of the slow baseline wander (radians), so beds do not wander in step. */
  wanderPhase: number;
}

/** Bazett: QT grows with the square root of RR (in s), bounded to plausible rates. */
function qtScale(rrMs: number): number {
  return Math.sqrt(Math.min(1.6, Math.max(0.3, rrMs / 1000)));
}

/** The PR interval shortens a little as the rate rises. */
function pWaveAt(rrMs: number): number {
  return -(0.12 + 0.04 * Math.min(1, rrMs / 1000));
}

function gaussian(dt: number, at: number, width: number): number {
  const z = (dt - at) / width;
  return z > 4 || z < -4 ? 0 : Math.exp(-0.5 * z * z);
}

/** Noise-free ECG at `t` (ms since start) from the beats around it. */
export function ecgAt(t: number, beats: BeatTrain, morphology: EcgMorphology): number {
  let sum = 0;
  for (let i = beats.newest; i >= beats.oldest; i--) {
    const dtMs = t - beats.peakAt(i);
    if (dtMs < -WINDOW_BEFORE_MS) continue;
    if (dtMs > WINDOW_AFTER_MS) break;
    const rr = beats.intervalBefore(i);
    const dt = dtMs / 1000;
    const qt = qtScale(rr);
    let beat = P_HEIGHT * gaussian(dt, pWaveAt(rr), P_WIDTH);
    for (const wave of WAVES) {
      beat += wave.scalesWithQt ? wave.height * gaussian(dt, wave.at * qt, wave.width * qt) : wave.height * gaussian(dt, wave.at, wave.width);
    }
    sum += beat;
  }
  return sum * morphology.gainMv + baselineWander(t, morphology.wanderPhase);
}

/** Breathing and electrode drift move the baseline slowly; two incommensurate sines look organic. */
function baselineWander(t: number, phase: number): number {
  const s = t / 1000;
  return 0.04 * Math.sin(2 * Math.PI * 0.21 * s + phase) + 0.025 * Math.sin(2 * Math.PI * 0.047 * s + 2 * phase);
}

/**
 * Adds per-sample noise. Exactly one draw per sample, lead off or not, so the
 * noise a sample gets depends only on its index, never on how the time was
 * cut into ticks or on when a lead came off.
 */
export class EcgSynth {
  constructor(
    private readonly noise: Rng,
    private readonly morphology: EcgMorphology,
  ) {}

  sample(t: number, beats: BeatTrain, leadOff: boolean): number {
    const n = this.noise.gaussian();
    return leadOff ? n * LEAD_OFF_NOISE_MV : ecgAt(t, beats, this.morphology) + n * NOISE_MV;
  }
}
