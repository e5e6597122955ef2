import { isLimitParameter, LIMIT_PARAMETERS, PARAMETER_CODE, PARAMETER_LABEL, type LimitParameter } from '../../../shared/alarms/limit-parameters';
import {
  DEFAULT_LIMIT_PROFILES,
  DEFAULT_PROFILE_NAME,
  LimitProfilesSchema,
  type LimitProfiles,
  type ParameterLimits,
} from '../../../shared/alarms/limit-profiles';
import type { AlarmCondition, AlarmPriority, AlarmSource } from '../../../shared/domain/alarm-condition';
import type { BedStatus } from '../../../shared/domain/bed-status';
import { NUMERIC_UNIT, type Numeric } from '../../../shared/domain/numeric';
import type { Permission } from '../../../shared/domain/session';
import type { AlarmsUpdate, AuditorySignal } from '../../../shared/domain/station-event';
import { stationEpisodeId } from '../../../shared/protocol/episode';
import type { Operator } from '../auth/operator';
import { hasPermission } from '../auth/permissions';
import { silentLogger, type Logger } from '../logging/logger';
import { systemClock, type Clock } from '../time/clock';
import { AlarmActionRefused } from './alarm-action-refused';
import type { AlarmAuditSink, AuditEventInput } from './alarm-audit';
import { AlarmIdSource } from './alarm-ids';
import { PRIORITY_RANK, toAlarmCondition, type AlarmRecord } from './alarm-record';
import { AudioPause, DEFAULT_AUDIO_PAUSE_MS, MAX_AUDIO_PAUSE_MS } from './audio-pause';
import { selectAuditory } from './auditory-signal';
import { BedLimits, type ParameterTransition } from './bed-limits';
import { effectiveDeviceAlarm, repairDeviceAlarm, type DeviceAlarmInput } from './device-alarm';
import { FinishedEpisodes, type EpisodeInput, type SourceEnd } from './episode-input';
import { DEFAULT_ESCALATION_POLICY, escalationLevelAfter, type EscalationPolicy } from './escalation-policy';
import { TECHNICAL_ALARM_DEFAULTS, type TechnicalAlarmCode } from './technical-alarms';

export interface AlarmEngineOptions {
  stationId: string;
  /** The unit's beds; each starts on `defaultProfile`. */
  beds: readonly string[];
  audit: AlarmAuditSink;
  /**
   * Every duration (condition delays, hysteresis, escalation, AUDIO PAUSED)
   * runs on `clock.monotonic()`; `clock.wall()` only stamps what people read
   * (onset shown in the UI, acknowledgement time). Default systemClock.
   */
  clock?: Clock;
  /** Per-start part of alarm ids (default 8 random hex digits); see alarm-ids.ts. */
  idPrefix?: string;
  profiles?: LimitProfiles;
  defaultProfile?: string;
  escalation?: EscalationPolicy;
  /** Extreme (HIGH) limit alarms latch so a brief crash in SpO2 is still seen. Default true. */
  latchExtremeLimitAlarms?: boolean;
  logger?: Logger;
}

export interface EscalationEvent {
  alarmId: string;
  bedId: string | null;
  level: 2 | 3;
  /** Wall clock of the step (for people and the back end's pager log). */
  at: number;
}

export interface TechnicalAlarmOptions {
  bedId: string | null;
  /** What it is about when one code can concern several things at once (e.g. which other station is offline). */
  subject?: string;
  message?: string;
  priority?: AlarmPriority;
  latching?: boolean;
  /** Extra facts for the onset's audit entry (no patient data). */
  details?: Record<string, string | number | boolean | null>;
}

/**
 * A nurse's acknowledgement here that became durable (it is audited) after
 * another acknowledgement of the same alarm had taken effect meanwhile, so it
 * was not applied. `at`: wall clock when its write became durable.
 */
export interface OvertakenAcknowledgement {
  alarmId: string;
  userId: string;
  at: number;
}

export type RemoteAcknowledgeOutcome = { applied: true } | { applied: false; reason: 'unknown-alarm' | 'already-acknowledged' };

/** One moment on both clocks: `mono` for durations, `wall` for what people read. */
interface Instant {
  mono: number;
  wall: number;
}

interface OnsetSpec {
  key: string;
  bedId: string | null;
  code: string;
  message: string;
  source: AlarmSource;
  priority: AlarmPriority;
  latching: boolean;
  triggerValue: number | null;
  limit: number | null;
  /** Shared episode identity (see AlarmRecord.episodeId). */
  episodeId: string | null;
  auditDetails?: Record<string, string | number | boolean | null>;
}

/** Recently ended device alarms, so a repeated 'end' is not taken for a missed alarm. */
const ENDED_DEVICE_MEMORY = 1_000;

/**
 * Decides every alarm condition of the unit and owns its state. Single
 * threaded, with no clock of its own: it reads the injected Clock, so fake
 * time in tests (test/support/fake-clock.ts) is the real code path. Every
 * duration is measured on the monotonic clock; the wall clock only stamps
 * what people read.
 *
 * The state machine (README.md in this folder has the full table):
 * - a condition is active or ended, its alarm acknowledged or not;
 * - non-latching alarms leave the list when their condition ends;
 * - latching ones stay (resolved) until an alarm reset, sounding and
 *   escalating until someone acknowledges them: a brief VF nobody attended
 *   is exactly what latching is for;
 * - a nurse may acknowledge any listed alarm, ended and latched included
 *   (audio off, the latched visual stays until reset);
 * - a condition that comes back after it ended is a new alarm with a new id.
 *
 * Operator actions write to the audit trail first and change state only
 * after the write is durable; a failed write rejects the action and leaves
 * the state as it was.
 *
 * Acknowledgement vs escalation (one JS thread, so "at the same time" means
 * "in which order the engine processes them"): an acknowledgement takes
 * effect in the continuation that handles its durable audit confirmation.
 * A tick processed before that escalates the alarm (it is not yet
 * acknowledged: the nurse has been told nothing is done yet); a tick
 * processed after it never does. Escalation only ever looks at the
 * recorded acknowledgement, so no alarm is escalated once it is recorded
 * acknowledged.
 */
export class AlarmEngine {
  private readonly records = new Map<string, AlarmRecord>();
  private readonly open = new Map<string, AlarmRecord>();
  private readonly endedDeviceAlarms = new Map<string, number>();
  /** Current records by shared episode id, and the episodes whose record is gone (so a repeat cannot revive them). */
  private readonly byEpisode = new Map<string, AlarmRecord>();
  private readonly finishedEpisodes = new FinishedEpisodes();
  private readonly beds = new Map<string, BedLimits>();
  private readonly pause: AudioPause;
  private readonly ids: AlarmIdSource;
  private readonly audit: AlarmAuditSink;
  private readonly clock: Clock;
  private readonly profiles: LimitProfiles;
  private readonly escalation: EscalationPolicy;
  private readonly latchExtreme: boolean;
  private readonly log: Logger;
  private readonly changeListeners = new Set<(update: AlarmsUpdate) => void>();
  private readonly escalationListeners = new Set<(event: EscalationEvent) => void>();
  private readonly overtakenListeners = new Set<(event: OvertakenAcknowledgement) => void>();
  /** Limit and profile changes run one at a time so each audited "before" is true. */
  private limitChanges: Promise<unknown> = Promise.resolve();
  private lastSeq = 0;
  /** Something changed that the views have not been sent yet. */
  private dirty = false;
  private auditFailureRaisedHere = false;

  constructor(options: AlarmEngineOptions) {
    this.audit = options.audit;
    this.clock = options.clock ?? systemClock;
    this.pause = new AudioPause(this.clock);
    this.ids = new AlarmIdSource(options.stationId, options.idPrefix);
    this.profiles = LimitProfilesSchema.parse(options.profiles ?? DEFAULT_LIMIT_PROFILES);
    this.escalation = options.escalation ?? DEFAULT_ESCALATION_POLICY;
    this.latchExtreme = options.latchExtremeLimitAlarms ?? true;
    this.log = options.logger ?? silentLogger;
    const profile = this.profiles[options.defaultProfile ?? DEFAULT_PROFILE_NAME];
    if (!profile) throw new RangeError(`unknown default limit profile ${options.defaultProfile ?? DEFAULT_PROFILE_NAME}`);
    for (const bedId of options.beds) this.beds.set(bedId, new BedLimits(profile, this.clock));
  }

  // ---- inputs -------------------------------------------------------------

  observeNumerics(bedId: string, numerics: readonly Numeric[]): void {
    const bed = this.beds.get(bedId);
    if (!bed) {
      this.log.warn('alarms.numerics-for-unknown-bed', { bedId });
      return;
    }
    for (const numeric of numerics) {
      if (isLimitParameter(numeric.kind)) this.applyLimitTransitions(bedId, bed.observe(numeric.kind, numeric.value, numeric.measuredAt));
    }
    this.publish();
  }

  /**
   * NO_DATA while the feed is not live ('unknown' too: a bed never heard from
   * is not monitored). LEAD_OFF only on a live feed: a silent bed cannot say
   * whether its leads are on, and NO_DATA already covers it (one cause, one
   * alarm). While not live the bed's last numerics can neither raise nor
   * clear a limit alarm.
   */
  observeBedStatus(status: BedStatus): void {
    const live = status.feed === 'live';
    if (!live) this.beds.get(status.bedId)?.invalidateAll();
    this.setTechnical('NO_DATA', status.bedId, !live);
    this.setTechnical('LEAD_OFF', status.bedId, live && status.ecgLeadOff);
    this.publish();
  }

  deviceAlarm(input: DeviceAlarmInput): void {
    const { alarm, problem } = repairDeviceAlarm(input);
    if (problem) this.log.warn('alarms.device-alarm-repaired', { bedId: alarm.bedId, code: alarm.code, problem });
    const key = `device:${alarm.bedId}:${alarm.deviceAlarmId}`;
    const { priority, latching } = effectiveDeviceAlarm(alarm);
    const current = this.open.get(key);
    const spec: OnsetSpec = { key, bedId: alarm.bedId, code: alarm.code, message: alarm.message, source: alarm.source, priority, latching, triggerValue: null, limit: null, episodeId: null };

    if (alarm.phase === 'end') {
      if (current) this.endCondition(current, 'condition-ended');
      else if (!this.endedDeviceAlarms.has(key)) this.missedDeviceAlarm(spec);
      this.rememberEnded(key);
    } else if (!current) {
      if (alarm.phase === 'continue') this.log.info('alarms.device-alarm-joined', { bedId: alarm.bedId, code: alarm.code });
      this.onset(spec);
    } else if (PRIORITY_RANK[priority] < PRIORITY_RANK[current.priority]) {
      this.supersede(current, spec);
    }
    this.publish();
  }

  /**
   * A device alarm episode the back end journaled (see episode-input.ts),
   * live or after the fact: its onset may be long past and it may already
   * have ended. It is shown and audited with the source's onset and end
   * (wall times of the source, never measured against here); escalation and
   * "oldest first" count from now on this station's monotonic clock, when
   * this station learned of it: nobody here could have acknowledged it
   * earlier. An ended latching episode (VT, VF, asystole) stays latched:
   * resolved, sounding and escalating until acknowledged, shown until reset.
   * Delivering an episode again changes nothing: it is found by its id, or
   * remembered as finished.
   */
  episode(input: EpisodeInput): 'raised' | 'ended' | 'unchanged' {
    const known = this.byEpisode.get(input.episodeId);
    let outcome: 'raised' | 'ended' | 'unchanged' = 'unchanged';
    if (known) {
      if (input.end && known.endedAt === null) {
        this.endCondition(known, input.end.reason === 'superseded' ? 'superseded' : 'condition-ended', { at: input.end.at });
        outcome = 'ended';
      }
    } else if (!this.finishedEpisodes.has(input.episodeId)) {
      const { priority, latching } = effectiveDeviceAlarm({ ...input, phase: 'continue' });
      const spec: OnsetSpec = {
        key: `episode:${input.episodeId}`,
        bedId: input.bedId,
        code: input.code,
        message: input.message,
        source: input.source,
        priority,
        latching,
        triggerValue: null,
        limit: null,
        episodeId: input.episodeId,
        auditDetails: { episode_id: input.episodeId, source_onset_at: input.onsetAt, delivered: input.delivered },
      };
      const alarm = this.onset(spec, { mono: this.clock.monotonic(), wall: input.onsetAt });
      outcome = 'raised';
      if (input.end) this.endCondition(alarm, input.end.reason === 'superseded' ? 'superseded' : 'condition-ended', { at: input.end.at });
    }
    this.publish();
    return outcome;
  }

  /**
   * An episode this station showed has ended at the source while nobody could
   * say when (the back end lost its journal meanwhile): ended now, audited
   * with an unknown end. A latching one stays latched.
   */
  endEpisodeUnknown(episodeId: string): boolean {
    const known = this.byEpisode.get(episodeId);
    if (!known || known.endedAt !== null) return false;
    this.endCondition(known, 'condition-ended', { at: null });
    this.publish();
    return true;
  }

  /** The current alarm that is this episode, if any. */
  findByEpisode(episodeId: string): AlarmCondition | null {
    const record = this.byEpisode.get(episodeId);
    return record ? toAlarmCondition(record) : null;
  }

  /** The shared episode id of a current alarm (null: unknown alarm, or one that stays at this station). */
  episodeIdOf(alarmId: string): string | null {
    return this.records.get(alarmId)?.episodeId ?? null;
  }

  /** Station-level technical alarm (COMMS_LOST, AUDIO_UNAVAILABLE, …); returns its alarmId. */
  raiseTechnical(code: TechnicalAlarmCode | (string & {}), options: TechnicalAlarmOptions): string {
    const id = this.raiseTechnicalQuietly(code, options);
    this.publish();
    return id;
  }

  clearTechnical(code: TechnicalAlarmCode | (string & {}), bedId: string | null, subject?: string): void {
    const current = this.open.get(technicalKey(code, bedId, subject));
    if (current) this.endCondition(current, 'condition-ended');
    this.publish();
  }

  /** Condition delays, audio pause expiry and escalation, as of now on the monotonic clock. */
  tick(): void {
    for (const [bedId, bed] of this.beds) this.applyLimitTransitions(bedId, bed.tick());
    if (this.pause.expire()) {
      this.record({ action: 'audio.resumed', actor: 'system', details: { reason: 'pause-expired' } });
      this.changed();
    }
    const now = this.clock.monotonic();
    for (const alarm of this.records.values()) this.escalate(alarm, now);
    this.publish();
  }

  // ---- operator actions ---------------------------------------------------

  /**
   * Turns off the auditory signal of one listed alarm and stops its
   * escalation; it stays shown until its condition ends, or, latched, until
   * an alarm reset. A latched alarm whose condition has already ended may be
   * acknowledged too: the nurse at the bedside has seen it, so it stops
   * sounding and escalating, and the latched visual stays for the reset.
   */
  async acknowledge(alarmId: string, operator: Operator): Promise<{ alarmId: string; acknowledgedAt: number; applied: boolean }> {
    this.requirePermission(operator, 'acknowledge');
    const alarm = this.records.get(alarmId);
    if (!mayBeAcknowledged(alarm)) {
      if (alarm) throw new AlarmActionRefused('already-acknowledged', 'the alarm is already acknowledged');
      throw new AlarmActionRefused('unknown-alarm', `no current alarm ${alarmId}`);
    }

    await this.durable({
      action: 'alarm.acknowledged',
      actor: actorOf(operator),
      bedId: alarm.bedId,
      alarmId,
      details: { code: alarm.code, priority: alarm.priority, escalation_level: alarm.escalationLevel, condition_ended: alarm.endedAt !== null },
    });
    const now = this.clock.wall();
    // Re-read: while the write was in flight the alarm may have ended, been
    // reset, or been acknowledged by someone else, here or at another station
    // (then both are audited and the first to take effect wins; the one
    // overtaken is told to onOvertakenAcknowledgement, so the back end can
    // decide it like any losing claim).
    const current = this.records.get(alarmId);
    const applied = mayBeAcknowledged(current);
    if (applied) {
      current.acknowledgedAt = now;
      current.acknowledgedBy = operator.userId;
      this.changed();
      this.publish();
    } else if (current) {
      this.notify(this.overtakenListeners, { alarmId, userId: operator.userId, at: now }, 'alarms.overtaken-listener-failed');
    }
    return { alarmId, acknowledgedAt: current?.acknowledgedAt ?? now, applied };
  }

  /**
   * An acknowledgement made (and audited durably) at another station. Same
   * rule as a local one (mayBeAcknowledged): any listed alarm nobody has
   * acknowledged, a latched one whose condition ended included. `at` is that
   * station's wall clock: audited as `remote_at`, never compared with ours;
   * the alarm shows when the acknowledgement took effect here.
   */
  acknowledgeRemote(alarmId: string, by: { stationId: string; userId: string }, at: number): RemoteAcknowledgeOutcome {
    const alarm = this.records.get(alarmId);
    if (!mayBeAcknowledged(alarm)) return { applied: false, reason: alarm ? 'already-acknowledged' : 'unknown-alarm' };
    alarm.acknowledgedAt = this.clock.wall();
    alarm.acknowledgedBy = `${by.userId}@${by.stationId}`;
    this.record({
      action: 'alarm.acknowledged',
      actor: { userId: by.userId, role: 'remote' },
      bedId: alarm.bedId,
      alarmId,
      details: {
        code: alarm.code,
        via_station: by.stationId,
        escalation_level: alarm.escalationLevel,
        condition_ended: alarm.endedAt !== null,
        episode_id: alarm.episodeId,
        remote_at: at,
      },
    });
    this.changed();
    this.publish();
    return { applied: true };
  }

  /** Station-wide AUDIO PAUSED; escalation carries on underneath (a pause is not an acknowledgement). */
  async pauseAudio(operator: Operator, durationMs: number = DEFAULT_AUDIO_PAUSE_MS): Promise<{ pausedUntil: number }> {
    // The answer's `pausedUntil` is wall-clock time for the person who asked; the pause itself runs on the monotonic clock.
    this.requirePermission(operator, 'audio-pause');
    if (!Number.isInteger(durationMs) || durationMs <= 0 || durationMs > MAX_AUDIO_PAUSE_MS) {
      throw new AlarmActionRefused('invalid-request', `audio pause must be 1 ms to ${MAX_AUDIO_PAUSE_MS / 1000} s`);
    }
    // The pause covers the alarms the nurse could know of when she asked for it: a HIGH
    // that begins while the audit write is in flight must still sound.
    const lastSeqAtRequest = this.lastSeq;
    await this.durable({ action: 'audio.paused', actor: actorOf(operator), details: { duration_ms: durationMs } });
    const remainingMs = this.pause.start(durationMs, lastSeqAtRequest);
    this.changed();
    this.publish();
    return { pausedUntil: this.clock.wall() + remainingMs };
  }

  /**
   * ALARM RESET: clears latched alarms whose condition has ended. Each
   * cleared alarm gets its own durable audit entry (so the trail of every
   * alarmId is complete); an alarm whose entry could not be written stays,
   * and the action is then rejected.
   */
  async resetAlarms(operator: Operator): Promise<{ reset: number }> {
    this.requirePermission(operator, 'alarm-reset');
    const ended = [...this.records.values()].filter((a) => a.endedAt !== null);
    if (ended.length === 0) {
      await this.durable({ action: 'alarm.reset', actor: actorOf(operator), details: { count: 0 } });
      return { reset: 0 };
    }
    const writes = await Promise.allSettled(
      ended.map((a) =>
        this.durable({ action: 'alarm.reset', actor: actorOf(operator), bedId: a.bedId, alarmId: a.alarmId, details: { code: a.code, priority: a.priority } }),
      ),
    );
    let reset = 0;
    writes.forEach((write, i) => {
      const alarm = ended[i]!;
      if (write.status === 'fulfilled' && this.forget(alarm)) reset++;
    });
    if (reset > 0) this.changed();
    this.publish();
    const failed = writes.filter((w) => w.status === 'rejected').length;
    if (failed > 0) throw new AlarmActionRefused('audit-failed', `audit trail unavailable: ${failed} of ${ended.length} latched alarms were not reset`);
    return { reset };
  }

  /** Operator change of a bed's low/high limit (extreme limits come with the profile). */
  changeLimits(bedId: string, parameter: LimitParameter, change: { low?: number | null; high?: number | null }, operator: Operator): Promise<ParameterLimits> {
    return this.oneLimitChangeAtATime(async () => {
      this.requirePermission(operator, 'limit-change');
      const bed = this.bedOf(bedId);
      if (!isLimitParameter(parameter)) throw new AlarmActionRefused('invalid-request', `no alarm limits for ${String(parameter)}`);
      const proposal = bed.propose(parameter, change);
      if (!proposal.ok) throw new AlarmActionRefused('invalid-request', `invalid limits for ${parameter}: ${proposal.reason}`);
      const before = bed.limitsOf(parameter);
      await this.durable({
        action: 'limits.changed',
        actor: actorOf(operator),
        bedId,
        details: { parameter, profile: bed.profileName, low_before: before.low, low_after: proposal.value.low, high_before: before.high, high_after: proposal.value.high },
      });
      this.applyLimitTransitions(bedId, bed.setLimits(parameter, proposal.value));
      this.publish();
      return proposal.value;
    });
  }

  setProfile(bedId: string, profileName: string, operator: Operator): Promise<{ profile: string }> {
    return this.oneLimitChangeAtATime(async () => {
      this.requirePermission(operator, 'limit-change');
      const bed = this.bedOf(bedId);
      const profile = Object.hasOwn(this.profiles, profileName) ? this.profiles[profileName] : undefined;
      if (!profile) throw new AlarmActionRefused('unknown-profile', `no limit profile named ${profileName}`);
      await this.durable({ action: 'profile.changed', actor: actorOf(operator), bedId, details: { profile_before: bed.profileName, profile_after: profile.name } });
      this.applyLimitTransitions(bedId, bed.applyProfile(profile));
      this.publish();
      return { profile: profile.name };
    });
  }

  // ---- outputs ------------------------------------------------------------

  /** Called with the full alarm state after every change. Returns an unsubscribe function. */
  onChange(listener: (update: AlarmsUpdate) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Called for every escalation step (level 2, then 3). Returns an unsubscribe function. */
  onEscalation(listener: (event: EscalationEvent) => void): () => void {
    this.escalationListeners.add(listener);
    return () => this.escalationListeners.delete(listener);
  }

  /** A nurse's acknowledgement audited here but overtaken by another that took effect first (see OvertakenAcknowledgement). */
  onOvertakenAcknowledgement(listener: (event: OvertakenAcknowledgement) => void): () => void {
    this.overtakenListeners.add(listener);
    return () => this.overtakenListeners.delete(listener);
  }

  /** The full state, e.g. for a view that (re)connects. */
  snapshot(): AlarmsUpdate {
    return this.update();
  }

  /** Current alarm conditions in creation order (the UI sorts for display). */
  list(): AlarmCondition[] {
    return [...this.records.values()].map(toAlarmCondition);
  }

  /** The single alarm that should sound now, or null for silence. */
  auditory(): AuditorySignal | null {
    return selectAuditory(this.records.values(), this.pause);
  }

  /** Milliseconds of AUDIO PAUSED left, or null when not paused. */
  get audioPauseRemainingMs(): number | null {
    return this.pause.remainingMs();
  }

  /** The limit profiles a bed can be put on. */
  profileNames(): string[] {
    return Object.keys(this.profiles);
  }

  limitsOf(bedId: string): { profile: string; parameters: Record<LimitParameter, ParameterLimits> } | null {
    const bed = this.beds.get(bedId);
    if (!bed) return null;
    const parameters = Object.fromEntries(LIMIT_PARAMETERS.map((p) => [p, bed.limitsOf(p)]));
    return { profile: bed.profileName, parameters: parameters as Record<LimitParameter, ParameterLimits> };
  }

  // ---- alarm lifecycle ----------------------------------------------------

  /** One moment read from both clocks. */
  private instant(): Instant {
    return { mono: this.clock.monotonic(), wall: this.clock.wall() };
  }

  /**
   * A new alarm condition, by default beginning now. `at.wall` is the onset
   * people read; `at.mono` is when this station learned of it, what
   * escalation and "oldest first" count from (for an episode from the back
   * end: its arrival here, with the source's onset as `at.wall`).
   */
  private onset(spec: OnsetSpec, at: Instant = this.instant()): AlarmRecord {
    const { alarmId, seq } = this.ids.next();
    this.lastSeq = seq;
    const { auditDetails, ...fields } = spec;
    const alarm: AlarmRecord = { alarmId, seq, ...fields, onsetAt: at.wall, escalatesFrom: at.mono, endedAt: null, acknowledgedAt: null, acknowledgedBy: null, escalationLevel: 1 };
    // In the maps before auditing: an audit failure raised from here must find it.
    this.records.set(alarmId, alarm);
    this.open.set(spec.key, alarm);
    if (alarm.episodeId !== null) this.byEpisode.set(alarm.episodeId, alarm);
    this.changed();
    this.record({
      action: 'alarm.onset',
      actor: 'system',
      bedId: spec.bedId,
      alarmId,
      details: {
        code: spec.code,
        priority: spec.priority,
        source: spec.source,
        latching: spec.latching,
        value: spec.triggerValue,
        limit: spec.limit,
        ...(alarm.episodeId !== null ? { episode_id: alarm.episodeId } : {}),
        ...auditDetails,
      },
    });
    return alarm;
  }

  /**
   * `sourceEnd`: for an episode from the back end, the source's wall time of
   * the end (null: unknown), audited with it; the alarm's own `endedAt` is
   * when it ended here.
   */
  private endCondition(alarm: AlarmRecord, reason: 'condition-ended' | 'superseded', sourceEnd?: SourceEnd): void {
    alarm.endedAt = this.clock.wall();
    if (this.open.get(alarm.key) === alarm) this.open.delete(alarm.key);
    // A superseded alarm is replaced by its successor for the same cause: keeping it latched would show one cause twice.
    const stays = alarm.latching && reason === 'condition-ended';
    if (!stays) this.forget(alarm);
    this.changed();
    const source: Record<string, number | boolean | null> = sourceEnd ? { source_ended_at: sourceEnd.at, end_unknown: sourceEnd.at === null } : {};
    this.record({ action: 'alarm.resolved', actor: 'system', bedId: alarm.bedId, alarmId: alarm.alarmId, details: { code: alarm.code, priority: alarm.priority, reason, latched: stays, ...source } });
  }

  /** The record leaves the station; its episode is remembered as finished so a repeated delivery cannot bring it back. */
  private forget(alarm: AlarmRecord): boolean {
    if (!this.records.delete(alarm.alarmId)) return false;
    if (alarm.episodeId !== null && this.byEpisode.get(alarm.episodeId) === alarm) {
      this.byEpisode.delete(alarm.episodeId);
      this.finishedEpisodes.add(alarm.episodeId);
    }
    return true;
  }

  /**
   * A priority that deepens (MEDIUM limit alarm → extreme HIGH, a device
   * raising its priority) is a NEW alarm condition, not the old one
   * re-labelled: the nurse who acknowledged a MEDIUM alarm did not accept a
   * HIGH one, the audit trail of each alarmId keeps one priority, the HIGH
   * sounds during AUDIO PAUSED like any new HIGH, and escalation counts from
   * the moment it became HIGH.
   */
  private supersede(previous: AlarmRecord, spec: OnsetSpec): void {
    this.endCondition(previous, 'superseded');
    this.onset(spec);
  }

  /** A device reported the end of an alarm the station never saw start: show what must not go unseen. */
  private missedDeviceAlarm(spec: OnsetSpec): void {
    this.log.warn('alarms.device-alarm-end-without-start', { bedId: spec.bedId, code: spec.code });
    this.endCondition(this.onset(spec), 'condition-ended');
  }

  private rememberEnded(key: string): void {
    this.endedDeviceAlarms.delete(key);
    this.endedDeviceAlarms.set(key, this.clock.wall());
    if (this.endedDeviceAlarms.size > ENDED_DEVICE_MEMORY) {
      const oldest = this.endedDeviceAlarms.keys().next().value;
      if (oldest !== undefined) this.endedDeviceAlarms.delete(oldest);
    }
  }

  /**
   * Escalation runs from when this station learned of the alarm
   * (`escalatesFrom`: its onset, or an episode's late arrival), on the
   * monotonic clock, until the alarm is acknowledged or leaves the list: a
   * latched alarm whose condition ended still needs a person and keeps
   * escalating; a non-latching one that ended is gone, and so is one that
   * was reset.
   */
  private escalate(alarm: AlarmRecord, nowMono: number): void {
    if (!this.stillEscalates(alarm)) return;
    const target = escalationLevelAfter(this.escalation, alarm.priority, nowMono - alarm.escalatesFrom);
    // Re-checked every step: a listener of the previous step may have led to an acknowledgement.
    while (alarm.escalationLevel < target && this.stillEscalates(alarm)) {
      const level = (alarm.escalationLevel + 1) as 2 | 3;
      alarm.escalationLevel = level;
      this.changed();
      this.record({ action: 'alarm.escalated', actor: 'system', bedId: alarm.bedId, alarmId: alarm.alarmId, details: { code: alarm.code, priority: alarm.priority, level, condition_ended: alarm.endedAt !== null } });
      const event: EscalationEvent = { alarmId: alarm.alarmId, bedId: alarm.bedId, level, at: this.clock.wall() };
      this.notify(this.escalationListeners, event, 'alarms.escalation-listener-failed');
    }
  }

  /** Every listener hears it; one that throws is logged and stops nothing. */
  private notify<E>(listeners: ReadonlySet<(event: E) => void>, event: E, logEvent: string): void {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        this.log.error(logEvent, { reason: (error as Error).message });
      }
    }
  }

  private stillEscalates(alarm: AlarmRecord): boolean {
    return alarm.acknowledgedAt === null && this.records.get(alarm.alarmId) === alarm;
  }

  private applyLimitTransitions(bedId: string, transitions: readonly ParameterTransition[]): void {
    for (const t of transitions) {
      const key = `limit:${bedId}:${t.parameter}:${t.side}`;
      const current = this.open.get(key);
      if (t.kind === 'end') {
        if (current) this.endCondition(current, 'condition-ended');
        continue;
      }
      const extreme = t.severity === 'extreme';
      const code = `${PARAMETER_CODE[t.parameter]}_${extreme ? 'EXTREME_' : ''}${t.side.toUpperCase()}`;
      const spec: OnsetSpec = {
        key,
        bedId,
        code,
        message: `${PARAMETER_LABEL[t.parameter]} ${extreme ? 'extreme ' : ''}${t.side} ${fmt(t.value)} ${t.side === 'low' ? '<' : '>'} ${fmt(t.limit)} ${NUMERIC_UNIT[t.parameter]}`,
        source: 'station',
        priority: t.priority,
        latching: extreme && this.latchExtreme,
        triggerValue: t.value,
        limit: t.limit,
        // Every station derives the same id from the source's sample that began the excursion (shared/protocol/episode.ts).
        episodeId: t.excursionAt === null ? null : stationEpisodeId(bedId, code, t.priority, t.excursionAt),
      };
      if (current) this.supersede(current, spec);
      else this.onset(spec);
    }
  }

  private setTechnical(code: TechnicalAlarmCode, bedId: string, present: boolean): void {
    const current = this.open.get(technicalKey(code, bedId));
    if (present && !current) this.raiseTechnicalQuietly(code, { bedId });
    if (!present && current) this.endCondition(current, 'condition-ended');
  }

  private raiseTechnicalQuietly(code: string, options: TechnicalAlarmOptions): string {
    const known = TECHNICAL_ALARM_DEFAULTS[code as TechnicalAlarmCode] as (typeof TECHNICAL_ALARM_DEFAULTS)[TechnicalAlarmCode] | undefined;
    // An unknown code with no priority is treated as the unsafe case.
    const priority = options.priority ?? known?.priority ?? 'HIGH';
    const key = technicalKey(code, options.bedId, options.subject);
    const current = this.open.get(key);
    const spec: OnsetSpec = {
      key,
      bedId: options.bedId,
      code,
      message: options.message ?? known?.message ?? code,
      source: 'technical',
      priority,
      latching: options.latching ?? false,
      triggerValue: null,
      limit: null,
      episodeId: null,
      auditDetails: { ...options.details, ...(options.subject !== undefined ? { subject: options.subject } : {}) },
    };
    if (!current) return this.onset(spec).alarmId;
    if (PRIORITY_RANK[priority] < PRIORITY_RANK[current.priority]) this.supersede(current, spec);
    return this.open.get(key)!.alarmId;
  }

  // ---- audit --------------------------------------------------------------

  /** A clinical action's audit entry; resolves once durable, otherwise refuses the action. */
  private async durable(event: AuditEventInput): Promise<void> {
    try {
      await this.audit.recordClinical(event);
    } catch (error) {
      this.auditFailed(event.action, error);
      throw new AlarmActionRefused('audit-failed', `not done: the audit trail could not record it (${(error as Error)?.message ?? String(error)})`);
    }
    if (this.auditFailureRaisedHere) {
      // A durable write just succeeded, so the failure this engine saw is over.
      this.auditFailureRaisedHere = false;
      this.clearTechnical('AUDIT_FAILURE', null);
    }
  }

  /** The station's own events: never delay an alarm for the audit trail, but never lose the failure either. */
  private record(event: AuditEventInput): void {
    try {
      this.audit.record(event);
    } catch (error) {
      this.auditFailed(event.action, error);
    }
  }

  private auditFailed(action: string, error: unknown): void {
    this.log.error('alarms.audit-failed', { action, reason: (error as Error)?.message ?? String(error) });
    if (this.open.has(technicalKey('AUDIT_FAILURE', null))) return;
    this.auditFailureRaisedHere = true;
    this.raiseTechnical('AUDIT_FAILURE', { bedId: null });
  }

  // ---- plumbing -----------------------------------------------------------

  private requirePermission(operator: Operator, permission: Permission): void {
    // authorize() already checked; checking again here keeps a mix-up in the wiring from becoming a clinical action.
    if (operator.permission !== permission || !hasPermission(operator.role, permission)) {
      throw new AlarmActionRefused('not-permitted', `${operator.role} is not authorised to ${permission}`);
    }
  }

  private bedOf(bedId: string): BedLimits {
    const bed = this.beds.get(bedId);
    if (!bed) throw new AlarmActionRefused('unknown-bed', `no bed ${bedId} on this station`);
    return bed;
  }

  private oneLimitChangeAtATime<T>(action: () => Promise<T>): Promise<T> {
    const run = this.limitChanges.then(action, action);
    this.limitChanges = run.catch(() => undefined);
    return run;
  }

  private changed(): void {
    this.dirty = true;
  }

  private publish(): void {
    if (!this.dirty) return;
    const update = this.update();
    this.dirty = false;
    for (const listener of this.changeListeners) {
      try {
        listener(update);
      } catch (error) {
        this.log.error('alarms.change-listener-failed', { reason: (error as Error).message });
      }
    }
  }

  /**
   * `sentAt` and `audioPausedUntil` are one wall-clock reading apart by
   * exactly the pause left, taken now: a view counts the difference down on
   * its own monotonic clock, so no clock step here or there can lengthen
   * what it shows (the pause itself is decided here, in `auditory`).
   */
  private update(): AlarmsUpdate {
    const sentAt = Math.floor(this.clock.wall());
    const remainingMs = this.pause.remainingMs();
    return { alarms: this.list(), auditory: this.auditory(), audioPausedUntil: remainingMs === null ? null : sentAt + Math.ceil(remainingMs), sentAt };
  }
}

function technicalKey(code: string, bedId: string | null, subject?: string): string {
  return `technical:${code}:${bedId ?? '*'}${subject === undefined ? '' : `:${subject}`}`;
}

/**
 * The one acknowledgement rule, for a nurse here and for one at another
 * station alike: any listed alarm nobody has acknowledged yet may be, a
 * latched one whose condition ended included (it sounds and escalates until
 * someone does). A non-latching alarm that ended has left the list, so it
 * is unknown. Refused otherwise: unknown, or already acknowledged.
 */
function mayBeAcknowledged(alarm: AlarmRecord | undefined): alarm is AlarmRecord {
  return alarm !== undefined && alarm.acknowledgedAt === null;
}

function actorOf(operator: Operator): { userId: string; role: string } {
  return { userId: operator.userId, role: operator.role };
}

function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}
