import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { ScenarioRequest } from '../shared/domain/scenario';
import { AckClaimSchema, type AckOutcome, type AckRecord } from '../shared/protocol/acknowledgement';
import type { AlarmIdentity } from '../shared/protocol/alarm-identity';
import type { ProtocolDeviceAlarm } from '../shared/protocol/device-alarm';
import { isStationEpisodeId, isStationEpisodeIdOf } from '../shared/protocol/episode';
import { EscalationReportSchema } from '../shared/protocol/escalation';
import { JournalRequestSchema, type JournalPage } from '../shared/protocol/journal';
import { decodeMessage, encodeJson } from '../shared/protocol/json-codec';
import { MAX_MESSAGE_BYTES } from '../shared/protocol/limits';
import { GoodbyeSchema, type GoodbyeAck, type StationPresence } from '../shared/protocol/presence';
import type { Snapshot } from '../shared/protocol/snapshot';
import { PROTOCOL_VERSION, WIRE_EVENTS } from '../shared/protocol/version';
import { silentLogger, type Logger } from '../electron/main/logging/logger';
import { systemClock, type Clock } from '../electron/main/time/clock';
import { ADMIN_NAMESPACE, mountAdminNamespace } from './admin-namespace';
import { mountAuditHeads } from './audit-head-handlers';
import { MemoryAuditHeadStore, type AuditHeadStore } from './audit-head-store';
import { checkHandshake, refusalError } from './handshake-check';
import { isSameAck, type Journaled, type JournalLimits, type JournalStore } from './journal-store';
import { MemoryJournal } from './memory-journal';
import { RedisBackplane } from './redis-backplane';
import { RejectionCounter } from './rejection-counter';
import { RELAY_EVENT, RelayEventSchema } from './relay-event';
import { SimulatedUnitSource } from './simulated-unit-source';
import { MemoryPresence, type PresenceStore } from './station-presence';
import { StationSession } from './station-session';

export interface ReferenceGatewayOptions {
  /** The station token every station must present. */
  token: string;
  /** Simulated beds hosted by this gateway (1-64, default 16) and their seed. */
  beds?: number;
  seed?: number;
  /** Names this process in snapshots and logs (default random). */
  gatewayId?: string;
  /** redis://host:port: scale past one process (redis adapter, one shared journal). */
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
   * The gateway's own clock (default systemClock). What the gateway sends and
   * journals stays on its wall clock on purpose: `at` (the sender's clock the
   * stations judge ages in), episode onsets and ends (shown and audited at
   * the stations as the source's times) and the in-memory journal's
   * retention; in Redis the journal and presence are kept on Redis's own
   * `TIME`, shared by every gateway process and across their restarts, where
   * a monotonic reading would mean nothing. Only what lasts inside this one
   * process (a gone station's grace period before it is announced offline)
   * runs on `clock.monotonic()`. No station duration depends on any of it.
   */
  clock?: Clock;
  /** The journal's retention (default 24 h) and size bound (default 100,000 entries). */
  journal?: Partial<JournalLimits>;
  /** A station gone without a goodbye is announced offline after this (default 10 s). */
  peerOfflineAfterMs?: number;
  /** How often presence is swept and the journal trimmed (default 1 s). */
  housekeepingMs?: number;
}

/**
 * The reference implementation of the station ↔ back-end protocol
 * (shared/protocol, documented in gateway/README.md): a socket.io server
 * hosting simulated beds, journaling alarm episodes, acknowledgements and
 * escalations (the episode journal, see journal-store.ts), deciding which
 * acknowledgement of an episode counts, relaying everything to every
 * station, telling stations when another one goes dark, and keeping each
 * station's signed audit-chain heads (audit-head-store.ts).
 */
export class ReferenceGateway {
  readonly gatewayId: string;
  readonly rejections: RejectionCounter;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly source: SimulatedUnitSource;
  private readonly sessions = new Set<StationSession>();
  private knownHead: { journalId: string; head: number };
  private presenceView = new Map<string, StationPresence>();
  private sweeping: Promise<void> | null = null;
  private sweepAgain = false;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private housekeeper: ReturnType<typeof setInterval> | null = null;
  private port = 0;
  private secure = false;

  private constructor(
    private readonly options: ReferenceGatewayOptions,
    private readonly io: Server,
    readonly journal: JournalStore,
    private readonly presence: PresenceStore,
    private readonly backplane: RedisBackplane | null,
    private readonly auditHeads: AuditHeadStore,
    clock: Clock,
  ) {
    this.log = options.logger ?? silentLogger;
    this.clock = clock;
    this.gatewayId = options.gatewayId ?? `gateway-${randomBytes(3).toString('hex')}`;
    this.rejections = new RejectionCounter(this.log);
    this.source = new SimulatedUnitSource({ beds: options.beds ?? 16, seed: options.seed ?? 1, startAt: clock.wall() });
    this.knownHead = { journalId: 'unknown-journal', head: 0 };
  }

  static async start(options: ReferenceGatewayOptions, listen: { port?: number; host?: string } = {}): Promise<ReferenceGateway> {
    const clock = options.clock ?? systemClock;
    const backplane = options.redisUrl
      ? await RedisBackplane.connect(options.redisUrl, options.redisPrefix, { journal: options.journal, offlineAfterMs: options.peerOfflineAfterMs })
      : null;
    const http: HttpServer = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }) : createHttpServer();
    const io = new Server(http, {
      transports: ['websocket'],
      // What a station sends is small (claims, reports, requests); anything bigger is not ours.
      maxHttpBufferSize: MAX_MESSAGE_BYTES,
      pingInterval: 5_000,
      pingTimeout: 5_000,
      serveClient: false,
      ...(backplane ? { adapter: backplane.adapter() } : {}),
    });
    const journal = backplane?.journal ?? new MemoryJournal(() => clock.wall(), options.journal);
    const presence = backplane?.presence ?? new MemoryPresence(clock, options.peerOfflineAfterMs);
    const auditHeads = backplane?.auditHeads ?? new MemoryAuditHeadStore();
    const gateway = new ReferenceGateway(options, io, journal, presence, backplane, auditHeads, clock);
    gateway.secure = options.tls !== undefined;
    gateway.noteJournal(await journal.state());
    await gateway.sweepPresence();
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
    gateway.housekeeper = setInterval(() => void gateway.housekeeping(), options.housekeepingMs ?? 1_000);
    gateway.log.info('gateway.started', { gatewayId: gateway.gatewayId, port: gateway.port, beds: gateway.source.beds.length, redis: backplane !== null, journalId: gateway.knownHead.journalId });
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

  /** The journal identity and newest position this process knows of. */
  get journalHead(): { journalId: string; head: number } {
    return { ...this.knownHead };
  }

  /**
   * A device-reported alarm (a bedside monitor, the HL7 relay, the admin
   * namespace): the episode changes it makes are journaled, then sent to
   * every station on every process. Resolves once journaled and sent.
   */
  async deviceAlarm(alarm: ProtocolDeviceAlarm): Promise<void> {
    try {
      this.deliver(await this.journal.deviceAlarm(alarm, this.clock.wall()), true);
    } catch (error) {
      this.log.error('gateway.journal-write-failed', { what: 'device-alarm', reason: (error as Error).message.slice(0, 120) });
      throw error;
    }
  }

  triggerScenario(request: ScenarioRequest): { scenario: string; bedId: string | null; seed: number } {
    return this.source.trigger(request, this.clock.wall());
  }

  async close(): Promise<void> {
    if (this.ticker) clearInterval(this.ticker);
    if (this.housekeeper) clearInterval(this.housekeeper);
    for (const session of this.sessions) session.stop();
    this.sessions.clear();
    await this.io.close().catch(() => undefined);
    await this.sweeping?.catch(() => undefined);
    await this.backplane?.close();
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
        if (event.success) this.deliver({ journalId: event.data.journalId, entries: [event.data.entry] }, false);
        else this.rejections.reject('relay', 'schema');
      });
    }
  }

  private onStation(socket: Socket): void {
    const handshake = checkHandshake(socket.handshake.auth, this.options.token);
    if (!handshake.ok) return void socket.disconnect(true);
    const { stationId, heartbeatMs } = handshake.handshake;
    const label = handshake.handshake.label ?? stationId;
    const session = new StationSession(socket, stationId, heartbeatMs, () => this.clock.wall(), this.options.maxBacklogPackets ?? 64, () => this.knownHead);
    this.sessions.add(session);
    this.log.info('gateway.station-connected', { stationId, stations: this.sessions.size });
    this.presenceChange(() => this.presence.connected(stationId, label));
    socket.on(WIRE_EVENTS.resync, (reply: unknown) => void this.onResync(session, reply));
    socket.on(WIRE_EVENTS.journal, (payload: unknown, reply: unknown) => void this.onJournalRequest(session, payload, reply));
    socket.on(WIRE_EVENTS.acknowledge, (payload: unknown, reply: unknown) => void this.onClaim(session, payload, reply));
    socket.on(WIRE_EVENTS.escalation, (payload: unknown) => void this.onEscalation(session, payload));
    socket.on(WIRE_EVENTS.goodbye, (payload: unknown, reply: unknown) => this.onGoodbye(session, payload, reply));
    mountAuditHeads(socket, stationId, { store: this.auditHeads, rejections: this.rejections, log: this.log });
    socket.on('disconnect', (reason) => {
      session.stop();
      this.sessions.delete(session);
      const stillHere = [...this.sessions].some((s) => s.stationId === stationId);
      this.log.info('gateway.station-disconnected', { stationId, reason, goodbye: session.saidGoodbye, stations: this.sessions.size });
      if (!stillHere) this.presenceChange(() => (session.saidGoodbye ? this.presence.closed(stationId) : this.presence.vanished(stationId)));
    });
  }

  /**
   * The current picture, consistent with the journal position it names: read
   * in one step from the journal, then stamped with the connection's stream
   * positions without yielding in between. What the station missed while
   * away it reads from the journal itself (onJournalRequest).
   */
  private async onResync(session: StationSession, reply: unknown): Promise<void> {
    if (typeof reply !== 'function') return this.rejections.reject(session.stationId, 'resync:no-callback');
    let picture;
    try {
      picture = await this.journal.picture();
    } catch (error) {
      // No answer: the station's request times out and it tries again; it never gets a picture we cannot vouch for.
      return this.log.error('gateway.journal-read-failed', { what: 'snapshot', reason: (error as Error).message.slice(0, 120) });
    }
    this.noteJournal(picture.journal);
    const now = this.clock.wall();
    const snapshot: Snapshot = {
      v: PROTOCOL_VERSION,
      type: 'snapshot',
      at: now,
      gatewayId: this.gatewayId,
      seqs: session.position(),
      beds: this.source.beds.map((bed, i) => ({ bed, live: this.source.isLive(i, now) })),
      numerics: this.source.currentNumerics(now),
      ...picture,
      stations: [...this.presenceView.values()].filter((p) => p.stationId !== session.stationId),
    };
    reply(encodeJson(snapshot));
  }

  private async onJournalRequest(session: StationSession, payload: unknown, reply: unknown): Promise<void> {
    if (typeof reply !== 'function') return this.rejections.reject(session.stationId, 'journal:no-callback');
    const decoded = decodeMessage(JournalRequestSchema, payload, MAX_MESSAGE_BYTES);
    if (!decoded.ok) return this.rejections.reject(session.stationId, `journal:${decoded.reason}`);
    try {
      const { journal, entries } = await this.journal.page(decoded.value.after, decoded.value.limit);
      this.noteJournal(journal);
      const page: JournalPage = { v: PROTOCOL_VERSION, type: 'journal-page', journal, entries };
      reply(encodeJson(page));
    } catch (error) {
      this.log.error('gateway.journal-read-failed', { what: 'page', reason: (error as Error).message.slice(0, 120) });
    }
  }

  // ---- acknowledgements and escalations ------------------------------------

  /**
   * First claim of an episode wins, is journaled and goes to every station
   * (the claimant's too: it keeps its journal position whole, and its alarm
   * is already acknowledged); a later claim is answered `superseded` with
   * the winner (that station audits it). A resent winning claim is answered
   * `won` again and journaled once.
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
    const problem = identityProblem(claim.alarm);
    if (problem) {
      this.rejections.reject(session.stationId, `ack:${problem}`);
      return respond({ v: PROTOCOL_VERSION, outcome: 'rejected', reason: problem });
    }
    const candidate: AckRecord = { ackId: claim.ackId, alarm: claim.alarm, by: claim.by, at: claim.at };
    let decision;
    try {
      decision = await this.journal.claim(candidate);
    } catch (error) {
      this.log.error('gateway.journal-write-failed', { what: 'ack', reason: (error as Error).message.slice(0, 120) });
      return respond({ v: PROTOCOL_VERSION, outcome: 'rejected', reason: 'acknowledgement decision unavailable' });
    }
    if (decision.journaled) this.deliver(decision.journaled, true);
    const won = isSameAck(decision.winner, candidate);
    this.log.info('gateway.ack-decided', {
      bedId: claim.alarm.bedId,
      code: claim.alarm.code,
      episodeId: claim.alarm.episodeId,
      station: session.stationId,
      outcome: won ? 'won' : 'superseded',
      winner: decision.winner.by.stationId,
      madeOffline: claim.madeOffline,
    });
    respond({ v: PROTOCOL_VERSION, outcome: won ? 'won' : 'superseded', winner: decision.winner });
  }

  private async onEscalation(session: StationSession, payload: unknown): Promise<void> {
    const decoded = decodeMessage(EscalationReportSchema, payload, MAX_MESSAGE_BYTES);
    if (!decoded.ok) return this.rejections.reject(session.stationId, `escalation:${decoded.reason}`);
    const { v: _v, ...record } = decoded.value;
    if (record.stationId !== session.stationId) return this.rejections.reject(session.stationId, 'escalation:station-mismatch');
    const problem = identityProblem(record.alarm);
    if (problem) return this.rejections.reject(session.stationId, `escalation:${problem}`);
    // The back end's route to pagers: here, the log line an integration would subscribe to.
    this.log.warn('gateway.escalation-page', { bedId: record.alarm.bedId, code: record.alarm.code, level: record.level, station: record.stationId });
    try {
      const journaled = await this.journal.escalate(record);
      if (journaled) this.deliver(journaled, true);
    } catch (error) {
      this.log.error('gateway.journal-write-failed', { what: 'escalation', reason: (error as Error).message.slice(0, 120) });
    }
  }

  /** Answered, so the station disconnects only once we know (an event arriving with the disconnect would be dropped). */
  private onGoodbye(session: StationSession, payload: unknown, reply: unknown): void {
    const decoded = decodeMessage(GoodbyeSchema, payload, MAX_MESSAGE_BYTES);
    if (!decoded.ok) return this.rejections.reject(session.stationId, `bye:${decoded.reason}`);
    session.saidGoodbye = true;
    this.log.info('gateway.station-goodbye', { stationId: session.stationId, reason: decoded.value.reason });
    const answer: GoodbyeAck = { v: PROTOCOL_VERSION, type: 'goodbye-ack' };
    if (typeof reply === 'function') reply(encodeJson(answer));
  }

  // ---- delivery ---------------------------------------------------------------

  /** Journal entries to every station here, in journal order; our own also to the other processes. */
  private deliver(journaled: Journaled, relay: boolean): void {
    const { journalId, entries } = journaled;
    for (const entry of entries) {
      if (journalId === this.knownHead.journalId) this.knownHead.head = Math.max(this.knownHead.head, entry.pos);
      else if (relay) this.noteJournal({ journalId, head: entry.pos });
      for (const session of this.sessions) session.send('events', { type: 'journal', journalId, entry });
      if (relay && this.backplane) this.io.serverSideEmit(RELAY_EVENT, { kind: 'journal', journalId, entry });
    }
  }

  /** What the journal itself says is authoritative: a new id means it was replaced (restarted without it, Redis flushed). */
  private noteJournal(state: { journalId: string; head: number }): void {
    if (state.journalId !== this.knownHead.journalId) {
      if (this.knownHead.journalId !== 'unknown-journal') this.log.error('gateway.journal-replaced', { was: this.knownHead.journalId, now: state.journalId });
      this.knownHead = { journalId: state.journalId, head: state.head };
    } else this.knownHead.head = Math.max(this.knownHead.head, state.head);
  }

  private tick(): void {
    const { frame, numerics } = this.source.tick(this.clock.wall());
    for (const session of this.sessions) {
      // Numerics before the frame: they are state, the frame is disposable.
      if (numerics.length > 0) session.send('numerics', { type: 'numerics', beds: numerics });
      if (frame) session.sendWaveform(frame);
    }
  }

  /** Trims the journal, learns its head (another process may have written), and sweeps presence. */
  private async housekeeping(): Promise<void> {
    try {
      await this.journal.trim();
      this.noteJournal(await this.journal.state());
    } catch (error) {
      this.log.error('gateway.journal-read-failed', { what: 'state', reason: (error as Error).message.slice(0, 120) });
    }
    await this.sweepPresence();
  }

  // ---- presence ---------------------------------------------------------------

  private presenceChange(change: () => Promise<void>): void {
    change()
      .then(() => this.sweepPresence())
      .catch((error: Error) => this.log.error('gateway.presence-failed', { reason: error.message.slice(0, 120) }));
  }

  /** One sweep at a time; a change during a sweep sweeps again after it. Tells the stations here what changed. */
  private sweepPresence(): Promise<void> {
    if (this.sweeping) {
      this.sweepAgain = true;
      return this.sweeping;
    }
    this.sweeping = (async () => {
      do {
        this.sweepAgain = false;
        try {
          await this.presence.alive([...new Set([...this.sessions].map((s) => s.stationId))]);
          this.applyPresence(await this.presence.all());
        } catch (error) {
          this.log.error('gateway.presence-failed', { reason: (error as Error).message.slice(0, 120) });
        }
      } while (this.sweepAgain);
    })().finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private applyPresence(all: readonly StationPresence[]): void {
    const next = new Map(all.map((p) => [p.stationId, p]));
    for (const p of all) {
      if (this.presenceView.get(p.stationId)?.state === p.state) continue;
      this.log[p.state === 'offline' ? 'warn' : 'info']('gateway.station-presence', { stationId: p.stationId, state: p.state });
      for (const session of this.sessions) if (session.stationId !== p.stationId) session.send('events', { type: 'presence', station: p });
    }
    this.presenceView = next;
  }
}

/** What a claim or report may name: station ids are derived (so they must match the rest), device ids never look like them. */
function identityProblem(alarm: AlarmIdentity): string | null {
  if (alarm.origin === 'station') return isStationEpisodeIdOf(alarm.episodeId, alarm.bedId, alarm.code, alarm.priority) ? null : 'episode-id:station';
  return isStationEpisodeId(alarm.episodeId) ? 'episode-id:device' : null;
}
