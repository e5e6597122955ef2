import type { Rng } from './prng';

/**
 * The heartbeat clock shared by the ECG (R peak) and the pleth (pulse after
 * the transit time). Times are ms since the unit's start.
 *
 * Each R peak is projected one RR interval after the previous one from the
 * heart rate current when it is scheduled (a phase accumulator stepped a whole
 * beat at a time). Beats are kept at least one beat ahead of the samples being
 * drawn, because a beat's P wave is drawn ~150 ms *before* its R peak.
 */

// Enough for the HR average (13 past beats) plus the beats ahead of one
// numerics period at the fastest plausible rate, with room to spare.
const CAPACITY = 32;
/** Beats laid down before t = 0 so HR is measurable from the first numerics tick. */
const HISTORY_BEATS = 14;
const MIN_RATE_BPM = 15;
/** Beat-to-beat variability as a fraction of RR: zero-mean, so the mean rate is the set rate. */
const RR_VARIABILITY_SD = 0.015;
const RR_VARIABILITY_LIMIT = 0.045;

export class BeatTrain {
  private readonly peaks = new Float64Array(CAPACITY);
  private readonly intervals = new Float64Array(CAPACITY);
  private total = 0;

  constructor(
    private readonly rng: Rng,
    initialRateBpm: number,
  ) {
    const rr = rrFor(initialRateBpm);
    this.push(-(HISTORY_BEATS + rng.next()) * rr, rr);
    this.scheduleThrough(0, initialRateBpm);
  }

  /**
   * Ensures the beat after the one following `t` is known, so everything
   * drawn up to `t` (P wave included) can be computed.
   */
  scheduleThrough(t: number, rateBpm: number): void {
    while (this.total < 2 || this.peakAt(this.total - 2) <= t) {
      const rr = rrFor(rateBpm) * (1 + this.rng.boundedGaussian(RR_VARIABILITY_SD, RR_VARIABILITY_LIMIT));
      this.push(this.peakAt(this.total - 1) + rr, rr);
    }
  }

  /** Index of the newest scheduled beat; indices only grow. */
  get newest(): number {
    return this.total - 1;
  }

  /** Oldest index still held. */
  get oldest(): number {
    return Math.max(0, this.total - CAPACITY);
  }

  /** R-peak time of beat `index` (must be within [oldest, newest]). */
  peakAt(index: number): number {
    return this.peaks[index % CAPACITY] ?? 0;
  }

  /** RR interval preceding beat `index`: what QT and pulse width scale with. */
  intervalBefore(index: number): number {
    return this.intervals[index % CAPACITY] ?? 0;
  }

  /**
   * Rate of the beats that have actually happened by `t`, from the mean of up
   * to `maxIntervals` RR intervals, the way a monitor averages. Null if fewer
   * than two beats are known.
   */
  measuredRate(t: number, maxIntervals: number): number | null {
    let last = this.newest;
    while (last >= this.oldest && this.peakAt(last) > t) last--;
    const n = Math.min(maxIntervals, last - this.oldest);
    if (n < 1) return null;
    return (60_000 * n) / (this.peakAt(last) - this.peakAt(last - n));
  }

  /** Moves every beat later by `ms`: used when a long clock jump is skipped rather than synthesised. */
  shift(ms: number): void {
    for (let i = 0; i < CAPACITY; i++) this.peaks[i] = (this.peaks[i] ?? 0) + ms;
  }

  private push(peak: number, interval: number): void {
    this.peaks[this.total % CAPACITY] = peak;
    this.intervals[this.total % CAPACITY] = interval;
    this.total++;
  }
}

function rrFor(rateBpm: number): number {
  return 60_000 / Math.max(rateBpm, MIN_RATE_BPM);
}
