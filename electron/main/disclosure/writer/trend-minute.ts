import type { NumericKind } from '../../../../shared/domain/numeric';
import { BlockEncoding, CorruptBlockError, open, seal, type BlockKey } from './block-codec';

/** The continuous numerics the trend view shows (NIBP is kept as discrete readings). */
export const TREND_KINDS: ReadonlySet<NumericKind> = new Set(['hr', 'spo2', 'pulseRate', 'rr', 'temp']);

/** One kind over one minute: valid values only; `invalid` counts reports of "no valid value". */
export interface KindAggregate {
  n: number;
  sum: number;
  min: number;
  max: number;
  last: number;
  lastAt: number;
  invalid: number;
}

export type TrendMinute = Partial<Record<NumericKind, KindAggregate>>;

export function emptyMinute(): TrendMinute {
  return {};
}

export function addToMinute(minute: TrendMinute, kind: NumericKind, value: number | null, at: number): void {
  const a = (minute[kind] ??= { n: 0, sum: 0, min: Infinity, max: -Infinity, last: Number.NaN, lastAt: -Infinity, invalid: 0 });
  if (value === null) {
    a.invalid++;
    return;
  }
  a.n++;
  a.sum += value;
  a.min = Math.min(a.min, value);
  a.max = Math.max(a.max, value);
  if (at >= a.lastAt) {
    a.last = value;
    a.lastAt = at;
  }
}

export function mergeMinutes(into: TrendMinute, from: TrendMinute): TrendMinute {
  for (const [kind, b] of Object.entries(from) as Array<[NumericKind, KindAggregate]>) {
    const a = into[kind];
    if (!a) {
      into[kind] = { ...b };
      continue;
    }
    a.n += b.n;
    a.sum += b.sum;
    a.min = Math.min(a.min, b.min);
    a.max = Math.max(a.max, b.max);
    a.invalid += b.invalid;
    if (b.lastAt >= a.lastAt) {
      a.last = b.last;
      a.lastAt = b.lastAt;
    }
  }
  return into;
}

/** Trend minutes carry a checksum like every block (keyed in a channel number no block uses). */
export function encodeMinute(key: BlockKey, minute: TrendMinute): Buffer {
  const json = JSON.stringify(minute, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
  return seal(key, BlockEncoding.trend, 0, Object.keys(minute).length, Buffer.from(json, 'utf8'));
}

export function decodeMinute(key: BlockKey, blob: Uint8Array): TrendMinute {
  const { encoding, payload } = open(key, blob);
  if (encoding !== BlockEncoding.trend) throw new CorruptBlockError(key, `encoding ${encoding} is not a trend minute`);
  try {
    const parsed = JSON.parse(payload.toString('utf8')) as Record<string, Record<string, number | null>>;
    const minute: TrendMinute = {};
    for (const [kind, a] of Object.entries(parsed)) {
      minute[kind as NumericKind] = {
        n: a['n'] ?? 0,
        sum: a['sum'] ?? 0,
        min: a['min'] ?? Infinity,
        max: a['max'] ?? -Infinity,
        last: a['last'] ?? Number.NaN,
        lastAt: a['lastAt'] ?? -Infinity,
        invalid: a['invalid'] ?? 0,
      };
    }
    return minute;
  } catch (error) {
    throw new CorruptBlockError(key, `trend minute unreadable (${(error as Error).message})`);
  }
}
