import type { Trend } from '../../../shared/disclosure/review-schemas';

export const TABLE_KINDS = ['hr', 'spo2', 'pulseRate', 'rr', 'temp'] as const;

export interface TrendTableRow {
  /** Start of the interval, epoch ms. */
  at: number;
  /** Mean of the interval's valid values per kind, or null (no data: never filled in from a neighbour). */
  values: Record<(typeof TABLE_KINDS)[number], number | null>;
  nibp: string | null;
}

/** The table beside the graphs: minute rows merged into intervals of `minutes`, newest first. */
export function trendTable(trend: Trend, minutes: number): TrendTableRow[] {
  const rows = new Map<number, { sums: Record<string, [number, number]>; nibp: string | null }>();
  const interval = minutes * 60_000;
  for (const m of trend.minutes) {
    const at = Math.floor((m.minute * 60_000) / interval) * interval;
    const row = rows.get(at) ?? { sums: {}, nibp: null };
    for (const [kind, [mean, , , n]] of Object.entries(m.values)) {
      const s = (row.sums[kind] ??= [0, 0]);
      s[0] += mean * n;
      s[1] += n;
    }
    rows.set(at, row);
  }
  for (const r of trend.nibp) {
    const at = Math.floor(r.at / interval) * interval;
    const row = rows.get(at) ?? { sums: {}, nibp: null };
    row.nibp = `${r.sys ?? '-'}/${r.dia ?? '-'} (${r.mean ?? '-'})`;
    rows.set(at, row);
  }
  return [...rows.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([at, row]) => ({
      at,
      nibp: row.nibp,
      values: Object.fromEntries(TABLE_KINDS.map((k) => [k, row.sums[k] && row.sums[k][1] > 0 ? row.sums[k][0] / row.sums[k][1] : null])) as TrendTableRow['values'],
    }));
}
