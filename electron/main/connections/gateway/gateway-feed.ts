import type { GatewayFeedConfig } from '../../../../shared/config/station-config';
import type { Bed } from '../../../../shared/domain/bed';
import { AckOutcomeSchema, type AckClaim, type AckOutcome, type AckRecord } from '../../../../shared/protocol/acknowledgement';
import type { EscalationRecord } from '../../../../shared/protocol/escalation';
import type { HeartbeatMessage } from '../../../../shared/protocol/gateway-message';
import type { HistoryGapReason, JournalPage, JournalPosition, JournalRequest } from '../../../../shared/protocol/journal';
import { decodeMessage, encodeJson } from '../../../../shared/protocol/json-codec';
import { MAX_JOURNAL_PAGE, MAX_MESSAGE_BYTES } from '../../../../shared/protocol/limits';
import type { Goodbye } from '../../../../shared/protocol/presence';
import type { Snapshot } from '../../../../shared/protocol/snapshot';
import type { StreamName } from '../../../../shared/protocol/streams';
import { PROTOCOL_VERSION, WIRE_EVENTS } from '../../../../shared/protocol/version';
import { silentLogger, type Logger } from '../../logging/logger';
import { systemClock, type Clock } from '../../time/clock';
import type { FeedBatch, FeedStationPort, FeedStop, UnitFeed } from '../unit-feed';
import { AckRelay } from './ack-relay';
import { AuditHeadSync } from './audit-head-sync';
import { BedIndexMap } from './bed-index-map';
import { EscalationRelay } from './escalation-relay';
import { GatewayConnection, type GatewayLink } from './gateway-connection';
import { HistoryGapAlarm } from './history-gap-alarm';
import { InboundPipeline, type InboundCounters } from './inbound-pipeline';
import { JournalReader } from './journal-reader';
import { NumericsBuffer } from './numerics-buffer';
import { PeerPresence } from './peer-presence';
import { PositionFile } from './position-file';
import { PositionKeeper } from './position-keeper';
import type { BackoffPolicy } from './reconnect-backoff';
import { SheddingAlarm } from './shedding-alarm';
import { StreamSequencer } from './stream-sequencer';
import { WaveformBuffer } from './waveform-buffer';

export interface GatewayFeedOptions {
  config: GatewayFeedConfig;
  stationId: string;
  /** The unit's beds from the IT config, in wall order. */
  beds: readonly Bed[];
  logger?: Logger;
  /**
   * Heartbeats, backoff, shedding and the journal's hole timer run on
   * `clock.monotonic()`; event and acknowledgement times are `clock.wall()`.
   */
  clock?: Clock;
  /** Where this station keeps its journal position across restarts (in dataDir); absent: in memory only. */
  positionFile?: string;
  /** How other stations name this one when it goes dark, e.g. "ICU 4 central" (default the station id). */
  label?: string;
  backoff?: BackoffPolicy;
  /** Waveform samples held between pulls before the oldest are shed (default ~2 s of a full unit). */
  maxBufferedSamples?: number;
  /** Numerics batches held per bed between pulls (default 16). */
  maxNumericsPerBed?: number;
  /** How long the gateway may take to answer a resync or an acknowledgement claim. */
  requestTimeoutMs?: number;
}

export type ResyncReason = 'connect' | 'gap';

export type GatewayFeedEvent =
  | { type: 'resynced'; reason: ResyncReason; url: string; at: number; tookMs: number }
  | { type: 'lost'; url: string; reason: string; at: number }
  | { type: 'attempt-failed'; url: string; reason: string; at: number }
  | { type: 'ack-decided'; alarmId: string; outcome: AckOutcome; madeOffline: boolean }
  | { type: 'ack-relayed'; ack: AckRecord; alarmId: string | null; applied: boolean }
  | { type: 'escalation-relayed'; record: EscalationRecord }
  | { type: 'history-incomplete'; reason: HistoryGapReason; from: number | null; to: number; alarmId: string };

export interface GatewayFeedStatus {
  url: string | null;
  connected: boolean;
  synced: boolean;
  resyncs: number;
  inbound: InboundCounters;
  shedWaveformSegments: number;
  shedNumericsBatches: number;
  /** Waveform frames the gateway reported dropping for this station (current connection). */
  gatewayShedWaveformFrames: number;
  pendingAckClaims: number;
  remoteEscalations: EscalationRecord[];
  /** Where this station stands in the gateway's episode journal. */
  journal: JournalPosition | null;
}

/** The connection's name in reportConnection, COMMS_LOST and the audit trail. */
export const GATEWAY_CONNECTION = 'gateway';
/** How long a stopping station waits for the gateway to acknowledge its goodbye. */
const GOODBYE_TIMEOUT_MS = 1_000;

/**
 * The hospital back end as the station's unit feed (protocol:
 * shared/protocol). Data flows in three ways, each with its own rule:
 *
 * - waveforms and numerics are buffered (bounded; waveform is shed first,
 *   and counted) and handed to the station on its 40 ms pull, like the
 *   simulator's;
 * - the episode journal (device alarm episodes, acknowledgements,
 *   escalations) is applied the moment an entry arrives, never queued behind
 *   data (journal-reader.ts);
 * - other stations' presence becomes PEER_STATION_* alarms (peer-presence.ts);
 * - connection state goes to station.reportConnection (COMMS_LOST, audited)
 *   as soon as the link is known lost; the beds then go grey by themselves
 *   (BedFeedWatchdog) when their data stops.
 *
 * On every (re)connect, and after any gap, it resyncs: the gateway's
 * snapshot brings beds, numerics and the current alarm picture, then the
 * station reads the journal after its own position, so every episode it
 * missed reaches it (with its real onset and end), or a HISTORY_INCOMPLETE
 * alarm says it cannot. The link counts as up (and COMMS_LOST clears) only
 * once all of that is applied. Stopping the feed after an approved quit
 * says goodbye to the gateway first, so other stations are told this one
 * closed rather than vanished (close()).
 */
export class GatewayFeed implements UnitFeed {
  readonly kind = 'gateway' as const;
  readonly beds: readonly Bed[];
  private readonly log: Logger;
  /** Wall clock, for times people read (events, acknowledgements). */
  private readonly now: () => number;
  private readonly clock: Clock;
  private readonly bedMap: BedIndexMap;
  private readonly sequencer = new StreamSequencer();
  private readonly waveforms: WaveformBuffer;
  private readonly numerics: NumericsBuffer;
  private readonly pipeline: InboundPipeline;
  private readonly connection: GatewayConnection;
  private readonly listeners = new Set<(event: GatewayFeedEvent) => void>();
  private readonly requestTimeoutMs: number;
  private station: FeedStationPort | null = null;
  private ackRelay: AckRelay | null = null;
  private escalationRelay: EscalationRelay | null = null;
  private auditHeads: AuditHeadSync | null = null;
  private reader: JournalReader | null = null;
  private peers: PeerPresence | null = null;
  private positions: PositionKeeper | null = null;
  private shedding: SheddingAlarm | null = null;
  private cleanups: Array<() => void> = [];
  private link: GatewayLink | null = null;
  private synced = false;
  /** Stopping: what arrives is no longer applied, the connection is no longer reported. */
  private closing = false;
  private stopped: Promise<void> | null = null;
  private resyncInFlight = false;
  private resyncs = 0;
  private gatewayShed = 0;
  private missingBedsLogged = '';

  constructor(private readonly options: GatewayFeedOptions) {
    this.beds = options.beds;
    this.log = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.now = () => this.clock.wall();
    this.requestTimeoutMs = options.requestTimeoutMs ?? 5000;
    this.bedMap = new BedIndexMap(options.beds);
    this.waveforms = new WaveformBuffer(options.maxBufferedSamples ?? 64 * 3 * 250 * 2);
    this.numerics = new NumericsBuffer(options.beds.length, options.maxNumericsPerBed ?? 16);
    this.pipeline = new InboundPipeline(
      {
        numerics: (bedIndex, numerics, sentAt) => {
          if (this.numerics.push(bedIndex, numerics, sentAt) > 0) this.shed('numerics');
        },
        journal: (journalId, entry) => {
          if (this.reader?.live(journalId, entry) === 'resync') this.resyncSafely('gap');
        },
        presence: (station) => this.peers?.update(station),
        heartbeat: (heartbeat) => this.onHeartbeat(heartbeat),
        waveform: (segment) => {
          if (this.waveforms.push(segment) > 0) this.shed('waveform');
        },
        gap: (stream) => this.onGap(stream),
      },
      (reason) => this.reject(reason),
      this.bedMap,
      this.sequencer,
    );
    this.connection = new GatewayConnection(
      {
        urls: options.config.urls,
        stationId: options.stationId,
        label: options.label,
        token: options.config.token,
        caFile: options.config.caFile,
        heartbeatMs: options.config.heartbeatMs,
        connectTimeoutMs: options.config.connectTimeoutMs,
        backoff: options.backoff,
        logger: this.log,
        // Heartbeat silence is a duration: a clock set forward must not drop the link, one set back hide a dead one.
        now: () => this.clock.monotonic(),
      },
      {
        opened: (link) => (this.closing ? link.close('station closing') : this.onOpened(link)),
        lost: (url, reason) => {
          if (!this.closing) this.onLost(url, reason);
        },
        attemptFailed: (url, reason) => {
          if (!this.closing) this.onAttemptFailed(url, reason);
        },
        message: (payload) => {
          if (!this.closing) this.pipeline.message(payload);
        },
        waveform: (seq, frame) => {
          if (!this.closing) this.pipeline.waveform(seq, frame);
        },
        unknownEvent: (name) => this.reject(`unknown-event`, name),
      },
    );
  }

  pull(): FeedBatch {
    this.shedding?.tick(this.clock.monotonic());
    return { segments: this.waveforms.drain(), numerics: this.numerics.drain() };
  }

  attach(station: FeedStationPort): FeedStop {
    if (this.station) throw new Error('the gateway feed is already attached to a station');
    this.station = station;
    this.shedding = new SheddingAlarm(station.alarms);
    this.peers = new PeerPresence(this.options.stationId, station.alarms, this.log);
    this.ackRelay = new AckRelay({
      stationId: this.options.stationId,
      alarms: station.alarms,
      audit: station.audit,
      log: this.log,
      now: this.now,
      claim: (claim) => this.sendClaim(claim),
      decided: (event) => this.emit({ type: 'ack-decided', ...event }),
      relayed: (event) => this.emit({ type: 'ack-relayed', ...event }),
    });
    this.escalationRelay = new EscalationRelay({
      stationId: this.options.stationId,
      alarms: station.alarms,
      log: this.log,
      send: (report) => (this.synced && this.link ? this.link.send(WIRE_EVENTS.escalation, encodeJson(report)) : false),
      relayed: (record) => this.emit({ type: 'escalation-relayed', record }),
    });
    const positionFile = new PositionFile(this.options.positionFile ?? null, this.options.stationId);
    this.positions = new PositionKeeper(positionFile, station.audit, this.log, this.clock);
    const gap = new HistoryGapAlarm(station.alarms, this.beds, this.log);
    const ackRelay = this.ackRelay;
    const escalationRelay = this.escalationRelay;
    this.reader = new JournalReader({
      episodes: {
        ingest: (episode, delivered) => station.ingestEpisode(episode, delivered),
        isOpen: (episodeId) => station.alarms.isEpisodeOpen(episodeId),
        endUnknown: (episodeId) => void station.alarms.endEpisodeUnknown(episodeId),
      },
      acks: ackRelay,
      escalations: escalationRelay,
      gap: {
        raise: (reason, from, to) => {
          const alarmId = gap.raise(reason, from, to);
          this.emit({ type: 'history-incomplete', reason, from, to, alarmId });
          return alarmId;
        },
      },
      positions: this.positions,
      loaded: positionFile.load(),
      log: this.log,
      clock: this.clock,
    });
    this.ackRelay.start();
    this.auditHeads = new AuditHeadSync({
      audit: station.audit,
      log: this.log,
      clock: this.clock,
      request: (event, payload) => this.requestWhenSynced(event, payload),
      reject: (reason) => this.reject(reason),
    });
    this.cleanups.push(this.auditHeads.start());
    const relay = this.escalationRelay;
    this.cleanups.push(station.onEscalation((event) => relay.local(event)));
    this.connection.start();
    return (how) => this.close(how);
  }

  /**
   * Stops the feed: from now on nothing it receives reaches the station, and
   * it keeps its journal position. With `goodbye` (the station closes after
   * an approved quit, see Station.dispose) it says goodbye to the gateway
   * first, so the other stations are told this one was closed rather than
   * that it went dark, and disconnects once the gateway has answered, or
   * after GOODBYE_TIMEOUT_MS. Without it, it disconnects at once, and the
   * others see it offline after the gateway's grace period, as if it had
   * been killed. Resolves when disconnected; a caller that is about to exit
   * the process awaits it. A second call returns the first one's promise.
   */
  close(how: { goodbye: boolean } = { goodbye: false }): Promise<void> {
    if (this.stopped) return this.stopped;
    this.closing = true;
    this.ackRelay?.stop();
    this.positions?.close();
    this.cleanups.splice(0).forEach((c) => c());
    this.synced = false;
    const link = how.goodbye ? this.link : null;
    this.link = null;
    const goodbye: Goodbye = { v: PROTOCOL_VERSION, reason: 'closed' };
    // Acknowledged before disconnecting: a server drops an event that arrives in the same breath as the disconnect.
    const said = link ? link.request(WIRE_EVENTS.goodbye, encodeJson(goodbye), GOODBYE_TIMEOUT_MS) : Promise.resolve(null);
    this.stopped = said.then(
      (answer) => {
        if (link) this.log[answer === null ? 'warn' : 'info']('gateway.goodbye', { url: link.url, acknowledged: answer !== null });
        this.connection.close();
      },
      () => this.connection.close(),
    );
    return this.stopped;
  }

  /** Every connection, resync and relay event (for the status screen and the tests). */
  onEvent(listener: (event: GatewayFeedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): GatewayFeedStatus {
    return {
      url: this.link?.url ?? null,
      connected: this.link !== null,
      synced: this.synced,
      resyncs: this.resyncs,
      inbound: { ...this.pipeline.counters },
      shedWaveformSegments: this.waveforms.shed,
      shedNumericsBatches: this.numerics.shed,
      gatewayShedWaveformFrames: this.gatewayShed,
      pendingAckClaims: this.ackRelay?.pendingClaims ?? 0,
      remoteEscalations: this.escalationRelay?.levels() ?? [],
      journal: this.reader?.position() ?? null,
    };
  }

  /** The status, in words, for the admin status screen. */
  describe(): Array<{ label: string; value: string }> {
    const s = this.status();
    return [
      { label: 'Gateway', value: s.url ?? 'not connected' },
      { label: 'Connected / synced', value: `${s.connected ? 'yes' : 'no'} / ${s.synced ? 'yes' : 'no'}` },
      { label: 'Resyncs', value: String(s.resyncs) },
      { label: 'Waveform segments shed (here / at the gateway)', value: `${s.shedWaveformSegments} / ${s.gatewayShedWaveformFrames}` },
      { label: 'Numerics batches shed', value: String(s.shedNumericsBatches) },
      { label: 'Acknowledgements waiting to be sent', value: String(s.pendingAckClaims) },
      { label: 'Alarm journal position', value: s.journal ? `${s.journal.journalId} #${s.journal.pos}` : 'none' },
      { label: 'Journal position kept in', value: this.options.positionFile ?? 'memory only: every start is a start without a position' },
      { label: 'Other stations', value: this.peers?.describe() ?? 'not attached' },
      ...(this.auditHeads?.describe() ?? []),
    ];
  }

  /** The inbound pipeline itself (the fuzz test and the ingest benchmark drive it directly). */
  get inbound(): InboundPipeline {
    return this.pipeline;
  }

  // ---- connection lifecycle ----------------------------------------------

  private onOpened(link: GatewayLink): void {
    this.link = link;
    this.synced = false;
    this.gatewayShed = 0;
    this.sequencer.unsync();
    this.log.info('gateway.connected', { url: link.url });
    this.resyncSafely('connect');
  }

  private onLost(url: string, reason: string): void {
    const wasSynced = this.synced;
    this.link = null;
    this.synced = false;
    this.resyncInFlight = false;
    this.sequencer.unsync();
    this.ackRelay?.setOnline(false);
    this.auditHeads?.disconnected();
    this.log.warn('gateway.lost', { url, reason: reason.slice(0, 120), wasSynced });
    this.station?.reportConnection(GATEWAY_CONNECTION, false, reason);
    this.emit({ type: 'lost', url, reason, at: this.now() });
  }

  private onAttemptFailed(url: string, reason: string): void {
    this.log.warn('gateway.attempt-failed', { url, reason: reason.slice(0, 120) });
    this.station?.reportConnection(GATEWAY_CONNECTION, false, reason);
    this.emit({ type: 'attempt-failed', url, reason, at: this.now() });
  }

  /** A resync that fails in our own code (not on the wire) drops the link, so the reconnect resyncs afresh. */
  private resyncSafely(reason: ResyncReason): void {
    this.resync(reason).catch((error: Error) => {
      this.resyncInFlight = false;
      this.log.error('gateway.resync-failed', { reason: error.message.slice(0, 200) });
      this.link?.close('resync failed', true);
    });
  }

  private async resync(reason: ResyncReason): Promise<void> {
    const link = this.link;
    if (!link || this.resyncInFlight) return;
    this.resyncInFlight = true;
    const startedAt = this.clock.monotonic();
    const reply = await link.request(WIRE_EVENTS.resync, undefined, this.requestTimeoutMs);
    if (this.link !== link) return; // the link went away meanwhile; the next one resyncs itself
    if (reply === null) return this.failResync(link, 'no answer to resync');
    const snapshot = this.pipeline.snapshot(reply);
    if (!snapshot) return this.failResync(link, 'invalid snapshot');
    this.applySnapshot(snapshot);
    // What happened while we were away: read from the journal, after our own position.
    const caughtUp = await this.reader!.catchUp(snapshot, (after) => this.fetchJournal(link, snapshot.journal.journalId, after));
    if (this.link !== link) return;
    this.resyncInFlight = false;
    if (!caughtUp) return this.failResync(link, 'journal unreadable');
    this.resyncs++;
    const firstSync = !this.synced;
    this.synced = true;
    if (firstSync) {
      this.station?.reportConnection(GATEWAY_CONNECTION, true);
      this.ackRelay?.setOnline(true);
      this.escalationRelay?.flush();
      this.auditHeads?.connected().catch((error: Error) => this.log.error('gateway.audit-heads-failed', { reason: error.message.slice(0, 200) }));
    }
    const tookMs = Math.round(this.clock.monotonic() - startedAt);
    this.log.info('gateway.resynced', { url: link.url, reason, tookMs, beds: snapshot.beds.length, episodes: snapshot.episodes.length, journal: snapshot.journal.journalId, head: snapshot.journal.head });
    this.emit({ type: 'resynced', reason, url: link.url, at: this.now(), tookMs });
  }

  private failResync(link: GatewayLink, reason: string): void {
    this.resyncInFlight = false;
    link.close(reason, true);
  }

  private async fetchJournal(link: GatewayLink, journalId: string, after: number): Promise<JournalPage | null> {
    const request: JournalRequest = { v: PROTOCOL_VERSION, journalId, after, limit: MAX_JOURNAL_PAGE };
    const reply = await link.request(WIRE_EVENTS.journal, encodeJson(request), this.requestTimeoutMs);
    if (reply === null || this.link !== link) return null;
    return this.pipeline.journalPage(reply);
  }

  /**
   * Makes this station's picture the snapshot's: bed map, current numerics,
   * other stations' presence and the stream positions. Synchronous, so no
   * stream message can slip in between; later messages continue from
   * `seqs`. The alarm picture comes with the journal (JournalReader.catchUp).
   */
  private applySnapshot(snapshot: Snapshot): void {
    const missing = this.bedMap.update(snapshot.beds.map((b) => b.bed.bedId));
    const missingKey = missing.join(',');
    if (missing.length > 0 && missingKey !== this.missingBedsLogged) this.log.warn('gateway.beds-not-at-gateway', { beds: missingKey.slice(0, 200) });
    this.missingBedsLogged = missingKey;
    const live = new Set(snapshot.beds.filter((b) => b.live).map((b) => b.bed.bedId));
    for (const { bedId, numerics } of snapshot.numerics) {
      const index = this.bedMap.stationIndexOf(bedId);
      if (index !== undefined && live.has(bedId)) this.numerics.push(index, numerics, snapshot.at);
    }
    this.peers?.replace(snapshot.stations);
    this.sequencer.sync(snapshot.seqs);
  }

  private onGap(stream: StreamName): void {
    this.log.warn('gateway.sequence-gap', { stream });
    if (this.synced) this.resyncSafely('gap');
  }

  private onHeartbeat(heartbeat: HeartbeatMessage): void {
    const behind = this.sequencer.behind(heartbeat.seqs);
    if (behind.length > 0) {
      this.log.warn('gateway.sequence-gap', { stream: behind.join(','), via: 'heartbeat' });
      if (this.synced) this.resyncSafely('gap');
    } else if (this.synced && this.reader?.heartbeat(heartbeat) === 'resync') {
      this.log.warn('gateway.journal-gap', { journal: heartbeat.journal.journalId, head: heartbeat.journal.head });
      this.resyncSafely('gap');
    }
    if (heartbeat.shedWaveformFrames > this.gatewayShed) {
      const newly = heartbeat.shedWaveformFrames - this.gatewayShed;
      this.gatewayShed = heartbeat.shedWaveformFrames;
      this.station?.rejections.reject(this.source(), 'shed:waveform-at-gateway');
      this.log.warn('gateway.shed-at-gateway', { frames: newly });
      this.shedding?.shed('waveform', this.clock.monotonic());
    }
  }

  private requestWhenSynced(event: string, payload: Uint8Array): Promise<unknown> {
    return this.link && this.synced ? this.link.request(event, payload, this.requestTimeoutMs) : Promise.resolve(null);
  }

  private async sendClaim(claim: AckClaim): Promise<AckOutcome | null> {
    const link = this.link;
    if (!link || !this.synced) return null;
    const reply = await link.request(WIRE_EVENTS.acknowledge, encodeJson(claim), this.requestTimeoutMs);
    if (reply === null) return null;
    const outcome = decodeMessage(AckOutcomeSchema, reply, MAX_MESSAGE_BYTES);
    if (outcome.ok) return outcome.value;
    this.reject(`ack-outcome:${outcome.reason}`);
    return { v: claim.v, outcome: 'rejected', reason: `unreadable answer (${outcome.reason})`.slice(0, 120) };
  }

  // ---- counting ------------------------------------------------------------

  private shed(what: 'waveform' | 'numerics'): void {
    this.station?.rejections.reject(this.source(), `shed:${what}`);
    this.shedding?.shed(what, this.clock.monotonic());
  }

  private reject(reason: string, detail?: string): void {
    if (detail) this.log.debug('gateway.rejected-detail', { reason, detail });
    this.station?.rejections.reject(this.source(), reason);
  }

  /** Rejections are counted per gateway (source) and reason. */
  private source(): string {
    return `gateway:${hostOf(this.link?.url ?? this.options.config.urls[0]!)}`;
  }

  private emit(event: GatewayFeedEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log.error('gateway.event-listener-failed', { reason: (error as Error).message.slice(0, 120) });
      }
    }
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'unknown';
  }
}
