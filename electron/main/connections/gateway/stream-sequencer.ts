import { STATE_STREAMS, STREAMS, type StreamName, type StreamSeqs } from '../../../../shared/protocol/streams';

export type SequenceVerdict = 'next' | 'stale' | 'gap' | 'unsynced';

/**
 * Checks the sequence numbers of one connection's streams. It knows nothing
 * until a snapshot says where each stream stands (`synced`); from then on
 * every message must be exactly last + 1. A gap moves the stream to the
 * received number (the caller resyncs, or for waveforms counts the hole),
 * an old or repeated number is reported stale and the message dropped.
 */
export class StreamSequencer {
  private last: StreamSeqs | null = null;

  get synced(): boolean {
    return this.last !== null;
  }

  /** A snapshot arrived: it reflects everything up to `seqs`. */
  sync(seqs: StreamSeqs): void {
    this.last = { ...seqs };
  }

  /** A new connection: numbering starts over and is unknown until its snapshot. */
  unsync(): void {
    this.last = null;
  }

  check(stream: StreamName, seq: number): SequenceVerdict {
    const last = this.last;
    if (last === null) return 'unsynced';
    const expected = last[stream] + 1;
    if (seq < expected) return 'stale';
    last[stream] = seq;
    return seq === expected ? 'next' : 'gap';
  }

  /**
   * A heartbeat's view of the streams: a state stream that is ahead of what
   * we received lost its tail (nothing followed to reveal the gap). Returns
   * those streams; the waveform stream is left to the frames themselves.
   */
  behind(seqs: StreamSeqs): StreamName[] {
    const last = this.last;
    if (last === null) return [];
    return STATE_STREAMS.filter((s) => seqs[s] > last[s]);
  }

  position(): StreamSeqs | null {
    return this.last ? { ...this.last } : null;
  }
}

export { STREAMS };
