import type { Numeric } from '../../../../shared/domain/numeric';
import {
  GATEWAY_MESSAGE_TYPES,
  GatewayMessageSchema,
  STREAM_OF,
  type GatewayMessage,
  type HeartbeatMessage,
} from '../../../../shared/protocol/gateway-message';
import { JournalPageSchema, type JournalEntry, type JournalPage } from '../../../../shared/protocol/journal';
import { asBytes, decodeMessage } from '../../../../shared/protocol/json-codec';
import { MAX_MESSAGE_BYTES, MAX_SNAPSHOT_BYTES, MAX_WAVEFORM_FRAME_BYTES } from '../../../../shared/protocol/limits';
import type { StationPresence } from '../../../../shared/protocol/presence';
import { SnapshotSchema, type Snapshot } from '../../../../shared/protocol/snapshot';
import type { StreamName } from '../../../../shared/protocol/streams';
import { decodeWaveformFrame, WaveformFrameError, type WaveformSegment } from '../../../../shared/waveform/frame';
import type { BedIndexMap } from './bed-index-map';
import type { StreamSequencer } from './stream-sequencer';

/** Where valid inbound data goes. Bed indexes here are the station's. */
export interface InboundRoutes {
  /** `sentAt`: the gateway's clock when it sent them (the message's `at`), against which their age is judged. */
  numerics(bedIndex: number, numerics: Numeric[], sentAt: number): void;
  /** One journal entry (an episode's onset or end, an acknowledgement, an escalation), as it was journaled. */
  journal(journalId: string, entry: JournalEntry): void;
  presence(station: StationPresence): void;
  heartbeat(heartbeat: HeartbeatMessage): void;
  waveform(segment: WaveformSegment): void;
  /** A state stream skipped a number: the station's picture may be wrong, resync. */
  gap(stream: StreamName): void;
}

export interface InboundCounters {
  messages: number;
  waveformFrames: number;
  samples: number;
  rejected: number;
  stateGaps: number;
  waveformGaps: number;
  /** Frames that arrived before the connection's first snapshot (no bed map yet): dropped. */
  waveformBeforeSync: number;
}

/**
 * The station's inbound pipeline for one gateway: decode, validate, route.
 * Every message is checked for size, UTF-8, JSON syntax, protocol version,
 * schema and sequence before anything acts on it; a message that fails is
 * rejected with a specific reason (counted per reason by the caller's
 * `reject`) and dropped. Nothing here throws: one bad message can neither
 * crash the station nor stop the valid messages around it.
 */
export class InboundPipeline {
  readonly counters: InboundCounters = { messages: 0, waveformFrames: 0, samples: 0, rejected: 0, stateGaps: 0, waveformGaps: 0, waveformBeforeSync: 0 };

  constructor(
    private readonly routes: InboundRoutes,
    private readonly reject: (reason: string) => void,
    private readonly beds: BedIndexMap,
    private readonly sequencer: StreamSequencer,
  ) {}

  /** One `m` event argument: JSON bytes. */
  message(payload: unknown): void {
    try {
      const decoded = decodeMessage(GatewayMessageSchema, payload, MAX_MESSAGE_BYTES, GATEWAY_MESSAGE_TYPES);
      if (!decoded.ok) return this.rejected(decoded.reason);
      this.counters.messages++;
      this.route(decoded.value);
    } catch (error) {
      this.rejected(`internal:${(error as Error)?.name ?? 'error'}`);
    }
  }

  /** One `w` event: its sequence number and the binary frame (shared/waveform/frame.ts). */
  waveform(seq: unknown, frame: unknown): void {
    try {
      this.waveformFrame(seq, frame);
    } catch (error) {
      this.rejected(`waveform:internal:${(error as Error)?.name ?? 'error'}`);
    }
  }

  /** The answer to `resync`; null (rejected and counted) when it is not a valid snapshot. */
  snapshot(payload: unknown): Snapshot | null {
    try {
      const decoded = decodeMessage(SnapshotSchema, payload, MAX_SNAPSHOT_BYTES, ['snapshot']);
      if (decoded.ok) return decoded.value;
      this.rejected(`snapshot:${decoded.reason}`);
    } catch (error) {
      this.rejected(`snapshot:internal:${(error as Error)?.name ?? 'error'}`);
    }
    return null;
  }

  /** The answer to a `journal` request; null (rejected and counted) when it is not a valid page. */
  journalPage(payload: unknown): JournalPage | null {
    try {
      const decoded = decodeMessage(JournalPageSchema, payload, MAX_SNAPSHOT_BYTES, ['journal-page']);
      if (decoded.ok) return decoded.value;
      this.rejected(`journal-page:${decoded.reason}`);
    } catch (error) {
      this.rejected(`journal-page:internal:${(error as Error)?.name ?? 'error'}`);
    }
    return null;
  }

  private route(message: GatewayMessage): void {
    if (message.type === 'heartbeat') {
      this.routes.heartbeat(message);
      return;
    }
    const stream = STREAM_OF[message.type];
    const verdict = this.sequencer.check(stream, message.seq);
    if (verdict === 'stale') return this.rejected(`stale-seq:${stream}`);
    if (verdict === 'gap') {
      this.counters.stateGaps++;
      this.routes.gap(stream);
    }
    // A message that revealed a gap is itself valid and current: apply it; the resync reconciles the rest.
    switch (message.type) {
      case 'numerics':
        for (const { bedId, numerics } of message.beds) {
          const index = this.beds.stationIndexOf(bedId);
          if (index !== undefined) this.routes.numerics(index, numerics, message.at);
        }
        return;
      case 'journal':
        return this.routes.journal(message.journalId, message.entry);
      case 'presence':
        return this.routes.presence(message.station);
    }
  }

  private waveformFrame(seq: unknown, frame: unknown): void {
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) return this.rejected('waveform:seq');
    const bytes = asBytes(frame);
    if (bytes === null) return this.rejected('waveform:not-binary');
    if (bytes.byteLength > MAX_WAVEFORM_FRAME_BYTES) return this.rejected('waveform:oversized');
    if (!this.sequencer.synced) {
      this.counters.waveformBeforeSync++;
      return;
    }
    // Float32 views need the frame in its own, aligned ArrayBuffer (a Buffer may be a slice of a pool).
    const buffer =
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer
        ? bytes.buffer
        : copyOf(bytes);
    let segments: WaveformSegment[];
    try {
      segments = decodeWaveformFrame(buffer);
    } catch (error) {
      if (error instanceof WaveformFrameError) return this.rejected(`waveform:${error.message.replace(/\d+/g, '#')}`);
      throw error;
    }
    for (const segment of segments) {
      const index = this.beds.stationIndexOfGatewayIndex(segment.bedIndex);
      if (index === undefined) return this.rejected('waveform:bed-index');
      if (!Number.isFinite(segment.firstSampleAt) || !allFinite(segment.samples)) return this.rejected('waveform:non-finite');
    }
    const verdict = this.sequencer.check('waveform', seq);
    if (verdict === 'stale') return this.rejected('stale-seq:waveform');
    // Waveforms carry no state: a hole is counted (and shows as a gap in the trace), no resync.
    if (verdict === 'gap') this.counters.waveformGaps++;
    this.counters.waveformFrames++;
    for (const segment of segments) {
      const index = this.beds.stationIndexOfGatewayIndex(segment.bedIndex)!;
      if (index < 0) continue;
      this.counters.samples += segment.samples.length;
      this.routes.waveform(index === segment.bedIndex ? segment : { ...segment, bedIndex: index });
    }
  }

  private rejected(reason: string): void {
    this.counters.rejected++;
    try {
      this.reject(reason);
    } catch {
      // Counting must never take the pipeline down with it.
    }
  }
}

/** A copy in a fresh ArrayBuffer (Buffer#slice would return a view of the same pool). */
function copyOf(bytes: Uint8Array): ArrayBuffer {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy.buffer;
}

function allFinite(samples: Float32Array): boolean {
  for (let i = 0; i < samples.length; i++) if (!Number.isFinite(samples[i]!)) return false;
  return true;
}
