import { describe, expect, it } from 'vitest';
import { percentile, weightedPercentile } from './percentile';

describe('percentile', () => {
  it('takes the nearest rank of an ascending array', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([], 99)).toBeNaN();
  });
});

describe('weightedPercentile', () => {
  it('equals the plain percentile when every weight is 1', () => {
    const values = [5, 1, 9, 3, 7, 2, 8, 4, 6, 10];
    for (const p of [10, 50, 90, 99, 100]) {
      expect(weightedPercentile(values.map((value) => ({ value, weight: 1 })), p)).toBe(percentile([...values].sort((a, b) => a - b), p));
    }
  });

  it('counts ten bursts weighted 1/10 as the one burst of a pooled run', () => {
    // 1,000 singles at 30 ms and ten bursts of 64: one burst slow (60 ms), nine at 40 ms.
    const singles = Array.from({ length: 1000 }, () => ({ value: 30, weight: 1 }));
    const bursts = Array.from({ length: 10 }, (_, b) => Array.from({ length: 64 }, () => ({ value: b === 0 ? 60 : 40, weight: 1 / 10 }))).flat();
    // Pooled equivalently: ten runs of 1,000 singles and one of the bursts each.
    const pooled = [...Array.from({ length: 10_000 }, () => 30), ...Array.from({ length: 64 }, () => 60), ...Array.from({ length: 576 }, () => 40)].sort((a, b) => a - b);
    expect(weightedPercentile([...singles, ...bursts], 99)).toBe(percentile(pooled, 99));
    expect(weightedPercentile([...singles, ...bursts], 99)).toBe(40);
    // Unweighted, the ten bursts are 39 % of the alarms and the slow one sets the p99.
    expect(percentile([...singles, ...bursts].map((v) => v.value).sort((a, b) => a - b), 99)).toBe(60);
  });

  it('keeps a value that alone holds more than 1 % of the weight in the p99', () => {
    const values = [...Array.from({ length: 98 }, () => ({ value: 1, weight: 1 })), { value: 100, weight: 2 }];
    expect(weightedPercentile(values, 99)).toBe(100);
  });

  it('ignores zero weights and answers NaN for nothing', () => {
    expect(weightedPercentile([{ value: 99, weight: 0 }, { value: 1, weight: 1 }], 100)).toBe(1);
    expect(weightedPercentile([], 50)).toBeNaN();
  });
});
