import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { describeIssues } from '../../../../shared/validation';
import { isLoopbackHost } from '../../../../shared/hl7/peer-address';
import { silentLogger, type Logger } from '../../logging/logger';
import { systemClock, type Clock } from '../../time/clock';
import { BedMap } from './bed-map';
import type { AckSender } from './hl7-ack';
import { Hl7Connection } from './hl7-connection';
import { Hl7Counters, type Hl7CountersSnapshot, type Hl7IssueListener } from './hl7-counters';
import { Hl7ListenerConfigSchema, discardLimit, type Hl7ListenerConfig, type Hl7ListenerConfigInput } from '../../../../shared/hl7/listener-config';
import { Hl7Receiver } from './hl7-receiver';
import type { Hl7Sink } from './hl7-sink';
import { loadMllpTls, type MllpTls } from './mllp-tls';
import { PeerGate } from './peer-gate';
import { PeerRateLimit } from './peer-rate-limit';

/**
 * The HL7 v2 device feed: an MLLP listener taking IHE PCD-01 numerics and
 * PCD-04 alarms from bedside monitors (or an integration engine) and handing
 * them to the station through an `Hl7Sink`. It is a trust boundary: whoever
 * can speak to it can raise or end alarms and keep a silent bed "live". So,
 * in order, for every connection:
 *
 *   1. the peer address must be on the allow-list (peer-gate.ts), within
 *      maxConnections and maxConnectionsPerPeer – checked on the raw TCP
 *      connection, before a TLS or MLLP byte is read;
 *   2. with `tls`, the TLS handshake, and with `tls.clientCaFile` a client
 *      certificate signed by the hospital CA (mllp-tls.ts);
 *   3. each message within the sender's rate (peer-rate-limit.ts), or it is
 *      answered AE and not taken – never AA for something not taken.
 *
 * Plain MLLP is refused by the config schema off loopback unless IT sets
 * `"insecure": true`, which describe() flags for the admin status screen.
 *
 *   const listener = new Hl7Listener({ config, sink, logger });
 *   const { port } = await listener.start();
 *   listener.counters();   // plain object: messages, reasons, sources…
 *   listener.describe();   // facts and warnings for the admin status screen
 *   await listener.stop();
 *
 * Plain Node (no electron import): runs in the main process, the browser
 * test host and Vitest alike.
 */
export interface Hl7ListenerOptions {
  /** Validated here (throws naming the field); already-parsed config is fine too. */
  config: Hl7ListenerConfigInput;
  sink: Hl7Sink;
  logger?: Logger;
  /**
   * The rate limit, the throttled-sender window and log thinning are
   * durations on `clock.monotonic()`; ACKs are stamped (MSH-7) with
   * `clock.wall()`, which the device reads. Default systemClock.
   */
  clock?: Clock;
  /** MSH-3/MSH-4 of our ACKs. */
  ackSender?: AckSender;
  /** Every rejected message, framing error and refused connection, as counted (source = remote address). */
  onIssue?: Hl7IssueListener;
  /** Device observations (PCD-01/PCD-04, the default) or the hospital's ADT feed; see Hl7PipelineContext.accepts. */
  accepts?: 'observations' | 'adt';
  /** The senders being throttled now (empty once none is); called when that set changes. */
  onThrottled?: (peers: string[]) => void;
}

/** A sender counts as throttled until it has gone this long without a refused message. */
export const THROTTLE_QUIET_MS = 10_000;

export interface ListenerDescription {
  facts: Array<{ label: string; value: string }>;
  warnings: string[];
}

export class Hl7Listener {
  readonly config: Hl7ListenerConfig;
  private readonly stats: Hl7Counters;
  private readonly receiver: Hl7Receiver;
  private readonly logger: Logger;
  private readonly gate: PeerGate;
  private readonly rateLimit: PeerRateLimit;
  private readonly connections = new Set<Hl7Connection>();
  private server: Server | null = null;
  private tls: MllpTls | null = null;
  private stopping: Promise<void> | null = null;
  private throttleTimer: ReturnType<typeof setInterval> | null = null;
  private throttled: string[] = [];
  private address: string | null = null;

  constructor(private readonly options: Hl7ListenerOptions) {
    const parsed = Hl7ListenerConfigSchema.safeParse(options.config);
    if (!parsed.success) throw new Error(`invalid HL7 listener config: ${describeIssues(parsed.error)}`);
    this.config = parsed.data;
    this.stats = new Hl7Counters(options.onIssue);
    this.logger = options.logger ?? silentLogger;
    this.gate = new PeerGate({ allowedPeers: this.config.allowedPeers ?? null, maxConnections: this.config.maxConnections, maxConnectionsPerPeer: this.config.maxConnectionsPerPeer });
    // A sender newly over its rate is reported at once (after this message is answered), lapses on the timer.
    const clock = options.clock ?? systemClock;
    this.rateLimit = new PeerRateLimit(this.config.rateLimit, clock, () => queueMicrotask(() => this.checkThrottled()));
    this.receiver = new Hl7Receiver({
      bedMap: new BedMap(this.config.bedMap),
      processingIds: this.config.processingIds,
      accepts: options.accepts ?? 'observations',
      sink: options.sink,
      counters: this.stats,
      logger: this.logger,
      sinkTimeoutMs: this.config.sinkTimeoutMs,
      clock,
      sender: options.ackSender ?? { application: 'VIGIL_STATION', facility: '' },
      rateLimit: this.rateLimit,
    });
  }

  async start(): Promise<{ host: string; port: number }> {
    if (this.server !== null) throw new Error('HL7 listener already started');
    // Certificate problems stop the start, naming the file: never fall back to plain text.
    this.tls = this.config.tls
      ? await loadMllpTls(this.config.tls, {
          secure: (socket) => (this.stopping !== null ? socket.destroy() : this.serve(socket)),
          refused: (address, reason, detail) => {
            const source = this.stats.sourceKey(address);
            this.stats.connectionRefused(source, reason);
            this.logger.warn('hl7.tls-refused', { source, reason, detail: detail.slice(0, 80) });
          },
        })
      : null;
    const server = createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
    server.maxConnections = this.config.maxConnections + 16; // hard stop; the gate refuses (and counts) first
    this.server = server;
    const bound = await new Promise<{ host: string; port: number }>((resolve, reject) => {
      const onError = (err: Error) => {
        this.server = null;
        reject(err);
      };
      server.once('error', onError);
      server.listen(this.config.port, this.config.host, () => {
        server.off('error', onError);
        server.on('error', (err: NodeJS.ErrnoException) => this.logger.error('hl7.server-error', { code: err.code ?? 'unknown' }));
        const address = server.address() as AddressInfo;
        resolve({ host: address.address, port: address.port });
      });
    });
    this.address = `${bound.host}:${bound.port}`;
    this.throttleTimer = setInterval(() => this.checkThrottled(), 1000);
    this.throttleTimer.unref();
    this.logger.info('hl7.listening', {
      host: bound.host,
      port: bound.port,
      transport: this.transport(),
      beds: new Set(this.config.bedMap.map((e) => e.bedId)).size,
    });
    return bound;
  }

  /** Closes the server and every connection (an in-flight message may finish first). Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.throttleTimer) clearInterval(this.throttleTimer);
      const server = this.server;
      if (server === null) return;
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...this.connections].map((c) => c.close()));
      await serverClosed;
      this.logger.info('hl7.stopped', {});
    })();
    return this.stopping;
  }

  counters(): Hl7CountersSnapshot {
    return this.stats.snapshot();
  }

  /** For the admin status screen: how the listener is secured and what it is refusing; warnings are shown in red. */
  describe(): ListenerDescription {
    const c = this.stats.snapshot();
    const warnings: string[] = [];
    if (this.transport() === 'plain-network') {
      warnings.push(`INSECURE: plain-text MLLP on ${this.config.host} ("insecure": true): alarms and patient data travel in clear, and any allowed address can speak for a monitor`);
    }
    for (const peer of this.throttled) {
      const refused = c.bySource[peer]?.rejectedByReason.throttled ?? 0;
      warnings.push(`Sender ${peer} is over its message rate: ${refused} message${refused === 1 ? '' : 's'} refused (AE, to be sent again)`);
    }
    const refusedBy = (reason: keyof typeof c.connections.refusedByReason) => c.connections.refusedByReason[reason] ?? 0;
    return {
      facts: [
        { label: 'Listening on', value: this.address ?? `${this.config.host}:${this.config.port} (not listening)` },
        { label: 'Transport', value: TRANSPORT_TEXT[this.transport()] },
        { label: 'Allowed peers', value: this.config.allowedPeers?.join(', ') ?? 'this machine only' },
        { label: 'Connections', value: `${c.connections.open} open (at most ${this.config.maxConnections}, ${Math.min(this.config.maxConnectionsPerPeer, this.config.maxConnections)} per peer)` },
        {
          label: 'Connections refused',
          value: `${refusedBy('peer-not-allowed')} not allowed, ${refusedBy('too-many-connections') + refusedBy('too-many-from-peer')} over a limit, ${refusedBy('tls-handshake-failed') + refusedBy('tls-client-certificate') + refusedBy('tls-handshake-timeout')} TLS`,
        },
        { label: 'Rate limit', value: `${this.config.rateLimit.messagesPerSecond}/s (burst ${this.config.rateLimit.burst}) per sender, alarms counted apart` },
        { label: 'Messages', value: `${c.messages.received} received, ${c.messages.accepted} accepted, ${c.messages.rejected} rejected (${c.rejectedByReason.throttled ?? 0} over the rate)` },
      ],
      warnings,
    };
  }

  private transport(): 'tls-mutual' | 'tls' | 'plain-loopback' | 'plain-network' {
    if (this.config.tls) return this.config.tls.clientCaFile ? 'tls-mutual' : 'tls';
    return isLoopbackHost(this.config.host) ? 'plain-loopback' : 'plain-network';
  }

  private accept(raw: Socket): void {
    const source = this.stats.sourceKey(raw.remoteAddress);
    if (this.stopping !== null) return this.refuse(raw, source, 'stopping');
    const admitted = this.gate.admit(raw.remoteAddress);
    if (!admitted.ok) return this.refuse(raw, source, admitted.reason);
    raw.once('close', () => this.gate.release(admitted.peer));
    // Until the connection owns it: a reset during the handshake must not be an unhandled 'error'.
    raw.on('error', () => undefined);
    if (this.tls === null) this.serve(raw);
    else this.tls.accept(raw);
  }

  private refuse(raw: Socket, source: string, reason: Parameters<Hl7Counters['connectionRefused']>[1]): void {
    this.stats.connectionRefused(source, reason);
    this.logger.warn('hl7.connection-refused', { source, reason, open: this.connections.size });
    raw.on('error', () => undefined);
    raw.destroy();
  }

  private serve(socket: Socket): void {
    const connection = new Hl7Connection(socket, {
      receiver: this.receiver,
      counters: this.stats,
      logger: this.logger,
      maxMessageBytes: this.config.maxMessageBytes,
      maxDiscardBytes: discardLimit(this.config),
    });
    this.connections.add(connection);
    void connection.closed.then(() => this.connections.delete(connection));
  }

  private checkThrottled(): void {
    const peers = this.rateLimit.throttledPeers(THROTTLE_QUIET_MS);
    if (peers.join() === this.throttled.join()) return;
    const started = peers.filter((p) => !this.throttled.includes(p));
    this.throttled = peers;
    if (started.length > 0) this.logger.warn('hl7.sender-throttled', { sources: started.join(',') });
    this.options.onThrottled?.(peers);
  }
}

const TRANSPORT_TEXT = {
  'tls-mutual': 'MLLP over TLS; client certificates required (hospital CA)',
  tls: 'MLLP over TLS; no client certificates',
  'plain-loopback': 'plain MLLP, this machine only',
  'plain-network': 'PLAIN MLLP ON THE NETWORK (insecure)',
} as const;
