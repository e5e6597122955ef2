import type { Rng } from './prng';

/**
 * Impedance respiration, normalised to roughly 0..1 with end-expiration at
 * the bottom. A phase accumulator advanced once per sample at the current
 * respiratory rate: rate changes bend the wave smoothly instead of jumping.
 */

/** Inspiration takes ~40 % of the cycle (I:E ≈ 1:1.5). */
const INSPIRATION_FRACTION = 0.4;
const FLOOR = 0.1;
const SPAN = 0.8;
const NOISE = 0.004;

export class RespSynth {
  private phase = 0;
  /** Rate of the breath in progress, so one that started before apnea still finishes. */
  private breathRate = 0;
  private depth: number;

  constructor(
    private readonly rng: Rng,
    private readonly meanDepth: number,
    initialPhase: number,
  ) {
    this.phase = initialPhase;
    this.depth = this.nextDepth();
  }

  /** Value of the next sample, `periodMs` after the previous one, at `rateRpm` breaths/min. */
  sample(rateRpm: number, periodMs: number): number {
    if (rateRpm > 0) this.breathRate = rateRpm;
    // Apnea (rate 0): the breath in progress runs out, then the trace stays flat at end-expiration.
    const moving = rateRpm > 0 || this.phase > 0;
    if (moving) {
      this.phase += (this.breathRate * periodMs) / 60_000;
      if (this.phase >= 1) {
        this.phase = rateRpm > 0 ? this.phase - 1 : 0;
        this.depth = this.nextDepth();
      }
    }
    return FLOOR + SPAN * this.depth * breathShape(this.phase) + this.rng.gaussian() * NOISE;
  }

  private nextDepth(): number {
    // Tidal volume varies a little breath to breath.
    return this.meanDepth * (1 + this.rng.boundedGaussian(0.06, 0.15));
  }
}

/** 0 at end-expiration, 1 at end-inspiration. Expiration is passive: quick at first, then slow. */
export function breathShape(phase: number): number {
  if (phase < INSPIRATION_FRACTION) return 0.5 - 0.5 * Math.cos((Math.PI * phase) / INSPIRATION_FRACTION);
  const x = (phase - INSPIRATION_FRACTION) / (1 - INSPIRATION_FRACTION);
  return 0.5 + 0.5 * Math.cos(Math.PI * Math.sqrt(x));
}
