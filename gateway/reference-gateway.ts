import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { ScenarioRequest } from '../shared/domain/scenario';
import { AckClaimSchema, type AckOutcome, type AckRecord } from '../shared/protocol/acknowledgement';
import type { ProtocolDeviceAlarm } from '../shared/protocol/device-alarm';
import { EscalationReportSchema, type EscalationRecord } from '../shared/protocol/escalation';
import { decodeMessage, encodeJson } from '../shared/protocol/json-codec';
import { MAX_MESSAGE_BYTES } from '../shared/protocol/limits';
import type { Snapshot } from '../shared/protocol/snapshot';
import { PROTOCOL_VERSION, WIRE_EVENTS } from '../shared/protocol/version';
import { silentLogger, type Logger } from '../electron/main/logging/logger';
import { isSameAck, MemoryAckArbiter, type AckArbiter } from './ack-arbiter';
import { ADMIN_NAMESPACE, mountAdminNamespace } from './admin-namespace';
import { mountAuditHeads } from './audit-head-handlers';
import { MemoryAuditHeadStore, type AuditHeadStore } from './audit-head-store';
import { RedisAuditHeadStore } from './redis-audit-head-store';
import { AlarmLedger } from './alarm-ledger';
import { checkHandshake, refusalError } from './handshake-check';
import { RedisBackplane } from './redis-backplane';
import { RejectionCounter } from './rejection-counter';
import { RELAY_EVENT, RelayEventSchema, type RelayEvent } from './relay-event';
import { SimulatedUnitSource } from './simulated-unit-source';
import { StationSession } from './station-session';

export interface ReferenceGatewayOptions {
  /** The station token every station must present. */
  token: string;
  /** Simulated beds hosted by this gateway (1-64, default 16) and their seed. */
  beds?: number;
  seed?: number;
  /** Names this process in snapshots and logs (default random). */
  gatewayId?: string;
  /** redis://host:port: scale past one process (redis adapter, shared acknowledgement decisions). */
  redisUrl?: string;
  redisPrefix?: string;
  /** Enables the /admin namespace (scenarios, injected device alarms). */
  adminToken?: string;
  /** PEM certificate and key: serve https/wss instead of http/ws. */
  tls?: { cert: string; key: string };
  tickMs?: number;
  /** Waveform frames are shed for a station whose engine.io write buffer holds more packets than this. */
  maxBacklogPackets?: number;
  logger?: Logger;
  /**
   * The gateway's own clock (epoch ms, default Date.now). It stays a wall
   * clock on purpose: it is the time the gateway sends (`at`, the sender's
   * clock the stations judge ages in), and the acknowledgement ledger's
   * retention and episode windows are kept in it, shared through Redis by
   * every gateway process and across their restarts, where a monotonic
   * reading would mean nothing. No station duration depends on it.
   */
  now?: () => number;
}

/**
 * The reference implementation of the station ↔ back-end protocol
 * (shared/protocol, documented in gateway/README.md): a socket.io server
 * hosting simulated beds, relaying alarm state between stations, and
 * deciding which acknowledgement of an alarm episode counts.
 */
export class ReferenceGateway {
  readonly gatewayId: string;
  readonly rejections: RejectionCounter;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly source: SimulatedUnitSource;
  private readonly ledger = new AlarmLedger();
  private readonly sessions = new Set<StationSession>();
  private ticker: ReturnType<typeof setInterval> | null = null;
  private port = 0;
  private secure = false;

  private constructor(
    private readonly options: ReferenceGatewayOptions,
    private readonly http: HttpServer,
    private readonly io: Server,
    private readonly arbiter: AckArbiter,
    private readonly backplane: RedisBackplane | null,
    private readonly auditHeads: AuditHeadStore,
  ) {
    this.log = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.gatewayId = options.gatewayId ?? `gateway-${randomBytes(3).toString('hex')}`;
    this.rejections = new RejectionCounter(this.log);
    this.source = new SimulatedUnitSource({ beds: options.beds ?? 16, seed: options.seed ?? 1, startAt: this.now() });
  }

  static async start(options: ReferenceGatewayOptions, listen: { port?: number; host?: string } = {}): Promise<ReferenceGateway> {
    const backplane = options.redisUrl ? await RedisBackplane.connect(options.redisUrl, options.redisPrefix) : null;
    const http = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }) : createHttpServer();
    const io = new Server(http, {
      transports: ['websocket'],
      // What a station sends is small (claims, reports); anything bigger is not ours.
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      pingInterval: 5_000,
      pingTimeout: 5_000,
      serveClient: false,
      ...(backplane ? { adapter: backplane.adapter() } : {}),
    });
    const auditHeads = options.redisUrl ? await RedisAuditHeadStore.connect(options.redisUrl, options.redisPrefix) : new MemoryAuditHeadStore();
    const gateway = new ReferenceGateway(options, http, io, backplane ?? new MemoryAckArbiter(), backplane, auditHeads);
    gateway.secure = options.tls !== undefined;
    if (backplane) gateway.ledger.load(await backplane.load(gateway.now()));
    gateway.wire();
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(listen.port ?? 0, listen.host ?? '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
    gateway.port = (http.address() as AddressInfo).port;
    gateway.ticker = setInterval(() => gateway.tick(), options.tickMs ?? 40);
    gateway.log.info('gateway.started', { gatewayId: gateway.gatewayId, port: gateway.port, beds: gateway.source.beds.length, redis: backplane !== null });
    return gateway;
  }

  get url(): string {
    return `${this.secure ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  get listeningPort(): number {
    return this.port;
  }

  get stationCount(): number {
    return this.sessions.size;
  }

  /** A device-reported alarm (a bedside monitor, the HL7 relay, the admin namespace): to every station, on every process. */
  deviceAlarm(alarm: ProtocolDeviceAlarm): void {
    this.applyDeviceAlarm(alarm);
    void this.backplane?.putDeviceAlarm(alarm).catch((error: Error) => this.log.error('gateway.redis-write-failed', { reason: error.message.slice(0, 120) }));
    this.relay({ kind: 'device-alarm', alarm });
  }

  triggerScenario(request: ScenarioRequest): { scenario: string; bedId: string | null; seed: number } {
    return this.source.trigger(request, this.now());
  }

  async close(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    for (const session of this.sessions) session.stop();
    this.sessions.clear();
    await this.io.close().catch(() => undefined);
    await this.backplane?.close();
    await this.auditHeads.close();
  }

  // ---- wiring --------------------------------------------------------------

  private wire(): void {
    this.io.use((socket, next) => {
      const verdict = checkHandshake(socket.handshake.auth, this.options.token);
      if (verdict.ok) return next();
      this.rejections.reject(`address:${socket.handshake.address}`, `handshake:${verdict.refusal.reason}`);
      next(refusalError(verdict.refusal));
    });
    this.io.on('connection', (socket) => this.onStation(socket));
    if (this.options.adminToken) {
      mountAdminNamespace(this.io.of(ADMIN_NAMESPACE), this.options.adminToken, {
        deviceAlarm: (alarm) => this.deviceAlarm(alarm),
        scenario: (request) => this.triggerScenario(request),
      });
    }
    if (this.backplane) {
      this.io.on(RELAY_EVENT, (payload: unknown) => {
        const event = RelayEventSchema.safeParse(payload);
        if (event.success) this.onRelayed(event.data);
        else this.rejections.reject('relay', 'schema');
      });
    }
  }

  private onStation(socket: Socket): void {
    const handshake = checkHandshake(socket.handshake.auth, this.options.token);
    if (!handshake.ok) return void socket.disconnect(true);
    const { stationId, heartbeatMs } = handshake.handshake;
    const session = new StationSession(socket, stationId, heartbeatMs, this.now, this.options.maxBacklogPackets ?? 64);
    this.sessions.add(session);
    this.log.info('gateway.station-connected', { stationId, stations: this.sessions.size });
    socket.on(WIRE_EVENTS.resync, (reply: unknown) => {
      if (typeof reply !== 'function') return this.rejections.reject(stationId, 'resync:no-callback');
      reply(encodeJson(this.snapshotFor(session)));
    });
    socket.on(WIRE_EVENTS.acknowledge, (payload: unknown, reply: unknown) => void this.onClaim(session, payload, reply));
    socket.on(WIRE_EVENTS.escalation, (payload: unknown) => this.onEscalation(session, payload));
    mountAuditHeads(socket, stationId, { store: this.auditHeads, rejections: this.rejections, log: this.log });
    socket.on('disconnect', (reason) => {
      session.stop();
      this.sessions.delete(session);
      this.log.info('gateway.station-disconnected', { stationId, reason, stations: this.sessions.size });
    });
  }

  /** Built synchronously: consistent with the stream positions it names. */
  private snapshotFor(session: StationSession): Snapshot {
    const now = this.now();
    return {
      v: PROTOCOL_VERSION,
      type: 'snapshot',
      at: now,
      gatewayId: this.gatewayId,
      seqs: session.position(),
      beds: this.source.beds.map((bed, i) => ({ bed, live: this.source.isLive(i, now) })),
      numerics: this.source.currentNumerics(now),
      deviceAlarms: this.ledger.activeDeviceAlarms(),
      acks: this.ledger.recentAcks(now),
      escalations: this.ledger.recentEscalations(now),
    };
  }

  private tick(): void {
    const { frame, numerics } = this.source.tick(this.now());
    for (const session of this.sessions) {
      // Numerics before the frame: they are state, the frame is disposable.
      if (numerics.length > 0) session.send('numerics', { type: 'numerics', beds: numerics });
      if (frame) session.sendWaveform(frame);
    }
  }

  // ---- acknowledgements and escalations ------------------------------------

  /**
   * First claim of an episode wins and is relayed to every other station;
   * a later claim is answered `superseded` with the winner (that station
   * audits it). A resent claim that already won is answered `won` again and
   * not relayed twice.
   */
  private async onClaim(session: StationSession, payload: unknown, reply: unknown): Promise<void> {
    const respond = (outcome: AckOutcome) => {
      if (typeof reply === 'function') reply(encodeJson(outcome));
    };
    const decoded = decodeMessage(AckClaimSchema, payload, MAX_MESSAGE_BYTES);
    if (!decoded.ok) {
      this.rejections.reject(session.stationId, `ack:${decoded.reason}`);
      return respond({ v: PROTOCOL_VERSION, outcome: 'rejected', reason: decoded.reason });
    }
    const claim = decoded.value;
    if (claim.by.stationId !== session.stationId) {
      this.rejections.reject(session.stationId, 'ack:station-mismatch');
      return respond({ v: PROTOCOL_VERSION, outcome: 'rejected', reason: 'a station acknowledges only for itself' });
    }
    const candidate: AckRecord = { ackId: claim.ackId, alarm: claim.alarm, by: claim.by, at: claim.at };
    const key = this.ledger.episodeKeyOf(claim.alarm);
    let winner: AckRecord;
    try {
      winner = await this.arbiter.claim(key, candidate, key.startsWith('d|'), this.now());
    } catch (error) {
      this.log.error('gateway.arbiter-failed', { reason: (error as Error).message.slice(0, 120) });
      return respond({ v: PROTOCOL_VERSION, outcome: 'rejected', reason: 'acknowledgement decision unavailable' });
    }
    const won = isSameAck(winner, candidate);
    if (won && this.applyAck(key, winner, session.stationId)) this.relay({ kind: 'ack', key, ack: winner, fromStation: session.stationId });
    this.log.info('gateway.ack-decided', {
      bedId: claim.alarm.bedId,
      code: claim.alarm.code,
      station: session.stationId,
      outcome: won ? 'won' : 'superseded',
      winner: winner.by.stationId,
      madeOffline: claim.madeOffline,
    });
    respond({ v: PROTOCOL_VERSION, outcome: won ? 'won' : 'superseded', winner });
  }

  private onEscalation(session: StationSession, payload: unknown): void {
    const decoded = decodeMessage(EscalationReportSchema, payload, MAX_MESSAGE_BYTES);
    if (!decoded.ok) return this.rejections.reject(session.stationId, `escalation:${decoded.reason}`);
    const { v: _v, ...record } = decoded.value;
    if (record.stationId !== session.stationId) return this.rejections.reject(session.stationId, 'escalation:station-mismatch');
    const key = this.ledger.episodeKeyOf(record.alarm);
    // The back end's route to pagers: here, the log line an integration would subscribe to.
    this.log.warn('gateway.escalation-page', { bedId: record.alarm.bedId, code: record.alarm.code, level: record.level, station: record.stationId });
    if (!this.applyEscalation(key, record, session.stationId)) return;
    void this.backplane?.putEscalation(key, record).catch((error: Error) => this.log.error('gateway.redis-write-failed', { reason: error.message.slice(0, 120) }));
    this.relay({ kind: 'escalation', key, escalation: record });
  }

  // ---- state changes, local and relayed --------------------------------------

  private applyDeviceAlarm(alarm: ProtocolDeviceAlarm): void {
    if (!this.ledger.deviceAlarm(alarm)) return;
    for (const session of this.sessions) session.send('events', { type: 'device-alarm', alarm });
  }

  private applyAck(key: string, ack: AckRecord, fromStation: string): boolean {
    if (!this.ledger.acknowledged(key, ack)) return false;
    for (const session of this.sessions) if (session.stationId !== fromStation) session.send('events', { type: 'ack', ack });
    return true;
  }

  private applyEscalation(key: string, escalation: EscalationRecord, fromStation: string): boolean {
    if (!this.ledger.escalated(key, escalation)) return false;
    for (const session of this.sessions) if (session.stationId !== fromStation) session.send('events', { type: 'escalation', escalation });
    return true;
  }

  /** To the other gateway processes (a no-op without Redis). */
  private relay(event: RelayEvent): void {
    if (this.backplane) this.io.serverSideEmit(RELAY_EVENT, event);
  }

  private onRelayed(event: RelayEvent): void {
    if (event.kind === 'device-alarm') this.applyDeviceAlarm(event.alarm);
    else if (event.kind === 'ack') this.applyAck(event.key, event.ack, event.fromStation);
    else this.applyEscalation(event.key, event.escalation, event.escalation.stationId);
  }
}
