import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { describeIssues } from '../../../../shared/validation';
import { silentLogger, type Logger } from '../../logging/logger';
import { BedMap } from './bed-map';
import type { AckSender } from './hl7-ack';
import { Hl7Connection } from './hl7-connection';
import { Hl7Counters, type Hl7CountersSnapshot, type Hl7IssueListener } from './hl7-counters';
import { Hl7ListenerConfigSchema, discardLimit, type Hl7ListenerConfig, type Hl7ListenerConfigInput } from '../../../../shared/hl7/listener-config';
import { Hl7Receiver } from './hl7-receiver';
import type { Hl7Sink } from './hl7-sink';

/**
 * The HL7 v2 device feed: an MLLP/TCP listener taking IHE PCD-01 numerics
 * and PCD-04 alarms from bedside monitors (or an integration engine) and
 * handing them to the station through an `Hl7Sink`.
 *
 *   const listener = new Hl7Listener({ config, sink, logger });
 *   const { port } = await listener.start();
 *   listener.counters();   // plain object: messages, reasons, sources…
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
  now?: () => number;
  /** MSH-3/MSH-4 of our ACKs. */
  ackSender?: AckSender;
  /** Every rejected message and framing error, as counted (source = remote address). */
  onIssue?: Hl7IssueListener;
  /** Device observations (PCD-01/PCD-04, the default) or the hospital's ADT feed; see Hl7PipelineContext.accepts. */
  accepts?: 'observations' | 'adt';
}

export class Hl7Listener {
  readonly config: Hl7ListenerConfig;
  private readonly stats: Hl7Counters;
  private readonly receiver: Hl7Receiver;
  private readonly logger: Logger;
  private readonly connections = new Set<Hl7Connection>();
  private server: Server | null = null;
  private stopping: Promise<void> | null = null;

  constructor(options: Hl7ListenerOptions) {
    const parsed = Hl7ListenerConfigSchema.safeParse(options.config);
    if (!parsed.success) throw new Error(`invalid HL7 listener config: ${describeIssues(parsed.error)}`);
    this.config = parsed.data;
    this.stats = new Hl7Counters(options.onIssue);
    this.logger = options.logger ?? silentLogger;
    this.receiver = new Hl7Receiver({
      bedMap: new BedMap(this.config.bedMap),
      processingIds: this.config.processingIds,
      accepts: options.accepts ?? 'observations',
      sink: options.sink,
      counters: this.stats,
      logger: this.logger,
      sinkTimeoutMs: this.config.sinkTimeoutMs,
      now: options.now ?? Date.now,
      sender: options.ackSender ?? { application: 'VIGIL_STATION', facility: '' },
    });
  }

  start(): Promise<{ host: string; port: number }> {
    if (this.server !== null) return Promise.reject(new Error('HL7 listener already started'));
    const server = createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
    server.maxConnections = this.config.maxConnections + 16; // hard stop; the soft limit below refuses politely first
    this.server = server;
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => {
        this.server = null;
        reject(err);
      };
      server.once('error', onError);
      server.listen(this.config.port, this.config.host, () => {
        server.off('error', onError);
        server.on('error', (err: NodeJS.ErrnoException) => this.logger.error('hl7.server-error', { code: err.code ?? 'unknown' }));
        const address = server.address() as AddressInfo;
        this.logger.info('hl7.listening', { host: address.address, port: address.port, beds: new Set(this.config.bedMap.map((e) => e.bedId)).size });
        resolve({ host: address.address, port: address.port });
      });
    });
  }

  /** Closes the server and every connection (an in-flight message may finish first). Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
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

  private accept(socket: Socket): void {
    if (this.stopping !== null || this.connections.size >= this.config.maxConnections) {
      this.stats.connection('refused');
      this.logger.warn('hl7.connection-refused', { source: this.stats.sourceKey(socket.remoteAddress), open: this.connections.size });
      socket.destroy();
      return;
    }
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
}
