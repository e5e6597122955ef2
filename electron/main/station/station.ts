import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StationConfig } from '../../../shared/config/station-config';
import type { Bed } from '../../../shared/domain/bed';
import type { BedStatus } from '../../../shared/domain/bed-status';
import type { Numeric, NumericKind } from '../../../shared/domain/numeric';
import type { ScenarioRequest } from '../../../shared/domain/scenario';
import type { SecurityNotice } from '../../../shared/domain/security-notice';
import type { StationStatus } from '../../../shared/domain/station-status';
import type { UnitSnapshot } from '../../../shared/domain/unit';
import { isAudibleHere, type CareGroupView } from '../../../shared/domain/care-group';
import type { CensusDisplay } from '../../../shared/domain/census';
import type { EventChannel, EventPayload, InvokeResponse } from '../../../shared/ipc/contract';
import type { DeviceEpisode } from '../../../shared/protocol/episode';
import { SEGMENT_FLAG_LEAD_OFF, encodeWaveformFrame } from '../../../shared/waveform/frame';
import { AlarmEngine, type DeviceAlarmOutcome, type EscalationEvent } from '../alarms/alarm-engine';
import type { AlarmFloodPolicy } from '../alarms/device-alarm-flood';
import type { DeviceAlarmInput } from '../alarms/device-alarm';
import type { AuditHealth } from '../audit/audit-health';
import { SessionManager } from '../auth/session-manager';
import type { UserDirectory } from '../auth/user-directory';
import { BedFeedWatchdog } from '../connections/bed-feed-watchdog';
import type { UnitFeed } from '../connections/unit-feed';
import { FeedConnection } from '../connections/feed-connection';
import { withPatientIdentity } from '../census/audit-identity';
import type { Census } from '../census/census';
import type { CensusPersistence } from '../census/census-store';
import { defaultPatientDisplay, PatientDisplaySetting } from '../census/patient-display-setting';
import { silentLogger, type Logger } from '../logging/logger';
import { systemClock, type Clock } from '../time/clock';
import { ClockStepDetector, type ClockStep } from '../time/clock-step-detector';
import { SenderClock } from '../../../shared/time/sender-clock';
import { describeClockStep } from '../../../shared/domain/station-status';
import { auditAlarms } from './audit-alarms';
import { AlarmBroadcast } from './alarm-broadcast';
import { AuditReview } from './audit-review';
import { judgeNumerics } from './current-numerics';
import { InputRejections } from './input-rejections';
import { ClinicalQuit } from './clinical-quit';
import { OperatorActions } from './operator-actions';
import type { StationAuditTrail } from './station-audit';
import { CensusBroadcast } from './census-broadcast';
import { careGroupViewOf, createStationCensus } from './station-census';
import { StationConnections } from './station-connections';
import { ViewHealth } from './view-health';
import { ViewRegistry, type StationView } from './view-registry';
import { TickPipeline, type HeldNumeric } from '../pipeline/tick-pipeline';
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
  /**
   * Every duration (ticks, no-data, view heartbeats, sessions, alarms) runs
   * on `clock.monotonic()`; `clock.wall()` only for what people read.
   * Default systemClock.
   */
  clock?: Clock;
  /** Waveform batch period; ~40 ms keeps the sweep smooth at 25 messages/s. */
  tickMs?: number;
  logger?: Logger;
  /** How long a view may go without its heartbeat before RENDERER_UNRESPONSIVE. */
  viewTimeoutMs?: number;
  /** Per-start part of alarm ids (tests pin it). */
  alarmIdPrefix?: string;
  /** Where audit exports are written; default the OS temp folder. */
  exportDir?: string;
  /** Where the census is kept (census-store.ts); default in memory (tests). */
  censusStore?: CensusPersistence;
  /** Where an admin's choice of patient display mode is kept; default none (the config's mode). */
  displaySettingFile?: string | null;
  /** Device alarm flood control and bounds, if not the engine's defaults (tests use small ones). */
  alarmFlood?: Partial<AlarmFloodPolicy>;
  /** The simulated-unit banner's text (config/simulated-unit-notice.ts); default: a generic one on the simulator feed. */
  simulationNotice?: string | null;
  /** In-app updates (built by createStation); default: off. */
  updates?: UpdateCoordinator;
}

export interface AttachedView {
  viewId: string;
  detach(): void;
}

export class ScenarioUnavailableError extends Error {}

/** Where pushed numerics come from: a sender with its own clock, and what that clock read when it sent them. */
export interface NumericsOrigin {
  /** One per clock, e.g. `hl7:10.1.2.3` for a monitor's connection. */
  sender: string;
  /** The sender's clock when it sent them (HL7 MSH-7). */
  sentAt: number;
}

/** Clock changes kept for the admin status screen. */
const CLOCK_CHANGES_SHOWN = 20;
/** Senders whose clock offsets are tracked; beyond it the oldest is forgotten (it starts afresh if it comes back). */
const MAX_SENDERS = 256;

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
  /** Closing this station: signed in, confirmed, audited (clinical-quit.ts). */
  readonly quit: ClinicalQuit;
  readonly updates: UpdateCoordinator;
  /** Who is in which bed (electron/main/census/). */
  readonly census: Census;
  readonly patientDisplay: PatientDisplaySetting;
  /** What this station shows (one care group or the whole unit) and who may acknowledge what. */
  readonly careGroups: CareGroupView;
  /** Back end, HL7 devices, ADT feed: one shape, started by createStation once the census is loaded, stopped on close. */
  readonly connections = new StationConnections();
  /** The station's stream for its consumers: the views (subscribed first), the recorder, … (tick-pipeline.ts). */
  readonly pipeline: TickPipeline;
  private disclosureReview: DisclosureReview | null = null;
  private readonly watchdog: BedFeedWatchdog;
  private readonly latestNumerics: Map<NumericKind, HeldNumeric>[];
  private readonly views = new ViewRegistry();
  private readonly viewHealth: ViewHealth;
  private readonly bedIndex: Map<string, number>;
  /** Numerics pushed between ticks (HL7); fanned out with the next tick. */
  private pushedNumerics: Array<{ bedIndex: number; held: HeldNumeric[] }> = [];
  /** How late each sender's messages arrive (see shared/time/sender-clock.ts); the pulled feed is one sender. */
  private readonly senders = new Map<string, SenderClock>();
  private readonly clockSteps: ClockStepDetector;
  private readonly clockChanges: ClockStep[] = [];
  private readonly connectionsDown = new Map<string, string>();
  /** The audit alarms this station raised, as `priority|message`, to raise again only when they change. */
  private readonly auditAlarmShown = new Map<string, string>();
  /** Alarm changes on their way to the views (see alarm-broadcast.ts). */
  private readonly alarmUpdates: AlarmBroadcast;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly cleanups: Array<() => unknown> = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly tickMs: number;
  private feedConnected = false;
  private readonly censusViews: CensusBroadcast;

  constructor(private readonly options: StationOptions) {
    const { config } = options;
    this.beds = options.feed.beds;
    this.tickMs = options.tickMs ?? 40;
    this.clock = options.clock ?? systemClock;
    this.alarmUpdates = new AlarmBroadcast((delta) => this.broadcast('unit:alarms', delta), this.clock);
    this.log = options.logger ?? silentLogger;
    this.careGroups = careGroupViewOf(config);
    // Every audit entry about a bed names its patient (identifiers only); the census is built below.
    this.audit = withPatientIdentity(options.audit, (bedId, encounterId) => (encounterId === undefined ? this.census?.identityIn(bedId) : this.census?.identityOf(encounterId)) ?? null);
    this.users = options.users;
    this.clockSteps = new ClockStepDetector(this.clock);
    this.updates = options.updates ?? UpdateCoordinator.off(this.audit, this.clock);
    // Silence is only looked at once a tick, so the watchdog's threshold is one
    // tick short of the configured timeout: a silent bed is detected WITHIN it.
    this.watchdog = new BedFeedWatchdog(
      this.beds.map((b) => b.bedId),
      config.noDataTimeoutMs - this.tickMs,
      { clock: this.clock, watchFromStart: true },
    );
    this.latestNumerics = this.beds.map(() => new Map());
    this.bedIndex = new Map(this.beds.map((b, i) => [b.bedId, i]));
    this.viewHealth = new ViewHealth({ timeoutMs: options.viewTimeoutMs, clock: this.clock });
    this.rejections = new InputRejections(this.audit, { logger: this.log, clock: this.clock });
    this.pipeline = new TickPipeline(this.log);
    // The views are the pipeline's first subscriber: nothing another consumer does runs before the wall has its data.
    this.pipeline.subscribe({
      name: 'views',
      tick: (tick) => {
        if (tick.segments.length) this.broadcastWaveform(encodeWaveformFrame(tick.segments));
        if (tick.numerics.length) {
          const stamp = this.stamper();
          this.broadcast('unit:numerics', { sentAt: stamp.sentAt, beds: tick.numerics.map(({ bedId, held }) => ({ bedId, numerics: held.map(stamp.numeric) })) });
        }
      },
    });
    this.alarms = new AlarmEngine({
      stationId: config.stationId,
      beds: this.beds.map((b) => b.bedId),
      // Every step of every alarm's life also goes to the pipeline (the recorder files them).
      audit: tapAlarmEvents(this.audit, (event) => this.pipeline.alarmEvent(event)),
      clock: this.clock,
      idPrefix: options.alarmIdPrefix,
      defaultProfile: config.alarms.defaultProfile,
      escalation: config.alarms.escalation,
      flood: options.alarmFlood,
      logger: this.log,
      encounterOf: (bedId) => this.census?.encounterIdIn(bedId) ?? null,
      audibleHere: (alarm) => isAudibleHere(this.careGroups, alarm),
    });
    this.census = createStationCensus({ config, beds: this.beds, audit: this.audit, alarms: this.alarms, clock: this.clock, logger: this.log, store: options.censusStore });
    this.censusViews = new CensusBroadcast(() => this.censusDisplay(), (display) => this.broadcast('unit:census', display), this.clock);
    this.patientDisplay = new PatientDisplaySetting({
      configured: defaultPatientDisplay(config.patientDisplay, options.wallMode),
      file: options.displaySettingFile ?? null,
      audit: this.audit,
      logger: this.log,
    });
    this.sessions = new SessionManager({
      directory: options.users,
      audit: this.audit,
      wall: { wallMode: options.wallMode, allowClinicalActions: config.wall.allowClinicalActions },
      inactivityTimeoutMs: config.sessions.inactivityTimeoutMs,
      clock: this.clock,
      logger: this.log,
    });
    this.actions = new OperatorActions({ views: this.views, sessions: this.sessions, alarms: this.alarms, census: this.census, careGroups: this.careGroups });
    this.review = new AuditReview({ audit: this.audit, exportDir: options.exportDir ?? join(tmpdir(), 'vigil-exports'), clock: () => this.clock.wall() });
    this.quit = new ClinicalQuit({ views: this.views, sessions: this.sessions, alarms: this.alarms, audit: this.audit, beds: this.beds, wallMode: options.wallMode });

    this.cleanups.push(
      this.alarms.onChange((delta) => this.alarmUpdates.queue(delta)),
      this.alarms.onEscalation((event) => this.log.warn('alarm.escalated', { alarmId: event.alarmId, bedId: event.bedId, level: event.level })),
      this.sessions.onSessionEnded((ended) => {
        const viewId = this.views.viewOfSession(ended.sessionId);
        if (viewId === null) return;
        this.views.bindSession(viewId, null);
        this.sendTo(viewId, 'session:changed', null);
      }),
      this.audit.onHealth((health) => this.onAuditHealth(health)),
      this.sessions.onSecurityNotices((notices) => this.sendSecurityNotices(notices)),
      this.census.onChange(() => this.censusViews.sendNow()),
      this.patientDisplay.onChange(() => this.censusViews.sendNow()),
    );
    this.onAuditHealth(this.audit.health);
  }

  /**
   * Reads what the station keeps between runs (the census, the display
   * mode). createStation awaits it before any connection starts, so the
   * first ADT message or tile already sees the saved patients.
   */
  async open(): Promise<void> {
    await this.census.load();
    await this.patientDisplay.load();
    this.censusViews.sendNow();
  }

  /** What every view shows of the census, in this station's display mode. */
  censusDisplay(): CensusDisplay {
    return this.census.display(this.patientDisplay.mode);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.log.info('station.started', { beds: this.beds.length, feed: this.options.feed.kind, tickMs: this.tickMs });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Registers the feed's connection (the back end), if it connects
   * somewhere, and starts it: from now on it pushes into the station.
   * Separate from start() so a test can connect a feed without ticking.
   */
  connectFeed(): void {
    if (this.feedConnected) return;
    this.feedConnected = true;
    const feed = this.options.feed;
    if (!feed.attach) return;
    const connection = new FeedConnection(feed as UnitFeed & Required<Pick<UnitFeed, 'attach'>>, this, (name) => this.connectionsDown.get(name) ?? null);
    this.connections.add(connection);
    void connection.start();
  }

  /** Something the station owns that must stop with it (e.g. an HL7 listener). */
  onDispose(stop: () => unknown): void {
    this.cleanups.push(stop);
  }

  /**
   * Stops ticking, disconnects the feed and releases listeners, all at once,
   * then closes the full-disclosure recorder (its last blocks written);
   * resolves when what stops asynchronously is done. The caller closes the
   * audit trail afterwards.
   *
   * The back-end feed says goodbye (the other stations then show this one
   * "closed", LOW) only after an approved quit: a clinical quit or an
   * admin's restart into an update. Any other stop (the OS shutting down, a
   * termination signal, a test host torn down) leaves without one, so the
   * others show it "offline" (MEDIUM), the same fact closeStation leaves in
   * the run marker for the next start to audit as an unclean stop. A killed
   * process says nothing either way and is seen the same.
   */
  dispose(): Promise<void> {
    this.stop();
    this.rejections.dispose();
    const quit = this.quit.approvedQuit();
    const pending = [this.connections.stopAll({ goodbye: quit !== null }), ...this.cleanups.splice(0).map((c) => c())];
    // The recorder last: once nothing can reach the station any more, it writes the blocks it still holds (a clean stop loses none),
    // and says in the record how the station stopped.
    return Promise.allSettled(pending)
      .then(() => this.disclosureReview?.close(JSON.stringify(quit ? { clinical_quit: true, quit: quit.kind } : { clinical_quit: false })))
      .then(() => undefined, (error: Error) => this.log.error('disclosure.close-failed', { reason: error.message.slice(0, 200) }));
  }

  /**
   * A view receives every event from now on; it should fetch `snapshot()`
   * first. Requests from it carry the returned viewId. Until its first
   * heartbeat it counts as a view that cannot be proven to annunciate.
   */
  attach(view: StationView): AttachedView {
    const viewId = this.views.add(view);
    this.viewHealth.attached(viewId);
    return {
      viewId,
      detach: () => {
        const sessionId = this.views.remove(viewId);
        this.viewHealth.detached(viewId);
        // A session belongs to its screen: closing the screen signs its user out.
        if (sessionId !== null) {
          this.sessions.signOut(sessionId).catch((error: Error) => this.log.error('session.sign-out-not-audited', { reason: error.message.slice(0, 200) }));
        }
        this.evaluateViewHealth();
      },
    };
  }

  /** The view's heartbeat: its alarm audio's health and whether its user is still there. */
  reportView(viewId: string, report: { audio: { ok: true } | { ok: false; reason: string }; userActive: boolean }): void {
    if (!this.views.has(viewId)) return;
    this.viewHealth.report(viewId, report.audio);
    if (report.userActive) this.actions.touch(viewId);
    this.evaluateViewHealth();
  }

  /**
   * A software fault in the station itself (an exception nothing else
   * caught): a HIGH technical alarm, because what failed may be part of the
   * alarm path. Never throws.
   */
  raiseFault(reason: string): void {
    try {
      this.alarms.raiseTechnical('STATION_FAULT', { bedId: null, priority: 'HIGH', message: 'Station software fault: tell IT (details in the log)' });
      this.alarmUpdates.flush();
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
  tick(): void {
    try {
      this.runTick();
    } catch (error) {
      this.raiseFault(`tick failed: ${(error as Error).message}`);
    }
  }

  private runTick(): void {
    const step = this.clockSteps.check();
    if (step) this.onClockStep(step);
    let batch;
    try {
      batch = this.options.feed.pull();
    } catch (error) {
      // A broken feed must not stop the watchdog: its beds will go no-data.
      this.log.error('feed.pull-failed', { reason: (error as Error).message });
      batch = { segments: [], numerics: [] };
    }
    const arrived = this.pushedNumerics;
    this.pushedNumerics = [];
    for (const { bedIndex, numerics, sentAt } of batch.numerics) arrived.push({ bedIndex, held: this.take(bedIndex, numerics, 'feed', sentAt) });

    for (const segment of batch.segments) {
      this.watchdog.recordData(segment.bedIndex);
      if (segment.channel === 'ecg') this.watchdog.recordLeadOff(segment.bedIndex, (segment.flags & SEGMENT_FLAG_LEAD_OFF) !== 0);
    }
    const fresh: Array<{ bedIndex: number; bedId: string; held: HeldNumeric[] }> = [];
    for (const { bedIndex, held } of arrived) {
      const latest = this.latestNumerics[bedIndex];
      if (!latest || held.length === 0) continue;
      // The newest measurement of each kind is the one shown, whatever order they arrived in.
      for (const h of held) if ((latest.get(h.numeric.kind)?.measuredMono ?? -Infinity) <= h.measuredMono) latest.set(h.numeric.kind, h);
      fresh.push({ bedIndex, bedId: this.beds[bedIndex]!.bedId, held });
    }

    // Status first: a view must learn a bed is silent before anything else about it.
    const changed = this.watchdog.evaluate();
    if (changed.length) this.onStatusChange(changed);
    for (const { bedId, held } of fresh) this.alarms.observeNumerics(bedId, held.map((h) => h.numeric));
    this.alarms.tick();
    this.sessions.tick();
    this.evaluateViewHealth();
    this.alarmUpdates.tick();
    this.censusViews.refreshAges();

    this.pipeline.publish({ mono: this.clock.monotonic(), segments: batch.segments, numerics: fresh, statuses: changed });
  }

  /**
   * A device-reported alarm pushed by a connection (HL7 PCD-04, the back
   * end). Taken at once, not on the next tick: alarms never wait behind data.
   * Returns false for a bed this station does not show.
   */
  ingestDeviceAlarm(alarm: DeviceAlarmInput): boolean {
    return this.takeDeviceAlarm(alarm) !== 'unknown-bed';
  }

  /**
   * ingestDeviceAlarm, saying what became of the alarm: for a connection
   * that can tell the device (HL7 answers AE to one discarded in a flood:
   * an AA would say it was delivered).
   */
  takeDeviceAlarm(alarm: DeviceAlarmInput): DeviceAlarmOutcome | 'unknown-bed' {
    if (!this.bedIndex.has(alarm.bedId)) return 'unknown-bed';
    return this.alarms.deviceAlarm(alarm);
  }

  /**
   * A device alarm episode from the back end's journal, live or after the
   * fact (AlarmEngine.episode): taken at once. Returns false for a bed this
   * station does not show.
   */
  ingestEpisode(episode: DeviceEpisode, delivered: 'live' | 'resync'): boolean {
    if (!this.bedIndex.has(episode.bedId)) return false;
    this.alarms.episode({ ...episode, delivered });
    return true;
  }

  /**
   * Numerics pushed by a connection (HL7 PCD-01), with the sender's clock
   * reading when it sent them: current ones count as data from the bed at
   * once and are evaluated and shown with the next tick. 'unknown-bed' for a
   * bed this station does not show; 'not-current' when none could be taken
   * (they are dropped, counted).
   */
  ingestNumerics(bedId: string, numerics: Numeric[], origin: NumericsOrigin): 'accepted' | 'unknown-bed' | 'not-current' {
    const index = this.bedIndex.get(bedId);
    if (index === undefined) return 'unknown-bed';
    const held = this.take(index, numerics, origin.sender, origin.sentAt);
    if (held.length === 0) return 'not-current';
    this.pushedNumerics.push({ bedIndex: index, held });
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
    if (up) this.connectionsDown.delete(name);
    else this.connectionsDown.set(name, reason);
    this.audit.record({ action: up ? 'connection.up' : 'connection.down', details: { connection: name, reason: reason.slice(0, 120) } });
    this.log[up ? 'info' : 'error']('connection.state', { connection: name, up, reason: reason.slice(0, 120) });
    if (this.connectionsDown.size === 0) this.alarms.clearTechnical('COMMS_LOST', null);
    else this.alarms.raiseTechnical('COMMS_LOST', { bedId: null });
  }

  /** For the admin status screen. */
  status(): StationStatus {
    return {
      stationId: this.options.config.stationId,
      audit: this.review.status(),
      rejections: { total: this.rejections.totalRejected, bySourceAndReason: this.rejections.summary() },
      connectionsDown: [...this.connectionsDown].map(([name, reason]) => ({ name, reason })),
      views: this.views.size,
      alarmFlood: this.alarms.floodStatus(),
      feed: { kind: this.options.feed.kind, facts: this.options.feed.describe?.() ?? [] },
      connections: this.connections.describe(),
      clockChanges: this.clockChanges.map((c) => ({ ...c })),
    };
  }

  snapshot(): UnitSnapshot {
    const statuses = this.watchdog.statuses();
    const stamp = this.stamper();
    const numerics: Record<string, Numeric[]> = {};
    this.beds.forEach((bed, i) => {
      // Never hand out numbers for a bed we cannot prove is live.
      numerics[bed.bedId] = statuses[i]?.feed === 'live' ? [...(this.latestNumerics[i]?.values() ?? [])].map(stamp.numeric) : [];
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
      simulationNotice:
        this.options.simulationNotice !== undefined
          ? this.options.simulationNotice
          : this.options.feed.kind === 'simulator'
            ? 'Simulated unit, not real patients'
            : null,
      scenariosEnabled: this.scenariosEnabled(),
      census: this.censusDisplay(),
      patientDisplay: this.patientDisplay.mode,
      careGroups: this.careGroups,
      generatedAt: stamp.sentAt,
    };
  }

  scenariosEnabled(): boolean {
    return !this.options.wallMode && this.options.config.scenarioControls && this.options.feed.triggerScenario !== undefined;
  }

  triggerScenario(request: ScenarioRequest): InvokeResponse<'scenario:trigger'> {
    const feed = this.options.feed;
    if (!this.scenariosEnabled() || !feed.triggerScenario) throw new ScenarioUnavailableError('scenario controls are not enabled on this station');
    const result = feed.triggerScenario(request);
    this.log.info('scenario.triggered', { scenario: result.scenario, bedId: result.bedId, seed: result.seed });
    return result;
  }

  /**
   * Someone asked the app to stop (File → Quit, Cmd-Q, the window's close
   * button): every view is asked to show the quit dialog; nothing stops until
   * a confirmed quit is approved (clinical-quit.ts).
   */
  requestQuit(trigger: string): void {
    this.log.info('station.quit-requested', { trigger });
    this.broadcast('station:quit-requested', { trigger });
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

  /** Failed sign-in notices go only to screens where someone who may see them is signed in. */
  private sendSecurityNotices(notices: SecurityNotice[]): void {
    for (const { viewId, sessionId } of this.views.viewIdsWithSessions()) {
      if (this.sessions.current(sessionId)?.permissions.includes('security-notices')) this.sendTo(viewId, 'security:notices', { notices });
    }
  }

  /**
   * The offered numerics that may be taken (current-numerics.ts), held with
   * their measurement time on the monotonic clock; the rest are counted as
   * rejected input. The newest current one is data from the bed for the
   * watchdog: an NIBP measured 20 min ago is shown, but proves nothing.
   */
  private take(bedIndex: number, offered: readonly Numeric[], sender: string, sentAt: number): HeldNumeric[] {
    const { taken, refused } = judgeNumerics(offered, sentAt, this.senderClock(sender).lateness(sentAt, this.clock.monotonic()), this.options.config.noDataTimeoutMs);
    if (refused > 0) this.rejections.reject('numerics', 'measured too long ago or in the future');
    const now = this.clock.monotonic();
    let newest: number | null = null;
    const held = taken.map(({ numeric, ageMs, current }) => {
      const measuredMono = now - ageMs;
      if (current && (newest === null || measuredMono > newest)) newest = measuredMono;
      return { numeric, measuredMono };
    });
    if (newest !== null) this.watchdog.recordData(bedIndex, newest);
    return held;
  }

  private senderClock(sender: string): SenderClock {
    let tracked = this.senders.get(sender);
    if (!tracked) {
      tracked = new SenderClock();
      this.senders.set(sender, tracked);
      if (this.senders.size > MAX_SENDERS) this.senders.delete(this.senders.keys().next().value!);
    }
    return tracked;
  }

  /**
   * Numerics as views get them: `measuredAt` on this station's wall clock,
   * read at the same moment as `sentAt`, so `sentAt − measuredAt` is each
   * value's age however the clocks of the device, this station or the view
   * are set (the view then ages it on its own monotonic clock).
   */
  private stamper(): { sentAt: number; numeric: (held: HeldNumeric) => Numeric } {
    const mono = this.clock.monotonic();
    const sentAt = Math.round(this.clock.wall());
    return { sentAt, numeric: ({ numeric, measuredMono }) => ({ ...numeric, measuredAt: Math.max(0, Math.round(sentAt - (mono - measuredMono))) }) };
  }

  /** Someone set the system clock: nothing clinical follows it, but people must know (audited, logged, on the admin screen). */
  private onClockStep(step: ClockStep): void {
    const change = describeClockStep(step.stepMs);
    this.log.warn('clock.changed', { stepMs: step.stepMs });
    this.audit.record({ action: 'clock.changed', details: { change, step_ms: step.stepMs } });
    this.clockChanges.unshift(step);
    this.clockChanges.length = Math.min(this.clockChanges.length, CLOCK_CHANGES_SHOWN);
  }

  private onStatusChange(changed: BedStatus[]): void {
    for (const status of changed) {
      if (status.feed !== 'live') {
        const index = this.beds.findIndex((b) => b.bedId === status.bedId);
        this.latestNumerics[index]?.clear();
      }
      this.log.info('bed.feed-state', { bedId: status.bedId, feed: status.feed, ecgLeadOff: status.ecgLeadOff });
    }
    this.broadcast('unit:bed-status', { statuses: changed });
    for (const status of changed) this.alarms.observeBedStatus(status);
  }

  /**
   * A view that stops its heartbeat, or whose audio output fails, cannot be
   * proven to annunciate: both are station-wide technical alarms, shown on
   * every other view (and sounded by any view whose audio still works).
   */
  private evaluateViewHealth(): void {
    const verdict = this.viewHealth.evaluate();
    if (verdict.unresponsiveViews.length > 0) this.alarms.raiseTechnical('RENDERER_UNRESPONSIVE', { bedId: null });
    else this.alarms.clearTechnical('RENDERER_UNRESPONSIVE', null);
    if (verdict.audioFailures.length > 0) {
      const message = `Alarm audio unavailable: ${verdict.audioFailures[0]!.reason}`.slice(0, 120);
      this.alarms.raiseTechnical('AUDIO_UNAVAILABLE', { bedId: null, message });
    } else this.alarms.clearTechnical('AUDIO_UNAVAILABLE', null);
  }

  /**
   * The audit trail's problems as technical alarms on every screen (see
   * station/audit-alarms.ts); the admin status screen shows each in full,
   * with its path and what IT must do. An alarm whose text changes is
   * raised again, so the wall never shows a stale reason.
   */
  private onAuditHealth(health: AuditHealth): void {
    const wanted = auditAlarms(this.audit.problems(), this.audit.durability);
    for (const code of ['AUDIT_FAILURE', 'AUDIT_JOURNAL_FAILURE'] as const) {
      const alarm = wanted.find((a) => a.code === code);
      const shown = this.auditAlarmShown.get(code);
      if (alarm && shown === `${alarm.priority}|${alarm.message}`) continue;
      // Also clears one the engine raised itself when a write failed (the trail is fine again).
      if (shown !== undefined || !alarm) this.alarms.clearTechnical(code, null);
      this.auditAlarmShown.delete(code);
      if (!alarm) continue;
      this.alarms.raiseTechnical(code, { bedId: null, priority: alarm.priority, message: alarm.message });
      this.auditAlarmShown.set(code, `${alarm.priority}|${alarm.message}`);
    }
    if (health.state !== 'ok' || wanted.length > 0) {
      for (const problem of this.audit.problems()) this.log.error('audit.problem', { code: problem.code, path: problem.path, what: problem.what.slice(0, 200), fix: problem.fix.slice(0, 200) });
    }
    // The store writes again, its journal imported: census changes made meanwhile get their place in the trail.
    if (health.state === 'ok') void this.census.placeJournalledEntries();
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
