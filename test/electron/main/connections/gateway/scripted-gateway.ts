import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { DeviceEpisode } from '../../../../../shared/protocol/episode';
import type { JournalEntry, JournalPage } from '../../../../../shared/protocol/journal';
import { encodeJson } from '../../../../../shared/protocol/json-codec';
import type { Snapshot } from '../../../../../shared/protocol/snapshot';
import type { StreamSeqs } from '../../../../../shared/protocol/streams';
import { PROTOCOL_VERSION, WIRE_EVENTS } from '../../../../../shared/protocol/version';
import { encodeWaveformFrame } from '../../../../../shared/waveform/frame';
import { unitBeds } from './gateway-test-kit';

/**
 * A hand-driven gateway speaking shared/protocol, for faults the reference
 * gateway never makes on its own: skipped sequence numbers, a heartbeat
 * ahead of the stream, raw malformed payloads. The test decides every
 * message; the snapshot always names `seqs` as set by the test.
 */
export class ScriptedGateway {
  resyncRequests = 0;
  journalRequests = 0;
  seqs: StreamSeqs = { waveform: 0, numerics: 0, events: 0 };
  /** Its episode journal: what `journal` requests are answered from (the test may replace or trim it). */
  journalId = 'j-scripted-0001';
  journalOldest = 1;
  readonly journal: JournalEntry[] = [];
  private socket: Socket | null = null;
  private readonly connected: Array<(s: Socket) => void> = [];

  private constructor(
    private readonly io: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<ScriptedGateway> {
    const http = createServer();
    const io = new Server(http, { transports: ['websocket'] });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    const gateway = new ScriptedGateway(io, `http://127.0.0.1:${(http.address() as AddressInfo).port}`);
    io.on('connection', (socket) => {
      gateway.socket = socket;
      socket.on(WIRE_EVENTS.resync, (reply: (bytes: Uint8Array) => void) => {
        gateway.resyncRequests++;
        reply(encodeJson(gateway.snapshot()));
      });
      socket.on(WIRE_EVENTS.journal, (_payload: unknown, reply: (bytes: Uint8Array) => void) => {
        gateway.journalRequests++;
        const after = (JSON.parse(new TextDecoder().decode(_payload as Uint8Array)) as { after: number }).after;
        const page: JournalPage = { v: PROTOCOL_VERSION, type: 'journal-page', journal: gateway.journalState(), entries: gateway.journal.filter((e) => e.pos > after && e.pos >= gateway.journalOldest).slice(0, 500) };
        reply(encodeJson(page));
      });
      gateway.connected.splice(0).forEach((f) => f(socket));
    });
    return gateway;
  }

  waitForStation(): Promise<Socket> {
    return this.socket ? Promise.resolve(this.socket) : new Promise((r) => this.connected.push(r));
  }

  snapshot(): Snapshot {
    return {
      v: PROTOCOL_VERSION,
      type: 'snapshot',
      at: Date.now(),
      gatewayId: 'scripted',
      seqs: { ...this.seqs },
      beds: unitBeds(4).map((bed) => ({ bed, live: true })),
      numerics: [],
      journal: this.journalState(),
      episodes: [],
      acks: [],
      escalations: [],
      stations: [],
    };
  }

  journalState() {
    return { journalId: this.journalId, oldest: this.journalOldest, head: this.journal.at(-1)?.pos ?? this.journalOldest - 1, createdAt: 0 };
  }

  /** Journals an episode state without sending it on this connection (as a relay lost between gateway processes). */
  journalOnly(episode: DeviceEpisode): JournalEntry {
    const entry: JournalEntry = { kind: 'episode', episode, pos: (this.journal.at(-1)?.pos ?? 0) + 1, at: Date.now() };
    this.journal.push(entry);
    return entry;
  }

  /** Journals an episode state and returns the message bytes, with this connection's next sequence number (the test decides when to send them). */
  episodeMessage(episode: DeviceEpisode): Uint8Array {
    const entry = this.journalOnly(episode);
    const seq = ++this.seqs.events;
    return encodeJson({ v: PROTOCOL_VERSION, type: 'journal', seq, at: Date.now(), journalId: this.journalId, entry });
  }

  /** A numerics message with exactly this sequence number (the test makes the gaps). */
  numerics(seq: number, bedId = 'bed-01', hr = 72): void {
    this.seqs.numerics = Math.max(this.seqs.numerics, seq);
    this.raw(encodeJson({ v: PROTOCOL_VERSION, type: 'numerics', seq, at: Date.now(), beds: [{ bedId, numerics: [{ kind: 'hr', value: hr, measuredAt: Date.now() }] }] }));
  }

  heartbeat(seqs: StreamSeqs): void {
    const journal = this.journalState();
    this.raw(encodeJson({ v: PROTOCOL_VERSION, type: 'heartbeat', at: Date.now(), seqs, journal: { journalId: journal.journalId, head: journal.head }, shedWaveformFrames: 0 }));
  }

  waveform(seq: number, bedIndex = 0): void {
    this.seqs.waveform = Math.max(this.seqs.waveform, seq);
    const frame = encodeWaveformFrame([{ bedIndex, channel: 'ecg', flags: 0, firstSampleAt: Date.now(), samples: new Float32Array(10).fill(0.1) }]);
    this.socket?.emit(WIRE_EVENTS.waveform, seq, new Uint8Array(frame));
  }

  /** Any payload as a JSON message event (the fuzz test's real-socket part). */
  raw(payload: unknown): void {
    this.socket?.emit(WIRE_EVENTS.message, payload);
  }

  async close(): Promise<void> {
    await this.io.close();
  }
}
