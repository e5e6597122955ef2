/**
 * Seeded randomness for the simulator. A unit must replay exactly from its
 * seed (tests, trainers repeating a scenario), so nothing here touches
 * Math.random, and every independent source of noise gets its own stream:
 * drawing from one stream can then never shift the numbers another sees.
 */

/** murmur3's finaliser: cheap, and flips about half the output bits per input bit. */
function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Combines integers (unit seed, bed index, stream id, ...) into a 32-bit seed.
 * Neighbouring inputs (bed 1 vs bed 2) must give unrelated streams, which a
 * plain sum or xor would not.
 */
export function deriveSeed(...parts: readonly number[]): number {
  let h = 0x2545f491;
  for (const part of parts) h = fmix32((h ^ fmix32((part >>> 0) + 0x9e3779b9)) + 0x632be5ab);
  return h;
}

export class Rng {
  private state: number;
  // Box-Muller yields pairs; keeping the second one is part of the stream state.
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: uniform in [0, 1), 2^32 period, plenty for physiological noise. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  between(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal deviate. */
  gaussian(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    // 1 - next() is in (0, 1], so the log is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    const angle = 2 * Math.PI * this.next();
    this.spare = radius * Math.sin(angle);
    this.hasSpare = true;
    return radius * Math.cos(angle);
  }

  /** Normal deviate with the tails cut off, for quantities that must stay plausible. */
  boundedGaussian(sd: number, limit: number): number {
    const value = this.gaussian() * sd;
    return value > limit ? limit : value < -limit ? -limit : value;
  }
}
