import { describe, expect, it } from 'vitest';
import { isFresh } from '../../../shared/domain/freshness';

describe('isFresh (the no-data rule)', () => {
  it('is fresh up to and including the timeout', () => {
    expect(isFresh(10_000, 15_000, 5000)).toBe(true);
    expect(isFresh(10_000, 15_001, 5000)).toBe(false);
  });
  it('treats never-received as not fresh (unknown is unsafe)', () => {
    expect(isFresh(null, 0, 5000)).toBe(false);
    expect(isFresh(Number.NaN, 0, 5000)).toBe(false);
  });
  it('does not trust a timestamp far in the future', () => {
    expect(isFresh(100_000, 10_000, 5000)).toBe(false);
    expect(isFresh(10_500, 10_000, 5000)).toBe(true);
  });
});
