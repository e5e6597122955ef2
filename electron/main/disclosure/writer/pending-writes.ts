import { CHANNEL_CODE, SAMPLE_RATE_HZ, type WaveformChannel } from '../../../../shared/domain/channel';
import { BLOCK_MS } from '../../../../shared/disclosure/disclosure-limits';
import type { ClockEntry } from '../../../../shared/disclosure/record-time';
import type { NumericEntry } from './numerics-codec';
import type { RecordedAlarmEvent } from './recorder-protocol';
import { NUMERICS_CHANNEL } from './store';
import type { TrendMinute } from './trend-minute';

/** What the recorder has to write, queued until its commit (recorder-core.ts). */
export type PendingWrite =
  | { kind: 'wave'; bedIndex: number; channel: WaveformChannel; t0: number; samples: Float32Array; flags: number; closedAt: number; blob?: Buffer }
  | { kind: 'numerics'; bedIndex: number; t0: number; entries: NumericEntry[]; closedAt: number; blob?: Buffer }
  | { kind: 'minute'; bedIndex: number; minute: number; aggregate: TrendMinute; merge: boolean }
  | { kind: 'nibp'; bedIndex: number; measuredAt: number; sys: number | null; dia: number | null; mean: number | null }
  | { kind: 'alarm'; event: RecordedAlarmEvent }
  | { kind: 'bed-event'; bedId: string | null; at: number; event: string; detail: string | null }
  | { kind: 'clock'; entry: ClockEntry };

/** Blocks by (window, bed, channel, time) as their rowids order them; everything else after, as it came. */
export function storeOrder(a: PendingWrite, b: PendingWrite): number {
  const key = (w: PendingWrite) => (w.kind === 'wave' ? [Math.floor(w.t0 / BLOCK_MS), w.bedIndex, CHANNEL_CODE[w.channel], w.t0] : w.kind === 'numerics' ? [Math.floor(w.t0 / BLOCK_MS), w.bedIndex, NUMERICS_CHANNEL, w.t0] : null);
  const ka = key(a);
  const kb = key(b);
  if (!ka || !kb) return ka ? -1 : kb ? 1 : 0;
  for (let i = 0; i < 4; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
  return 0;
}

/** The latest record time a pending write puts in the store (a trend minute is keyed, not timed: merged, never overlapped). */
export function latestTimeOf(w: PendingWrite): number {
  switch (w.kind) {
    case 'wave':
      return w.t0 + (w.samples.length * 1000) / SAMPLE_RATE_HZ[w.channel];
    case 'numerics':
      return Math.max(w.t0, ...w.entries.map((e) => e.at));
    case 'nibp':
      return w.measuredAt;
    case 'alarm':
      return w.event.at;
    case 'bed-event':
      return w.at;
    case 'clock':
      return w.entry.from;
    case 'minute':
      return -Infinity;
  }
}
