import type { WaveformChannel } from '../../../shared/domain/channel';
import { SAMPLE_RATE_HZ } from '../../../shared/domain/channel';

/**
 * Vertical scaling of one trace: maps a sample value to -1 (bottom of its
 * band) … +1 (top). Values outside the range are clamped so a spike or an
 * artifact never scribbles over the neighbouring trace.
 */
export interface TraceScale {
  /** Lets an adaptive scale learn from a sample, in time order. */
  observe(value: number): void;
  /** Value → position in the band, clamped to [-1, 1]. */
  toUnit(value: number): number;
  /** Forget what was learned (trace restarted, possibly another patient). */
  reset(): void;
  /** How much history the scale wants to be primed with after a restart, in ms. */
  readonly windowMs: number;
}

const clampUnit = (u: number): number => (u > 1 ? 1 : u < -1 ? -1 : u);

/**
 * ECG is shown at a fixed gain, as on a bedside monitor: amplitude itself is
 * clinical information (low voltage, ST changes), so it must not be
 * normalised away. ±halfRangeMv fills the band (±1.5 mV ≈ the familiar
 * 10 mm/mV look on a tile-sized band).
 */
export class FixedGainScale implements TraceScale {
  readonly windowMs = 0;
  constructor(readonly halfRangeMv = 1.5) {}
  observe(): void {}
  toUnit(value: number): number {
    return clampUnit(value / this.halfRangeMv);
  }
  reset(): void {}
}

export interface AutoGainOptions {
  /** How far back the range looks. Long enough to span a few beats/breaths. */
  windowMs: number;
  sampleRateHz: number;
  /**
   * Smallest range ever stretched over the band, in the channel's units, so a
   * flat line is drawn flat rather than as amplified noise. Depends on the
   * feed's units; the default only guards against division by zero.
   */
  minSpan?: number;
  /** Fraction of the range added above and below so peaks do not touch the band edge. */
  headroom?: number;
}

/**
 * Pleth and resp have no meaningful absolute amplitude on a central station,
 * so, like a monitor, they are auto-gained to fill their band. The range is
 * the min/max over the recent window, tracked in blocks (window / 8) so the
 * cost is O(1) per sample and the gain changes a few times a second at most
 * instead of wobbling with every sample.
 */
export class AutoGainScale implements TraceScale {
  private static readonly BLOCKS = 8;
  readonly windowMs: number;
  private readonly samplesPerBlock: number;
  private readonly minSpan: number;
  private readonly headroom: number;
  private readonly blockMin = new Float64Array(AutoGainScale.BLOCKS);
  private readonly blockMax = new Float64Array(AutoGainScale.BLOCKS);
  private completedBlocks = 0;
  private nextBlock = 0;
  private curMin = Infinity;
  private curMax = -Infinity;
  private curCount = 0;
  /** The range in use. */
  private lo = -1;
  private hi = 1;

  constructor(options: AutoGainOptions) {
    this.windowMs = options.windowMs;
    this.samplesPerBlock = Math.max(1, Math.round((options.windowMs / 1000) * options.sampleRateHz / AutoGainScale.BLOCKS));
    this.minSpan = options.minSpan ?? 1e-6;
    this.headroom = options.headroom ?? 0.08;
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    if (value < this.curMin) this.curMin = value;
    if (value > this.curMax) this.curMax = value;
    this.curCount++;
    if (this.curCount >= this.samplesPerBlock) {
      this.blockMin[this.nextBlock] = this.curMin;
      this.blockMax[this.nextBlock] = this.curMax;
      this.nextBlock = (this.nextBlock + 1) % AutoGainScale.BLOCKS;
      this.completedBlocks = Math.min(AutoGainScale.BLOCKS, this.completedBlocks + 1);
      this.curMin = Infinity;
      this.curMax = -Infinity;
      this.curCount = 0;
      this.updateRange();
    } else if (this.completedBlocks === 0) {
      // Nothing learned yet (just started): follow the first block as it fills
      // so the very first beat is already drawn at a sensible size.
      this.setRange(this.curMin, this.curMax);
    }
  }

  toUnit(value: number): number {
    return clampUnit(((value - this.lo) / (this.hi - this.lo)) * 2 - 1);
  }

  reset(): void {
    this.completedBlocks = 0;
    this.nextBlock = 0;
    this.curMin = Infinity;
    this.curMax = -Infinity;
    this.curCount = 0;
    this.lo = -1;
    this.hi = 1;
  }

  private updateRange(): void {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < this.completedBlocks; i++) {
      min = Math.min(min, this.blockMin[i] ?? Infinity);
      max = Math.max(max, this.blockMax[i] ?? -Infinity);
    }
    this.setRange(min, max);
  }

  private setRange(min: number, max: number): void {
    if (!(min <= max)) return;
    let span = max - min;
    if (span < this.minSpan) {
      const mid = (min + max) / 2;
      span = this.minSpan;
      min = mid - span / 2;
    }
    this.lo = min - span * this.headroom;
    this.hi = min + span + span * this.headroom;
  }
}

/** Per-channel defaults: pleth sees a few pulses in 3 s; resp needs ~10 s to see two or three breaths. */
export function createTraceScale(channel: WaveformChannel): TraceScale {
  switch (channel) {
    case 'ecg':
      return new FixedGainScale(1.5);
    case 'pleth':
      return new AutoGainScale({ windowMs: 3000, sampleRateHz: SAMPLE_RATE_HZ.pleth });
    case 'resp':
      return new AutoGainScale({ windowMs: 10000, sampleRateHz: SAMPLE_RATE_HZ.resp });
  }
}
