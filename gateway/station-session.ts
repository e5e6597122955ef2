import type { Socket } from 'socket.io';
import { encodeJson } from '../shared/protocol/json-codec';
import type { StreamSeqs } from '../shared/protocol/streams';
import { PROTOCOL_VERSION, WIRE_EVENTS } from '../shared/protocol/version';

/** Bodies of sequenced messages, without the envelope this class adds. */
export type StreamBody = { type: 'numerics' | 'journal' | 'presence' } & Record<string, unknown>;

/** The newest journal entry this process knows of, for heartbeats. */
export type JournalHead = () => { journalId: string; head: number };

/**
 * One connected station: its socket, its per-connection stream sequence
 * numbers and its heartbeat. Waveforms are the only thing ever shed: when
 * the station's link is backed up (engine.io's write buffer is not draining)
 * a waveform frame is dropped and counted — the count travels in every
 * heartbeat — while numerics and alarm events are always queued and sent.
 */
export class StationSession {
  private readonly seqs: StreamSeqs = { waveform: 0, numerics: 0, events: 0 };
  private shedWaveformFrames = 0;
  private readonly heartbeatTimer: ReturnType<typeof setInterval>;

  constructor(
    readonly socket: Socket,
    readonly stationId: string,
    heartbeatMs: number,
    private readonly now: () => number,
    /** Packets waiting in engine.io's write buffer beyond which waveform frames are shed. */
    private readonly maxBacklogPackets: number,
    private readonly journalHead: JournalHead,
  ) {
    this.heartbeatTimer = setInterval(() => this.heartbeat(), heartbeatMs);
    this.heartbeat();
  }

  send(stream: 'numerics' | 'events', body: StreamBody): void {
    const seq = ++this.seqs[stream];
    this.socket.emit(WIRE_EVENTS.message, encodeJson({ v: PROTOCOL_VERSION, seq, at: this.now(), ...body }));
  }

  sendWaveform(frame: Uint8Array): void {
    if (this.backlog() > this.maxBacklogPackets) {
      this.shedWaveformFrames++;
      return;
    }
    this.socket.emit(WIRE_EVENTS.waveform, ++this.seqs.waveform, frame);
  }

  /** Where each stream stands, for a snapshot built right now. */
  position(): StreamSeqs {
    return { ...this.seqs };
  }

  get shed(): number {
    return this.shedWaveformFrames;
  }

  /** The station said goodbye on this connection before it closed. */
  saidGoodbye = false;

  stop(): void {
    clearInterval(this.heartbeatTimer);
  }

  private heartbeat(): void {
    this.socket.emit(
      WIRE_EVENTS.message,
      encodeJson({ v: PROTOCOL_VERSION, type: 'heartbeat', at: this.now(), seqs: this.position(), journal: this.journalHead(), shedWaveformFrames: this.shedWaveformFrames }),
    );
  }

  private backlog(): number {
    return (this.socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
  }
}
