/** The `p`th percentile (0-100) of an ascending array, nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Weighted {
  value: number;
  weight: number;
}

/**
 * The `p`th percentile (0-100) of weighted values, nearest rank: the smallest
 * value at which the cumulative weight reaches p % of the total. With every
 * weight 1 it is `percentile`. Used to read a percentile at a mix other than
 * the one sampled: ten bursts each weighted 1/10 count as the one burst the
 * load profile has, which is the same as pooling ten runs of one burst each.
 */
export function weightedPercentile(values: readonly Weighted[], p: number): number {
  const positive = values.filter((v) => v.weight > 0);
  if (positive.length === 0) return Number.NaN;
  const sorted = [...positive].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, v) => sum + v.weight, 0);
  // Ranks are compared with a tolerance: 1/10 summed ten times is not exactly 1.
  const rank = (p / 100) * total - total * 1e-9;
  let cumulative = 0;
  for (const v of sorted) {
    cumulative += v.weight;
    if (cumulative >= rank) return v.value;
  }
  return sorted.at(-1)!.value;
}
