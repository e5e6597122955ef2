import { describe, expect, it } from 'vitest';
import { deriveSeed, Rng } from '../../../../electron/main/simulator/prng';

describe('prng', () => {
  it('replays from its seed', () => {
    const a = new Rng(123);
    const b = new Rng(123);
    const xs = Array.from({ length: 100 }, () => [a.next(), a.gaussian()]);
    expect(Array.from({ length: 100 }, () => [b.next(), b.gaussian()])).toEqual(xs);
  });

  it('gives uniform values in [0, 1) and standard normal deviates', () => {
    const rng = new Rng(7);
    const u = Array.from({ length: 20_000 }, () => rng.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(u.reduce((a, b) => a + b) / u.length).toBeCloseTo(0.5, 1);
    const g = Array.from({ length: 20_000 }, () => rng.gaussian());
    const mean = g.reduce((a, b) => a + b) / g.length;
    const sd = Math.sqrt(g.reduce((a, b) => a + (b - mean) ** 2, 0) / g.length);
    expect(mean).toBeCloseTo(0, 1);
    expect(sd).toBeCloseTo(1, 1);
    const bounded = Array.from({ length: 1000 }, () => rng.boundedGaussian(2, 1));
    expect(Math.max(...bounded.map(Math.abs))).toBeLessThanOrEqual(1);
  });

  it('derives unrelated 32-bit seeds from neighbouring inputs', () => {
    const seeds = Array.from({ length: 64 }, (_, bed) => deriveSeed(1, bed, 3));
    expect(new Set(seeds).size).toBe(64);
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true);
    expect(deriveSeed(1, 2, 3)).toBe(deriveSeed(1, 2, 3));
    expect(deriveSeed(1, 2, 3)).not.toBe(deriveSeed(1, 3, 2));
    expect(new Rng(deriveSeed(1, 0)).next()).not.toBe(new Rng(deriveSeed(1, 1)).next());
  });
});
