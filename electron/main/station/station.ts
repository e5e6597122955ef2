import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StationConfig } from '../../../shared/config/station-config';
import type { Bed } from '../../../shared/domain/bed';
import type { BedStatus } from '../../../shared/domain/bed-status';
import type { Numeric, NumericKind } from '../../../shared/domain/numeric';
import type { ScenarioRequest } from '../../../shared/domain/scenario';
import type { StationStatus } from '../../../shared/domain/station-status';
import type { AlarmsUpdate } from '../../../shared/domain/station-event';
import type { UnitSnapshot } from '../../../shared/domain/unit';
import type { EventChannel, EventPayload, InvokeResponse } from '../../../shared/ipc/contract';
import { SEGMENT_FLAG_LEAD_OFF, encodeWaveformFrame } from '../../../shared/waveform/frame';
import { AlarmEngine, type EscalationEvent } from '../alarms/alarm-engine';
import type { DeviceAlarmInput } from '../alarms/device-alarm';
import type { AuditHealth } from '../audit/audit-health';
import { SessionManager } from '../auth/session-manager';
import type { UserDirectory } from '../auth/user-directory';
import { BedFeedWatchdog } from '../connections/bed-feed-watchdog';
import type { UnitFeed } from '../connections/unit-feed';
import { silentLogger, type Logger } from '../logging/logger';
import { AuditReview } from './audit-review';
import { currentNumerics } from './current-numerics';
import { InputRejections } from './input-rejections';
import { OperatorActions } from './operator-actions';
import type { StationAuditTrail } from './station-audit';
import { ViewHealth } from './view-health';
import { ViewRegistry, type StationView } from './view-registry';
import { TickPipeline } from '../pipeline/tick-pipeline';
import { tapAlarmEvents } from '../pipeline/alarm-event-tap';
import type { DisclosureReview } from '../disclosure/disclosure-review';
import { UpdateCoordinator } from '../updates/update-coordinator';

export type { StationView } from './view-registry';

export interface StationOptions {
  config: StationConfig;
  feed: UnitFeed;
  wallMode: boolean;
  audit: StationAuditTrail;
  users: UserDirectory;
  now?: () => number;
  /** Waveform batch period; ~40 ms keeps the sweep smooth at 25 messages/s. */
  tickMs?: number;
  logger?: Logger;
  /** How long a view may go without its heartbeat before RENDERER_UNRESPONSIVE. */
  viewTimeoutMs?: number;
  /** Per-start part of alarm ids (tests pin it). */
  alarmIdPrefix?: string;
  /** Where audit exports are written; default the OS temp folder. */
  exportDir?: string;
  /** In-app updates (built by createStation); default: off. */
  updates?: UpdateCoordinator;
}

export interface AttachedView {
  viewId: string;
  detach(): void;
}

export class ScenarioUnavailableError extends Error {}

/**
 * Owns the unit's services and is the single API the views talk to. It
 * imports nothing from `electron`, so the same object runs inside the app and
 * inside the Node test host.
 *
 * Each tick pulls the feed, lets the watchdog and the alarm engine see the
 * new data, and only then fans data out: a view always learns that a bed is
 * silent, and about every alarm, before it gets more waveform for it.
 */
export class Station {
  readonly beds: readonly Bed[];
  readonly alarms: AlarmEngine;
  readonly sessions: SessionManager;
  readonly actions: OperatorActions;
  readonly rejections: InputRejections;
  readonly audit: StationAuditTrail;
  readonly review: AuditReview;
  readonly users: UserDirectory;
  readonly updates: UpdateCoordinator;
  /** The station's stream for its consumers: the views (subscribed first), the recorder, … (tick-pipeline.ts). */
  readonly pipeline: TickPipeline;
  private disclosureReview: DisclosureReview | null = null;
  private readonly watchdog: BedFeedWatchdog;
  private readonly latestNumerics: Map<NumericKind, Numeric>[];
  private readonly views = new ViewRegistry();
  private readonly viewHealth: ViewHealth;
  private readonly bedIndex: Map<string, number>;
  /** Numerics pushed between ticks (HL7, back end); fanned out with the next tick. */
  private pushedNumerics: Array<{ bedIndex: number; numerics: Numeric[] }> = [];
  private readonly connectionsDown = new Map<string, string>();
  /** The newest alarm state not yet sent (see queueAlarmBroadcast). */
  private pendingAlarms: AlarmsUpdate | null = null;
  private readonly now: () => number;
  private readonly log: Logger;
  private readonly cleanups: Array<() => unknown> = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly tickMs: number;
  private feedConnected = false;

  constructor(private readonly options: StationOptions) {
    const { config } = options;
    this.beds = options.feed.beds;
    this.tickMs = options.tickMs ?? 40;
    this.now = options.now ?? Date.now;
    this.log = options.logger ?? silentLogger;
    this.audit = options.audit;
    this.users = options.users;
    this.updates = options.updates ?? UpdateCoordinator.off(this.audit);
    // Silence is only looked at once a tick, so the watchdog's threshold is one
    // tick short of the configured timeout: a silent bed is detected WITHIN it.
    this.watchdog = new BedFeedWatchdog(
      this.beds.map((b) => b.bedId),
      config.noDataTimeoutMs - this.tickMs,
      this.now(),
    );
    this.latestNumerics = this.beds.map(() => new Map());
    this.bedIndex = new Map(this.beds.map((b, i) => [b.bedId, i]));
    this.viewHealth = new ViewHealth(options.viewTimeoutMs);
    this.rejections = new InputRejections(this.audit, { logger: this.log });
    this.pipeline = new TickPipeline(this.log);
    // The views are the pipeline's first subscriber: nothing another consumer does runs before the wall has its data.
    this.pipeline.subscribe({
      name: 'views',
      tick: (tick) => {
        if (tick.segments.length) this.broadcastWaveform(encodeWaveformFrame(tick.segments));
        if (tick.numerics.length) this.broadcast('unit:numerics', { sentAt: tick.at, beds: tick.numerics.map(({ bedId, numerics }) => ({ bedId, numerics: [...numerics] })) });
      },
    });
    this.alarms = new AlarmEngine({
      stationId: config.stationId,
      beds: this.beds.map((b) => b.bedId),
      // Every step of every alarm's life also goes to the pipeline (the recorder files them).
      audit: tapAlarmEvents(this.audit, (event) => this.pipeline.alarmEvent(event)),
      clock: this.now,
      idPrefix: options.alarmIdPrefix,
      defaultProfile: config.alarms.defaultProfile,
      escalation: config.alarms.escalation,
      logger: this.log,
    });
    this.sessions = new SessionManager({
      directory: options.users,
      audit: this.audit,
      wall: { wallMode: options.wallMode, allowClinicalActions: config.wall.allowClinicalActions },
      inactivityTimeoutMs: config.sessions.inactivityTimeoutMs,
      clock: this.now,
      logger: this.log,
    });
    this.actions = new OperatorActions({ views: this.views, sessions: this.sessions, alarms: this.alarms, clock: this.now });
    this.review = new AuditReview({ audit: this.audit, exportDir: options.exportDir ?? join(tmpdir(), 'vigil-exports'), clock: this.now });

    this.cleanups.push(
      this.alarms.onChange((update) => this.queueAlarmBroadcast(update)),
      this.alarms.onEscalation((event) => this.log.warn('alarm.escalated', { alarmId: event.alarmId, bedId: event.bedId, level: event.level })),
      this.sessions.onSessionEnded((ended) => {
        const viewId = this.views.viewOfSession(ended.sessionId);
        if (viewId === null) return;
        this.views.bindSession(viewId, null);
        this.sendTo(viewId, 'session:changed', null);
      }),
      this.audit.onHealth((health) => this.onAuditHealth(health)),
    );
    this.onAuditHealth(this.audit.health);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(this.now()), this.tickMs);
    this.log.info('station.started', { beds: this.beds.length, feed: this.options.feed.kind, tickMs: this.tickMs });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Starts a feed that connects somewhere (the back end) and pushes into the
   * station; dispose() stops it. Separate from start() so a test can connect
   * a feed without ticking.
   */
  connectFeed(): void {
    if (this.feedConnected) return;
    this.feedConnected = true;
    const disconnect = this.options.feed.attach?.(this);
    if (disconnect) this.onDispose(disconnect);
  }

  /** Something the station owns that must stop with it (e.g. an HL7 listener). */
  onDispose(stop: () => unknown): void {
    this.cleanups.push(stop);
  }

  /** Stops ticking, disconnects the feed and releases listeners; the caller closes the audit trail afterwards. */
  dispose(): void {
    this.stop();
    this.rejections.dispose();
    this.cleanups.splice(0).forEach((c) => c());
  }

  /**
   * A view receives every event from now on; it should fetch `snapshot()`
   * first. Requests from it carry the returned viewId. Until its first
   * heartbeat it counts as a view that cannot be proven to annunciate.
   */
  attach(view: StationView): AttachedView {
    const viewId = this.views.add(view);
    this.viewHealth.attached(viewId, this.now());
    return {
      viewId,
      detach: () => {
        const sessionId = this.views.remove(viewId);
        this.viewHealth.detached(viewId);
        // A session belongs to its screen: closing the screen signs its user out.
        if (sessionId !== null) {
          this.sessions.signOut(sessionId).catch((error: Error) => this.log.error('session.sign-out-not-audited', { reason: error.message.slice(0, 200) }));
        }
        this.evaluateViewHealth(this.now());
      },
    };
  }

  /** The view's heartbeat: its alarm audio's health and whether its user is still there. */
  reportView(viewId: string, report: { audio: { ok: true } | { ok: false; reason: string }; userActive: boolean }): void {
    if (!this.views.has(viewId)) return;
    const now = this.now();
    this.viewHealth.report(viewId, report.audio, now);
    if (report.userActive) this.actions.touch(viewId);
    this.evaluateViewHealth(now);
  }

  /**
   * A software fault in the station itself (an exception nothing else
   * caught): a HIGH technical alarm, because what failed may be part of the
   * alarm path. Never throws.
   */
  raiseFault(reason: string): void {
    try {
      this.alarms.raiseTechnical('STATION_FAULT', { bedId: null, priority: 'HIGH', message: 'Station software fault: tell IT (details in the log)' }, this.now());
      this.flushAlarmBroadcast();
    } catch (error) {
      this.log.error('station.fault-not-raised', { reason: (error as Error).message.slice(0, 200) });
    }
    this.log.error('station.fault', { reason: reason.slice(0, 200) });
  }

  /** The full-disclosure review (createStation sets it once the recorder runs); null on a station without one. */
  get disclosure(): DisclosureReview | null {
    return this.disclosureReview;
  }

  useDisclosure(review: DisclosureReview): void {
    this.disclosureReview = review;
  }

  /** For the back-end connection: every escalation step, to be routed to pagers (the engine's own subscription). */
  onEscalation(listener: (event: EscalationEvent) => void): () => void {
    return this.alarms.onEscalation(listener);
  }

  /**
   * One pass: pull the feed, let watchdog and alarms see it, then fan out.
   * A failing pass is a fault (a technical alarm), never a stopped station:
   * the next tick runs regardless.
   */
  tick(now: number): void {
    try {
      this.runTick(now);
    } catch (error) {
      this.raiseFault(`tick failed: ${(error as Error).message}`);
    }
  }

  private runTick(now: number): void {
    let batch;
    try {
      batch = this.options.feed.pull(now);
    } catch (error) {
      // A broken feed must not stop the watchdog: its beds will go no-data.
      this.log.error('feed.pull-failed', { reason: (error as Error).message });
      batch = { segments: [], numerics: [] };
    }
    if (this.pushedNumerics.length) {
      batch = { segments: batch.segments, numerics: [...batch.numerics, ...this.pushedNumerics] };
      this.pushedNumerics = [];
    }

    for (const segment of batch.segments) {
      this.watchdog.recordData(segment.bedIndex, now);
      if (segment.channel === 'ecg') this.watchdog.recordLeadOff(segment.bedIndex, (segment.flags & SEGMENT_FLAG_LEAD_OFF) !== 0);
    }
    const numericsUpdate: Array<{ bedIndex: number; bedId: string; numerics: Numeric[] }> = [];
    for (const { bedIndex, numerics: offered } of batch.numerics) {
      const bed = this.beds[bedIndex];
      const latest = this.latestNumerics[bedIndex];
      if (!bed || !latest) continue;
      const numerics = this.current(offered, now);
      if (numerics.length === 0) continue;
      this.watchdog.recordData(bedIndex, now);
      for (const n of numerics) latest.set(n.kind, n);
      numericsUpdate.push({ bedIndex, bedId: bed.bedId, numerics });
    }

    // Status first: a view must learn a bed is silent before anything else about it.
    const changed = this.watchdog.evaluate(now);
    if (changed.length) this.onStatusChange(changed, now);
    for (const { bedId, numerics } of numericsUpdate) this.alarms.observeNumerics(bedId, numerics, now);
    this.alarms.tick(now);
    this.sessions.tick(now);
    this.evaluateViewHealth(now);
    this.flushAlarmBroadcast();

    this.pipeline.publish({ at: now, segments: batch.segments, numerics: numericsUpdate, statuses: changed });
  }

  /**
   * A device-reported alarm pushed by a connection (HL7 PCD-04, the back
   * end). Taken at once, not on the next tick: alarms never wait behind data.
   * Returns false for a bed this station does not show.
   */
  ingestDeviceAlarm(alarm: DeviceAlarmInput): boolean {
    if (!this.bedIndex.has(alarm.bedId)) return false;
    this.alarms.deviceAlarm(alarm, this.now());
    return true;
  }

  /**
   * Numerics pushed by a connection (HL7 PCD-01): current ones count as data
   * from the bed at once and are evaluated and shown with the next tick.
   * 'unknown-bed' for a bed this station does not show; 'not-current' when
   * none was measured recently enough to count (they are dropped, counted).
   */
  ingestNumerics(bedId: string, numerics: Numeric[]): 'accepted' | 'unknown-bed' | 'not-current' {
    const index = this.bedIndex.get(bedId);
    if (index === undefined) return 'unknown-bed';
    const now = this.now();
    const current = this.current(numerics, now);
    if (current.length === 0) return 'not-current';
    this.watchdog.recordData(index, now);
    this.pushedNumerics.push({ bedIndex: index, numerics: current });
    return 'accepted';
  }

  /**
   * A connection the unit depends on (the back end, a device gateway) went
   * up or down. Down raises COMMS_LOST (HIGH, unit-wide) until every
   * connection is back; both directions are audited.
   */
  reportConnection(name: string, up: boolean, reason = ''): void {
    const wasDown = this.connectionsDown.has(name);
    if (up === !wasDown) return;
    const now = this.now();
    if (up) this.connectionsDown.delete(name);
    else this.connectionsDown.set(name, reason);
    this.audit.record({ action: up ? 'connection.up' : 'connection.down', details: { connection: name, reason: reason.slice(0, 120) } });
    this.log[up ? 'info' : 'error']('connection.state', { connection: name, up, reason: reason.slice(0, 120) });
    if (this.connectionsDown.size === 0) this.alarms.clearTechnical('COMMS_LOST', null, now);
    else this.alarms.raiseTechnical('COMMS_LOST', { bedId: null }, now);
  }

  /** For the admin status screen. */
  status(): StationStatus {
    return {
      stationId: this.options.config.stationId,
      audit: this.review.status(),
      rejections: { total: this.rejections.totalRejected, bySourceAndReason: this.rejections.summary() },
      connectionsDown: [...this.connectionsDown].map(([name, reason]) => ({ name, reason })),
      views: this.views.size,
      feed: { kind: this.options.feed.kind, facts: this.options.feed.describe?.() ?? [] },
    };
  }

  snapshot(): UnitSnapshot {
    const statuses = this.watchdog.statuses();
    const numerics: Record<string, Numeric[]> = {};
    this.beds.forEach((bed, i) => {
      // Never hand out numbers for a bed we cannot prove is live.
      numerics[bed.bedId] = statuses[i]?.feed === 'live' ? [...(this.latestNumerics[i]?.values() ?? [])] : [];
    });
    return {
      stationId: this.options.config.stationId,
      unitName: this.options.config.unitName,
      feedKind: this.options.feed.kind,
      beds: [...this.beds],
      statuses,
      numerics,
      alarms: this.alarms.snapshot(),
      noDataTimeoutMs: this.options.config.noDataTimeoutMs,
      wallMode: this.options.wallMode,
      clinicalActionsAllowed: !this.options.wallMode || this.options.config.wall.allowClinicalActions,
      scenariosEnabled: this.scenariosEnabled(),
      generatedAt: this.now(),
    };
  }

  scenariosEnabled(): boolean {
    return !this.options.wallMode && this.options.config.scenarioControls && this.options.feed.triggerScenario !== undefined;
  }

  triggerScenario(request: ScenarioRequest): InvokeResponse<'scenario:trigger'> {
    const feed = this.options.feed;
    if (!this.scenariosEnabled() || !feed.triggerScenario) throw new ScenarioUnavailableError('scenario controls are not enabled on this station');
    const result = feed.triggerScenario(request, this.now());
    this.log.info('scenario.triggered', { scenario: result.scenario, bedId: result.bedId, seed: result.seed });
    return result;
  }

  /** Sends one view (and only it) an event, e.g. its own session ending. */
  sendTo<E extends EventChannel>(viewId: string, channel: E, payload: EventPayload<E>): void {
    const view = this.views.view(viewId);
    if (!view) return;
    try {
      view.event(channel, payload);
    } catch (error) {
      this.log.warn('view.event-failed', { channel, reason: (error as Error).message });
    }
  }

  /**
   * Every update carries the whole alarm state, so changes made in one go (a
   * device reporting 64 alarms, one tick's evaluations) are sent once, with
   * the newest state, at the end of that task: sooner than any other event
   * of the tick (tick() flushes before it sends waveforms), and without 64
   * full lists for 64 alarms.
   */
  private queueAlarmBroadcast(update: AlarmsUpdate): void {
    const first = this.pendingAlarms === null;
    this.pendingAlarms = update;
    if (first) queueMicrotask(() => this.flushAlarmBroadcast());
  }

  private flushAlarmBroadcast(): void {
    const update = this.pendingAlarms;
    if (update === null) return;
    this.pendingAlarms = null;
    this.broadcast('unit:alarms', update);
  }

  /** The offered numerics that are current; the rest are counted as rejected input. */
  private current(offered: readonly Numeric[], now: number): Numeric[] {
    const numerics = currentNumerics(offered, now, this.options.config.noDataTimeoutMs);
    if (numerics.length < offered.length) this.rejections.reject('numerics', 'measured too long ago or in the future');
    return numerics;
  }

  private onStatusChange(changed: BedStatus[], now: number): void {
    for (const status of changed) {
      if (status.feed !== 'live') {
        const index = this.beds.findIndex((b) => b.bedId === status.bedId);
        this.latestNumerics[index]?.clear();
      }
      this.log.info('bed.feed-state', { bedId: status.bedId, feed: status.feed, ecgLeadOff: status.ecgLeadOff });
    }
    this.broadcast('unit:bed-status', { statuses: changed });
    for (const status of changed) this.alarms.observeBedStatus(status, now);
  }

  /**
   * A view that stops its heartbeat, or whose audio output fails, cannot be
   * proven to annunciate: both are station-wide technical alarms, shown on
   * every other view (and sounded by any view whose audio still works).
   */
  private evaluateViewHealth(now: number): void {
    const verdict = this.viewHealth.evaluate(now);
    if (verdict.unresponsiveViews.length > 0) this.alarms.raiseTechnical('RENDERER_UNRESPONSIVE', { bedId: null }, now);
    else this.alarms.clearTechnical('RENDERER_UNRESPONSIVE', null, now);
    if (verdict.audioFailures.length > 0) {
      const message = `Alarm audio unavailable: ${verdict.audioFailures[0]!.reason}`.slice(0, 120);
      this.alarms.raiseTechnical('AUDIO_UNAVAILABLE', { bedId: null, message }, now);
    } else this.alarms.clearTechnical('AUDIO_UNAVAILABLE', null, now);
  }

  private onAuditHealth(health: AuditHealth): void {
    const now = this.now();
    if (health.state === 'ok') {
      this.alarms.clearTechnical('AUDIT_FAILURE', null, now);
      return;
    }
    const message =
      health.state === 'overflow'
        ? `Audit trail unavailable, ${health.dropped} events lost: clinical actions are refused`
        : 'Audit trail unavailable: clinical actions are refused';
    this.log.error('audit.unhealthy', { state: health.state, reason: health.reason.slice(0, 200), queued: health.queued });
    this.alarms.raiseTechnical('AUDIT_FAILURE', { bedId: null, message: message.slice(0, 120) }, now);
  }

  private broadcast<E extends EventChannel>(channel: E, payload: EventPayload<E>): void {
    for (const view of this.views.all()) {
      try {
        view.event(channel, payload);
      } catch (error) {
        this.log.warn('view.event-failed', { channel, reason: (error as Error).message });
      }
    }
  }

  private broadcastWaveform(frame: ArrayBuffer): void {
    for (const view of this.views.all()) {
      try {
        view.waveformFrame(frame);
      } catch (error) {
        this.log.warn('view.waveform-failed', { reason: (error as Error).message });
      }
    }
  }
}
