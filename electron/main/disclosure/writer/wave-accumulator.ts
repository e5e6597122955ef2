import { CHANNEL_CODE, SAMPLE_RATE_HZ, type WaveformChannel } from '../../../../shared/domain/channel';
import { SEGMENT_FLAG_LEAD_OFF, type WaveformSegment } from '../../../../shared/waveform/frame';
import { BLOCK_MS } from '../../../../shared/disclosure/disclosure-limits';
import { BLOCK_FLAG_LEAD_OFF } from './block-codec';

/** A block being filled: contiguous samples of one bed and channel within one BLOCK_MS window. */
export interface OpenBlock {
  bedIndex: number;
  channel: WaveformChannel;
  /** Record time of samples[0] (record-time.ts). */
  t0: number;
  samples: Float32Array;
  count: number;
  flags: number;
  /** Record time of the last samples added: a stream that stopped is closed by arrival, whatever its source's clock says. */
  lastAddedAt: number;
}

export type ClosedBlockSink = (block: { bedIndex: number; channel: WaveformChannel; t0: number; samples: Float32Array; flags: number }) => void;

const PERIOD_MS: Readonly<Record<WaveformChannel, number>> = {
  ecg: 1000 / SAMPLE_RATE_HZ.ecg,
  pleth: 1000 / SAMPLE_RATE_HZ.pleth,
  resp: 1000 / SAMPLE_RATE_HZ.resp,
};

/**
 * Cuts each bed's waveform stream into blocks on record time. A block holds
 * contiguous samples only and never crosses a BLOCK_MS boundary of the time
 * axis, so a query for [from, to) needs exactly the blocks with t0 in
 * (from − BLOCK_MS, to). A segment that does not continue the open block
 * where it should (a gap: no data, a dropped frame, the sender's offset
 * moved) closes it and starts another: a gap in the record is a gap.
 *
 * A stream never goes back over itself: a segment placed before the end of
 * what the stream already holds (its sender's clock went back and is not
 * yet confirmed, a sender repeating itself) continues the stream at its end
 * instead; `add` says by how much it was moved. So the blocks of one bed
 * and channel never overlap, and a strip never draws two signals at once.
 */
export class WaveAccumulator {
  private readonly open = new Map<number, OpenBlock>();
  /** Record time just after each stream's last sample (written or open). */
  private readonly ends = new Map<number, number>();
  /** Where this run's record time starts: no stream goes before it (the store holds earlier runs). */
  private floor = -Infinity;

  constructor(private readonly sink: ClosedBlockSink) {}

  /** Adds a segment whose first sample is at record time `start`; returns how far it had to be moved later (0 normally). */
  add(segment: WaveformSegment, start: number, recordNow: number): number {
    const period = PERIOD_MS[segment.channel];
    const key = segment.bedIndex * 4 + CHANNEL_CODE[segment.channel];
    const end = this.ends.get(key) ?? this.floor;
    const moved = start < end - period / 2 ? end - start : 0;
    const first = start + moved;
    this.ends.set(key, first + segment.samples.length * period);
    let i = 0;
    while (i < segment.samples.length) {
      const t = first + i * period;
      let block = this.open.get(key);
      if (block && Math.abs(block.t0 + block.count * period - t) > period / 2) {
        this.close(key, block);
        block = undefined;
      }
      if (!block) {
        block = { bedIndex: segment.bedIndex, channel: segment.channel, t0: t, samples: new Float32Array(Math.ceil((BLOCK_MS / 1000) * SAMPLE_RATE_HZ[segment.channel]) + 1), count: 0, flags: 0, lastAddedAt: recordNow };
        this.open.set(key, block);
      }
      const windowEnd = (Math.floor(block.t0 / BLOCK_MS) + 1) * BLOCK_MS;
      // A fresh block always takes its first sample, whatever float rounding says about the boundary.
      const fit = Math.max(block.count === 0 ? 1 : 0, Math.ceil((windowEnd - t) / period - 1e-6));
      const n = Math.min(segment.samples.length - i, fit, block.samples.length - block.count);
      if (n === 0) {
        this.close(key, block);
        continue;
      }
      block.samples.set(segment.samples.subarray(i, i + n), block.count);
      block.count += n;
      block.lastAddedAt = recordNow;
      if ((segment.flags & SEGMENT_FLAG_LEAD_OFF) !== 0) block.flags |= BLOCK_FLAG_LEAD_OFF;
      i += n;
      // The window is full when the next sample would fall at or past its end (a float's rounding aside: not half a
      // period early, which cut a one-sample block off a stream whose samples fall late in their period).
      if (block.t0 + block.count * period >= windowEnd - 1e-6 || block.count === block.samples.length) this.close(key, block);
    }
    return moved;
  }

  /** A run begins at record time `t`: streams start afresh, none before it. */
  startAfter(t: number): void {
    this.floor = t;
    this.ends.clear();
  }

  /** Forgets every open block unwritten (they were placed on a record time that is given up). */
  discardAll(): void {
    this.open.clear();
  }

  /** Closes every open block (the station stops): what was received is written. */
  closeAll(): void {
    for (const [key, block] of [...this.open]) this.close(key, block);
  }

  /** Closes the blocks of streams that stopped: nothing arrived since `before` (record time). */
  closeStale(before: number): void {
    for (const [key, block] of [...this.open]) {
      if (block.lastAddedAt < before) this.close(key, block);
    }
  }

  /** Copies of the open (not yet written) blocks of one bed, for a strip that reaches the present. */
  tails(bedIndex: number): Array<{ channel: WaveformChannel; t0: number; samples: Float32Array; flags: number }> {
    const out = [];
    for (const block of this.open.values()) {
      if (block.bedIndex === bedIndex && block.count > 0) out.push({ channel: block.channel, t0: block.t0, samples: block.samples.slice(0, block.count), flags: block.flags });
    }
    return out;
  }

  get openBlocks(): number {
    return this.open.size;
  }

  private close(key: number, block: OpenBlock): void {
    this.open.delete(key);
    if (block.count > 0) this.sink({ bedIndex: block.bedIndex, channel: block.channel, t0: block.t0, samples: block.samples.slice(0, block.count), flags: block.flags });
  }
}
