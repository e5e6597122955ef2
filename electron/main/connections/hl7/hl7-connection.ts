import type { Socket } from 'node:net';
import type { Logger } from '../../logging/logger';
import type { Hl7Counters } from './hl7-counters';
import type { Hl7Receiver } from './hl7-receiver';
import { MllpDecoder, encodeMllpFrame, type MllpEvent } from './mllp-framer';

/**
 * One device connection: MLLP frames in, one ACK per frame out, strictly in
 * order and one message at a time (HL7 original mode).
 *
 * Memory per connection is bounded by construction: the decoder holds at most
 * one unfinished frame (≤ maxMessageBytes; only a 2 KB head of an oversized
 * one) and the socket is paused while a message is with the sink, so at most
 * the frames of one TCP read wait behind it. If the peer does not read its
 * ACKs, we wait for 'drain' before the next message instead of queueing ACKs.
 *
 * A peer that sends more than maxDiscardBytes of unusable data (junk outside
 * frames, cut-off or oversized frames) without one good frame in between is
 * flooding: the connection is closed. Other connections are unaffected.
 */
export interface Hl7ConnectionOptions {
  receiver: Hl7Receiver;
  counters: Hl7Counters;
  logger: Logger;
  maxMessageBytes: number;
  maxDiscardBytes: number;
  /** How long stop() lets an in-flight message finish before cutting the socket. */
  closeGraceMs?: number;
}

type Pending = Exclude<MllpEvent, { type: 'issue' }>;

export class Hl7Connection {
  readonly source: string;
  readonly closed: Promise<void>;
  private readonly decoder: MllpDecoder;
  private readonly pending: Pending[] = [];
  private pendingBytes = 0;
  private discarded = 0;
  private busy: Promise<void> | null = null;
  private inputEnded = false;
  private stopping = false;
  private isClosed = false;

  constructor(
    private readonly socket: Socket,
    private readonly options: Hl7ConnectionOptions,
  ) {
    this.source = options.counters.sourceKey(socket.remoteAddress);
    this.decoder = new MllpDecoder(options.maxMessageBytes);
    options.counters.connection('opened');
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => {
      // The peer will send no more; answer what it sent, then close our side.
      this.inputEnded = true;
      if (this.busy === null && this.pending.length === 0) socket.end();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      options.counters.connection('socket-error');
      options.logger.info('hl7.socket-error', { source: this.source, code: err.code ?? 'unknown' });
    });
    socket.on('close', () => {
      this.isClosed = true;
      const events: MllpEvent[] = [];
      this.decoder.end(events);
      this.account(events);
      this.pending.length = 0;
      this.pendingBytes = 0;
      options.counters.connection('closed');
    });
  }

  /** Stop reading, let the message in hand finish (bounded), then close. */
  async close(): Promise<void> {
    this.stopping = true;
    this.pending.length = 0;
    this.pendingBytes = 0;
    this.socket.pause();
    const grace = this.options.closeGraceMs ?? 1000;
    if (this.busy !== null) await Promise.race([this.busy, delay(grace)]);
    this.socket.end();
    const timer = setTimeout(() => this.socket.destroy(), grace);
    await this.closed;
    clearTimeout(timer);
  }

  private onData(chunk: Buffer): void {
    if (this.stopping) return;
    const events: MllpEvent[] = [];
    this.decoder.push(chunk, events);
    this.account(events);
    this.options.counters.buffered(this.decoder.bufferedBytes + this.pendingBytes);
    if (this.discarded > this.options.maxDiscardBytes) {
      this.options.counters.connection('flood');
      this.options.logger.warn('hl7.connection-flooding', { source: this.source, discardedBytes: this.discarded });
      this.socket.destroy();
      return;
    }
    if (this.pending.length > 0) {
      this.socket.pause();
      this.kick();
    }
  }

  private kick(): void {
    this.busy ??= this.pump()
      .catch((err: unknown) => {
        // Not expected (the receiver never throws); if it happens, this connection goes, the process stays.
        this.options.logger.error('hl7.connection-failed', { source: this.source, error: err instanceof Error ? err.name : 'unknown' });
        this.socket.destroy();
      })
      .finally(() => {
        this.busy = null;
        this.afterPump();
      });
  }

  private account(events: readonly MllpEvent[]): void {
    for (const ev of events) {
      if (ev.type === 'issue') {
        this.options.counters.framing(this.source, ev.issue);
        this.discarded += ev.bytes;
      } else if (!this.isClosed) {
        if (ev.type === 'frame') this.discarded = 0;
        else this.discarded += ev.size;
        this.pending.push(ev);
        this.pendingBytes += ev.type === 'frame' ? ev.payload.length : ev.head.length;
      }
    }
  }

  private async pump(): Promise<void> {
    while (this.pending.length > 0 && !this.isClosed && !this.stopping) {
      const ev = this.pending.shift()!;
      this.pendingBytes -= ev.type === 'frame' ? ev.payload.length : ev.head.length;
      const receipt = await this.options.receiver.receive(
        this.source,
        ev.type === 'frame' ? { payload: ev.payload } : { oversizedHead: ev.head, size: ev.size, limit: this.options.maxMessageBytes },
      );
      if (this.isClosed) return;
      if (!this.socket.write(encodeMllpFrame(Buffer.from(receipt.ack, 'utf8')))) {
        await new Promise<void>((resolve) => {
          const done = () => {
            this.socket.off('drain', done);
            this.socket.off('close', done);
            resolve();
          };
          this.socket.on('drain', done);
          this.socket.on('close', done);
        });
      }
    }
  }

  private afterPump(): void {
    if (this.isClosed || this.stopping) return;
    if (this.pending.length > 0) this.kick();
    else if (this.inputEnded) this.socket.end();
    else this.socket.resume();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
