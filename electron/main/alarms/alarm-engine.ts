import { isLimitParameter, LIMIT_PARAMETERS, PARAMETER_CODE, PARAMETER_LABEL, type LimitParameter } from '../../../shared/alarms/limit-parameters';
import {
  DEFAULT_LIMIT_PROFILES,
  DEFAULT_PROFILE_NAME,
  LimitProfilesSchema,
  type LimitProfile,
  type LimitProfiles,
  type ParameterLimits,
} from '../../../shared/alarms/limit-profiles';
import type { AlarmCondition, AlarmPriority, AlarmSource } from '../../../shared/domain/alarm-condition';
import type { BedStatus } from '../../../shared/domain/bed-status';
import { NUMERIC_UNIT, type Numeric } from '../../../shared/domain/numeric';
import type { Permission } from '../../../shared/domain/session';
import type { AlarmsDelta, AlarmsUpdate, AuditorySignal } from '../../../shared/domain/station-event';
import type { AlarmFloodStatus } from '../../../shared/domain/station-status';
import { stationEpisodeId, type EpisodeEnd } from '../../../shared/protocol/episode';
import type { Operator } from '../auth/operator';
import { hasPermission } from '../auth/permissions';
import { silentLogger, type Logger } from '../logging/logger';
import { instantOf, systemClock, type Clock, type Instant } from '../time/clock';
import { AlarmActionRefused } from './alarm-action-refused';
import type { AlarmAuditSink, AuditActor, AuditEventInput } from './alarm-audit';
import { AlarmChanges, AlarmRecordMap, type AlarmChange, type SignalTimes } from './alarm-changes';
import { AlarmIdSource } from './alarm-ids';
import { PRIORITY_RANK, toAlarmCondition, type AlarmRecord } from './alarm-record';
import { AudioPause, DEFAULT_AUDIO_PAUSE_MS, MAX_AUDIO_PAUSE_MS } from './audio-pause';
import { AuditoryChoice } from './auditory-signal';
import { BedLimits, type ParameterTransition } from './bed-limits';
import { effectiveDeviceAlarm, repairDeviceAlarm, type DeviceAlarmInput } from './device-alarm';
import { DEFAULT_ALARM_FLOOD_POLICY, DeviceAlarmFlood, type AlarmFloodPolicy, type HeldAlarm } from './device-alarm-flood';
import { DeviceAlarmTwins, type DeviceAlarmContent } from './device-alarm-twins';
import { FinishedEpisodes, type EpisodeInput, type SourceEnd } from './episode-input';
import { DEFAULT_ESCALATION_POLICY, escalationLevelAfter, type EscalationPolicy } from './escalation-policy';
import { TECHNICAL_ALARM_DEFAULTS, type TechnicalAlarmCode } from './technical-alarms';

export interface AlarmEngineOptions {
  stationId: string;
  /** The unit's beds; each starts on `defaultProfile`. */
  beds: readonly string[];
  audit: AlarmAuditSink;
  /**
   * Every duration (condition delays, hysteresis, escalation, AUDIO PAUSED,
   * device alarm flood control) runs on `clock.monotonic()`; `clock.wall()`
   * only stamps what people read (onset shown in the UI, acknowledgement
   * time). Default systemClock.
   */
  clock?: Clock;
  /** Per-start part of alarm ids (default 8 random hex digits); see alarm-ids.ts. */
  idPrefix?: string;
  profiles?: LimitProfiles;
  defaultProfile?: string;
  escalation?: EscalationPolicy;
  /** Extreme (HIGH) limit alarms latch so a brief crash in SpO2 is still seen. Default true. */
  latchExtremeLimitAlarms?: boolean;
  /** Device alarm flood control and bounds (see device-alarm-flood.ts); the defaults suit a unit of 64 beds. */
  flood?: Partial<AlarmFloodPolicy>;
  logger?: Logger;
  /** The census encounter in a bed now (null: no patient): each alarm is stamped with the one in its bed when it came (onset, or arrival if held back in a flood). */
  encounterOf?: (bedId: string) => string | null;
  /** Whether this station sounds an alarm (care groups: another group's sound at its own station). Default: all. */
  audibleHere?: (alarm: { bedId: string | null; priority: AlarmPriority; escalationLevel: number }) => boolean;
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

/**
 * What became of a device alarm message: shown (or ended) now, merged into
 * an alarm already shown, held back to be shown later (its bed floods or
 * there is no room), or discarded (no room even to wait; never a HIGH).
 */
export type DeviceAlarmOutcome = 'applied' | 'merged' | 'held' | 'discarded';

/** What became of an episode's state: shown, ended, nothing new (a repeat), held back or discarded in a flood (as for device alarms). */
export type EpisodeOutcome = 'raised' | 'ended' | 'unchanged' | 'held' | 'discarded';

export type RemoteAcknowledgeOutcome = { applied: true } | { applied: false; reason: 'unknown-alarm' | 'already-acknowledged' };

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
  /**
   * The patient (census encounter) the alarm is of, when not whoever is in
   * the bed at onset: a device alarm held back in a flood is the patient's
   * who was in the bed when it came, however late it is shown.
   */
  encounterId?: string | null;
  auditDetails?: Record<string, string | number | boolean | null>;
}

/** Recently ended device alarms, so a repeated 'end' is not taken for a missed alarm. */
const ENDED_DEVICE_MEMORY = 1_000;

/** The subject of a bed's HISTORY_INCOMPLETE for alarms its flood discarded (one per flood). */
const FLOOD_DISCARDS = 'flood-discards';

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
  private readonly records = new AlarmRecordMap({ added: (r) => this.recordAdded(r), removed: (r) => this.recordRemoved(r) });
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
  private readonly encounterOf: (bedId: string) => string | null;
  private readonly changeListeners = new Set<(delta: AlarmsDelta) => void>();
  private readonly escalationListeners = new Set<(event: EscalationEvent) => void>();
  private readonly overtakenListeners = new Set<(event: OvertakenAcknowledgement) => void>();
  /** Limit and profile changes run one at a time so each audited "before" is true. */
  private limitChanges: Promise<unknown> = Promise.resolve();
  private lastSeq = 0;
  private readonly changes: AlarmChanges;
  private readonly auditoryChoice: AuditoryChoice;
  private readonly twins = new DeviceAlarmTwins();
  private readonly flood: DeviceAlarmFlood;
  private auditFailureRaisedHere = false;

  constructor(options: AlarmEngineOptions) {
    this.audit = options.audit;
    this.clock = options.clock ?? systemClock;
    this.pause = new AudioPause(this.clock);
    this.ids = new AlarmIdSource(options.stationId, options.idPrefix);
    this.changes = new AlarmChanges(this.ids.stem);
    this.flood = new DeviceAlarmFlood({ ...DEFAULT_ALARM_FLOOD_POLICY, ...options.flood }, this.clock);
    this.profiles = LimitProfilesSchema.parse(options.profiles ?? DEFAULT_LIMIT_PROFILES);
    this.escalation = options.escalation ?? DEFAULT_ESCALATION_POLICY;
    this.latchExtreme = options.latchExtremeLimitAlarms ?? true;
    this.log = options.logger ?? silentLogger;
    this.encounterOf = options.encounterOf ?? (() => null);
    this.auditoryChoice = new AuditoryChoice(options.audibleHere);
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

  /**
   * A device's alarm message. Repeats of an alarm already shown are merged
   * (counted, nothing sent). A bed whose devices flood, or that has no room
   * for another alarm, gets ALARM_FLOOD and its new alarms wait, in order,
   * and go through at a steady rate (device-alarm-flood.ts); ends of alarms
   * already shown never wait, and a HIGH never waits for anything. The
   * budget and the pace are measured on the monotonic clock.
   */
  deviceAlarm(input: DeviceAlarmInput): DeviceAlarmOutcome {
    const { alarm, problem } = repairDeviceAlarm(input);
    if (problem) this.log.warn('alarms.device-alarm-repaired', { bedId: alarm.bedId, code: alarm.code, problem });
    const key = deviceKey(alarm);
    const now = instantOf(this.clock);
    const encounterId = this.encounterNow(alarm.bedId);
    const throttled = this.flood.arrive(alarm.bedId);
    // Held for the patient before this one: shown first, so this message is this patient's as it would be had that one been shown in time.
    const before = this.flood.heldOf(key);
    if (before && before.encounterId !== encounterId && this.flood.take(alarm.bedId, key)) this.applyHeld(before);
    let outcome: DeviceAlarmOutcome;
    if (effectiveDeviceAlarm(alarm).priority === 'HIGH') {
      // What waits for this id goes first, at its own times: a HIGH must not overtake it.
      const held = this.flood.take(alarm.bedId, key);
      if (held) this.applyHeld(held);
      outcome = this.applyDeviceAlarm(alarm, now, encounterId);
    } else if (this.flood.isHeld(alarm.bedId, key) || this.mustWait(alarm, key, throttled, encounterId)) {
      // Counted, not logged one by one: a flood must not become a flood of log lines (see syncFloodAlarms).
      outcome = this.flood.hold(alarm.bedId, key, { kind: 'device', alarm, encounterId }, now) ? 'held' : this.discarded(alarm.bedId, null);
    } else {
      outcome = this.applyDeviceAlarm(alarm, now, encounterId);
    }
    this.syncFloodAlarms(alarm.bedId);
    this.publish();
    return outcome;
  }

  /**
   * A device alarm episode the back end journaled (see episode-input.ts),
   * live or after the fact: its onset may be long past and it may already
   * have ended. It is shown and audited with the source's onset and end
   * (wall times of the source, never measured against here); escalation and
   * "oldest first" count from when this station learned of it, on its
   * monotonic clock: nobody here could have acknowledged it earlier. An
   * ended latching episode (VT, VF, asystole) stays latched: resolved,
   * sounding and escalating until acknowledged, shown until reset.
   * Delivering an episode again changes nothing (a repeat, counted): it is
   * found by its id, or remembered as finished.
   *
   * Episodes obey the same flood control and bounds as device alarms: a new
   * episode other than HIGH waits while its bed floods or has no room, and
   * goes through later with its onset unchanged and escalation counted from
   * its arrival; an end never waits. Only live deliveries count against a
   * bed's budget (a resync replays what is active, which is no flood). They
   * are never merged with another episode of the same content: an
   * acknowledgement names one episode and must not silence another.
   */
  episode(input: EpisodeInput): EpisodeOutcome {
    const key = episodeKey(input.episodeId);
    const now = instantOf(this.clock);
    const encounterId = this.encounterNow(input.bedId);
    const throttled = input.delivered === 'live' ? this.flood.arrive(input.bedId) : this.flood.throttled(input.bedId);
    let outcome: EpisodeOutcome;
    const known = this.byEpisode.has(input.episodeId) || this.finishedEpisodes.has(input.episodeId);
    if (known || effectiveDeviceAlarm({ ...input, phase: 'continue' }).priority === 'HIGH') {
      const held = this.flood.take(input.bedId, key);
      if (held) this.applyHeld(held);
      outcome = this.applyEpisode(input, now, input.end ? now : null, encounterId);
      if (outcome === 'unchanged') this.flood.merged(input.bedId);
    } else if (this.flood.isHeld(input.bedId, key) || throttled || !this.flood.hasRoom(input.bedId)) {
      outcome = this.flood.hold(input.bedId, key, { kind: 'episode', episode: input, encounterId }, now) ? 'held' : this.discarded(input.bedId, input);
    } else {
      outcome = this.applyEpisode(input, now, input.end ? now : null, encounterId);
    }
    this.syncFloodAlarms(input.bedId);
    this.publish();
    return outcome;
  }

  /**
   * An episode this station showed, or holds back in a flood, has ended at
   * the source while nobody could say when (the back end lost its journal
   * meanwhile): ended now, audited with an unknown end. A latching one stays
   * latched.
   */
  endEpisodeUnknown(episodeId: string): boolean {
    const known = this.byEpisode.get(episodeId);
    if (known) {
      if (known.endedAt !== null) return false;
      this.endEpisode(known, null, instantOf(this.clock));
      this.publish();
      return true;
    }
    return this.flood.endHeldEpisode(episodeKey(episodeId), instantOf(this.clock));
  }

  /** The episode is shown and its condition lasts, or it waits in a flood without having ended: what the station still expects an end of. */
  isEpisodeOpen(episodeId: string): boolean {
    const record = this.byEpisode.get(episodeId);
    if (record) return record.endedAt === null;
    const held = this.flood.heldOf(episodeKey(episodeId));
    return held?.kind === 'episode' && held.episode.end === null && held.endedAt === null;
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

  /** Condition delays, audio pause expiry, escalation and held device alarms, as of now on the monotonic clock. */
  tick(): void {
    for (const [bedId, bed] of this.beds) this.applyLimitTransitions(bedId, bed.tick());
    if (this.pause.expire()) {
      this.record({ action: 'audio.resumed', actor: 'system', details: { reason: 'pause-expired' } });
      this.changed('signals');
    }
    const now = this.clock.monotonic();
    for (const alarm of this.records.values()) this.escalate(alarm, now);
    this.releaseHeldAlarms();
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
      this.changed(current);
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
    this.changed(alarm);
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
    this.changed('signals');
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
    // The record map noted each alarm removed.
    if (reset > 0) this.changed('signals');
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
      const profile = this.profileNamed(profileName);
      await this.durable({ action: 'profile.changed', actor: actorOf(operator), bedId, details: { profile_before: bed.profileName, profile_after: profile.name } });
      this.applyLimitTransitions(bedId, bed.applyProfile(profile));
      this.publish();
      return { profile: profile.name };
    });
  }

  /**
   * A bed's limits back to a profile's defaults because the bed has a new
   * patient (admission) or the patient's category changed: one patient's
   * custom limits never carry over to the next. Queued behind any limit
   * change still being written, so a change made for the previous patient
   * cannot land after the reset. The census audits the admission durably
   * first; this entry records the reset itself.
   */
  resetLimits(bedId: string, profileName: string, actor: AuditActor, context: { encounterId: string; reason: string }): Promise<{ profile: string }> {
    return this.oneLimitChangeAtATime(async () => {
      const bed = this.bedOf(bedId);
      const profile = this.profileNamed(profileName);
      this.record({ action: 'limits.reset', actor, bedId, details: { profile_before: bed.profileName, profile_after: profile.name, reason: context.reason, encounter: context.encounterId } });
      this.applyLimitTransitions(bedId, bed.applyProfile(profile));
      this.publish();
      return { profile: profile.name };
    });
  }

  /** A patient moved from one bed to another takes their profile and limits along (the old bed keeps its own until its next admission). */
  copyLimits(fromBedId: string, toBedId: string, actor: AuditActor, context: { encounterId: string; reason: string }): Promise<{ profile: string }> {
    return this.oneLimitChangeAtATime(async () => {
      const from = this.bedOf(fromBedId);
      const to = this.bedOf(toBedId);
      this.record({ action: 'limits.reset', actor, bedId: toBedId, details: { profile_before: to.profileName, profile_after: from.profileName, reason: context.reason, from_bed: fromBedId, encounter: context.encounterId } });
      this.applyLimitTransitions(toBedId, to.adopt(from));
      this.publish();
      return { profile: from.profileName };
    });
  }

  // ---- outputs ------------------------------------------------------------

  /**
   * Called after every change with what changed (the next delta of the
   * alarm stream, numbered; see AlarmsDeltaSchema). Returns an unsubscribe
   * function.
   */
  onChange(listener: (delta: AlarmsDelta) => void): () => void {
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

  /** The full state with its place in the stream, e.g. for a view that (re)connects or missed a delta. */
  snapshot(): AlarmsUpdate {
    return this.changes.snapshot(this.records, this.auditory(), this.signalTimes());
  }

  /** Current alarm conditions in creation order (the UI sorts for display). */
  list(): AlarmCondition[] {
    return [...this.records.values()].map(toAlarmCondition);
  }

  /** The single alarm that should sound now, or null for silence. */
  auditory(): AuditorySignal | null {
    return this.auditoryChoice.current(this.records, this.pause);
  }

  /** Flood control and bounds of device alarms, for the admin status screen. */
  floodStatus(): AlarmFloodStatus {
    return this.flood.status();
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

  /**
   * A new alarm condition, by default beginning now. `at.wall` is the onset
   * people read; `at.mono` is when this station learned of it, what
   * escalation and "oldest first" count from (a device alarm held back in a
   * flood: when it came; an episode from the back end: its arrival here,
   * with the source's onset as `at.wall`).
   */
  private onset(spec: OnsetSpec, at: Instant = instantOf(this.clock)): AlarmRecord {
    const { alarmId, seq } = this.ids.next();
    this.lastSeq = seq;
    const { auditDetails, encounterId: ofEncounter, ...fields } = spec;
    const inBedNow = this.encounterNow(spec.bedId);
    const encounterId = ofEncounter === undefined ? inBedNow : ofEncounter;
    // An alarm of someone no longer in the bed (shown late) names its own patient, or nobody, in its onset entry (census/audit-identity.ts).
    const ofOther: Record<string, string | null> = encounterId === inBedNow ? {} : { encounter: encounterId };
    const alarm: AlarmRecord = { alarmId, seq, ...fields, onsetAt: at.wall, escalatesFrom: at.mono, endedAt: null, acknowledgedAt: null, acknowledgedBy: null, escalationLevel: 1, encounterId };
    // In the maps before auditing: an audit failure raised from here must find it.
    this.records.set(alarmId, alarm);
    this.open.set(spec.key, alarm);
    if (alarm.episodeId !== null) this.byEpisode.set(alarm.episodeId, alarm);
    this.changed(alarm);
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
        ...ofOther,
      },
    });
    return alarm;
  }

  /**
   * The condition ended, by default now (a held alarm's end reached this
   * station earlier). `sourceEnd`: for an episode from the back end, the
   * source's wall time of the end (null: unknown), audited with it; the
   * alarm's own `endedAt` is when it ended here.
   */
  private endCondition(alarm: AlarmRecord, reason: 'condition-ended' | 'superseded', at: Instant = instantOf(this.clock), sourceEnd?: SourceEnd): void {
    alarm.endedAt = at.wall;
    if (this.open.get(alarm.key) === alarm) this.open.delete(alarm.key);
    for (const key of this.twins.forget(alarm)) if (this.open.get(key) === alarm) this.open.delete(key);
    // A superseded alarm is replaced by its successor for the same cause: keeping it latched would show one cause twice.
    const stays = alarm.latching && reason === 'condition-ended';
    if (!stays) this.forget(alarm);
    this.changed(alarm);
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
  private supersede(previous: AlarmRecord, spec: OnsetSpec, at: Instant = instantOf(this.clock)): AlarmRecord {
    this.endCondition(previous, 'superseded', at);
    return this.onset(spec, at);
  }

  /** A device reported the end of an alarm the station never saw start: show what must not go unseen. */
  private missedDeviceAlarm(spec: OnsetSpec, at: Instant): void {
    this.log.warn('alarms.device-alarm-end-without-start', { bedId: spec.bedId, code: spec.code });
    this.endCondition(this.onset(spec, at), 'condition-ended', at);
  }

  // ---- device alarms: repeats, floods, bounds ------------------------------

  /** A message that is no repeat and ends nothing shown waits while its bed floods, or while there is no room for what it adds. */
  private mustWait(alarm: DeviceAlarmInput, key: string, throttled: boolean, encounterId: string | null): boolean {
    const current = this.open.get(key);
    const { priority } = effectiveDeviceAlarm(alarm);
    let addsRecord: boolean;
    if (alarm.phase === 'end') {
      if (current || this.endedDeviceAlarms.has(key)) return false;
      addsRecord = true; // an end the station never saw start: shown as a missed alarm
    } else if (!current) {
      if (this.twins.find(this.contentOf(alarm, encounterId))) return false;
      addsRecord = true;
    } else {
      if (PRIORITY_RANK[priority] >= PRIORITY_RANK[current.priority]) return false;
      addsRecord = this.twins.shared(current); // it splits off a new alarm only if others still share this one
    }
    return throttled || (addsRecord && !this.flood.hasRoom(alarm.bedId));
  }

  /**
   * Applies one device alarm message at `at`: the moment it happened, which
   * a held one carries on both clocks (its onset is shown at the wall time
   * it came, and its escalation counts on the monotonic clock from then).
   */
  private applyDeviceAlarm(alarm: DeviceAlarmInput, at: Instant, encounterId: string | null): 'applied' | 'merged' {
    const key = deviceKey(alarm);
    const { priority, latching } = effectiveDeviceAlarm(alarm);
    const current = this.open.get(key);
    const spec: OnsetSpec = { key, bedId: alarm.bedId, code: alarm.code, message: alarm.message, source: alarm.source, priority, latching, triggerValue: null, limit: null, episodeId: null, encounterId };
    const content = this.contentOf(alarm, encounterId);

    if (alarm.phase === 'end') {
      if (current) {
        // Still open under another id of the same alarm: only this id has ended.
        if (this.twins.leave(key, current)) this.open.delete(key);
        else this.endCondition(current, 'condition-ended', at);
      } else if (this.endedDeviceAlarms.has(key)) {
        this.flood.merged(alarm.bedId);
        this.rememberEnded(key);
        return 'merged';
      } else this.missedDeviceAlarm(spec, at);
      this.rememberEnded(key);
    } else if (!current) {
      const twin = this.twins.find(content);
      if (twin) {
        this.twins.join(key, twin);
        this.open.set(key, twin);
        this.flood.merged(alarm.bedId);
        return 'merged';
      }
      if (alarm.phase === 'continue') this.log.info('alarms.device-alarm-joined', { bedId: alarm.bedId, code: alarm.code });
      this.twins.opened(this.onset(spec, at), key, content);
    } else if (PRIORITY_RANK[priority] < PRIORITY_RANK[current.priority]) {
      // Only this id deepened: the alarm it shared with other ids stays for them.
      if (this.twins.leave(key, current)) this.open.delete(key);
      const next = this.open.has(key) ? this.supersede(current, spec, at) : this.onset(spec, at);
      this.twins.opened(next, key, content);
    } else {
      this.flood.merged(alarm.bedId);
      return 'merged';
    }
    return 'applied';
  }

  /**
   * Applies one episode state: raised with the source's onset, escalation
   * counted from `arrived` (when it reached this station); ended, when it
   * has, at `endedHere` (when its end reached this station, or now for an
   * end nobody can date), with the source's end audited.
   */
  private applyEpisode(input: EpisodeInput, arrived: Instant, endedHere: Instant | null, encounterId: string | null): 'raised' | 'ended' | 'unchanged' {
    const ended = endedHere !== null;
    const known = this.byEpisode.get(input.episodeId);
    if (known) {
      if (!ended || known.endedAt !== null) return 'unchanged';
      this.endEpisode(known, input.end, endedHere);
      return 'ended';
    }
    if (this.finishedEpisodes.has(input.episodeId)) return 'unchanged';
    const { priority, latching } = effectiveDeviceAlarm({ ...input, phase: 'continue' });
    const spec: OnsetSpec = {
      key: episodeKey(input.episodeId),
      bedId: input.bedId,
      code: input.code,
      message: input.message,
      source: input.source,
      priority,
      latching,
      triggerValue: null,
      limit: null,
      episodeId: input.episodeId,
      encounterId,
      auditDetails: { episode_id: input.episodeId, source_onset_at: input.onsetAt, delivered: input.delivered },
    };
    const alarm = this.onset(spec, { mono: arrived.mono, wall: input.onsetAt });
    if (ended) this.endEpisode(alarm, input.end, endedHere);
    return 'raised';
  }

  /** `end` null: it ended and nobody can say when. */
  private endEpisode(alarm: AlarmRecord, end: EpisodeEnd | null, at: Instant): void {
    this.endCondition(alarm, end?.reason === 'superseded' ? 'superseded' : 'condition-ended', at, { at: end?.at ?? null });
  }

  /** A held message, applied at the times its alarm really started and ended (reached this station). */
  private applyHeld(held: HeldAlarm): void {
    if (held.kind === 'episode') {
      this.applyEpisode(held.episode, held.arrivedAt, held.endedAt, held.encounterId);
      return;
    }
    if (held.startedAt !== null) this.applyDeviceAlarm({ ...held.alarm, phase: 'start' }, held.startedAt, held.encounterId);
    if (held.endedAt !== null) this.applyDeviceAlarm({ ...held.alarm, phase: 'end' }, held.endedAt, held.encounterId);
  }

  /**
   * A message that could not even wait (its bed's queue is full; never a
   * HIGH) is gone, and the bed's alarm history here is incomplete: unknown
   * is unsafe, so the bed gets HISTORY_INCOMPLETE, latching, until its
   * flood ends (someone must check the bedside monitor's own history). An
   * HL7 sender is also answered AE (connections/hl7/device-intake.ts). A journaled episode has
   * no sender to answer, so it is audited as never shown, with its identity.
   */
  private discarded(bedId: string, episode: EpisodeInput | null): 'discarded' {
    if (episode) {
      const { priority, latching } = effectiveDeviceAlarm({ ...episode, phase: 'continue' });
      this.record({
        action: 'alarm.onset',
        actor: 'system',
        bedId,
        alarmId: null,
        details: {
          code: episode.code,
          priority,
          source: episode.source,
          latching,
          episode_id: episode.episodeId,
          source_onset_at: episode.onsetAt,
          source_ended_at: episode.end?.at ?? null,
          delivered: episode.delivered,
          shown: false,
          discarded: 'alarm-flood',
        },
      });
    }
    // Logged with the flood's counts when it ends (syncFloodAlarms), not here.
    if (!this.open.has(technicalKey('HISTORY_INCOMPLETE', bedId, FLOOD_DISCARDS))) {
      this.raiseTechnicalQuietly('HISTORY_INCOMPLETE', {
        bedId,
        subject: FLOOD_DISCARDS,
        latching: true,
        message: "Alarms discarded in a flood from this bed's devices: check the bedside monitor",
        details: { reason: 'alarm-flood' },
      });
    }
    return 'discarded';
  }

  private releaseHeldAlarms(): void {
    const beds = this.flood.release(
      (bedId, held) => this.open.has(held.key) || this.flood.hasRoom(bedId),
      (_bedId, held) => this.applyHeld(held),
    );
    for (const bedId of beds) this.syncFloodAlarms(bedId);
    this.setTechnical('ALARM_CAPACITY', null, this.flood.full);
  }

  /**
   * ALARM_FLOOD on a bed while anything of it is throttled or waiting (its
   * end latches a HISTORY_INCOMPLETE raised for what it discarded);
   * ALARM_CAPACITY while the station's bound is reached.
   */
  private syncFloodAlarms(bedId: string): void {
    const flooding = this.flood.flooding(bedId);
    if (flooding !== this.open.has(technicalKey('ALARM_FLOOD', bedId))) {
      if (flooding) this.log.warn('alarms.flood-started', { bedId });
      else this.log.info('alarms.flood-ended', { bedId, ...this.flood.countsOf(bedId) });
      this.setTechnical('ALARM_FLOOD', bedId, flooding);
      if (!flooding) this.setTechnical('HISTORY_INCOMPLETE', bedId, false, FLOOD_DISCARDS);
    }
    this.setTechnical('ALARM_CAPACITY', null, this.flood.full);
  }

  private contentOf(alarm: DeviceAlarmInput, encounterId: string | null): DeviceAlarmContent {
    const { priority, latching } = effectiveDeviceAlarm(alarm);
    return { bedId: alarm.bedId, encounterId, source: alarm.source, code: alarm.code, priority, latching, message: alarm.message };
  }

  /** The census encounter in a bed now (null: no patient, or no bed). */
  private encounterNow(bedId: string | null): string | null {
    return bedId === null ? null : this.encounterOf(bedId);
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
      this.changed(alarm);
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

  private setTechnical(code: TechnicalAlarmCode, bedId: string | null, present: boolean, subject?: string): void {
    const current = this.open.get(technicalKey(code, bedId, subject));
    if (present && !current) this.raiseTechnicalQuietly(code, { bedId, subject });
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
    let record: unknown;
    try {
      record = await this.audit.recordClinical(event);
    } catch (error) {
      this.auditFailed(event.action, error);
      throw new AlarmActionRefused('audit-failed', `not done: the audit trail could not record it (${(error as Error)?.message ?? String(error)})`);
    }
    // Durable in the fallback journal is done, but it does not mean the store is back.
    if (this.auditFailureRaisedHere && (record as { recordedIn?: string } | undefined)?.recordedIn !== 'fallback-journal') {
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

  /** A profile the config knows (own properties only: a name is user input). */
  private profileNamed(profileName: string): LimitProfile {
    const profile = Object.hasOwn(this.profiles, profileName) ? this.profiles[profileName] : undefined;
    if (!profile) throw new AlarmActionRefused('unknown-profile', `no limit profile named ${profileName}`);
    return profile;
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

  /**
   * Notes a change to send to the views; name what it touched, or they get
   * the whole list again (safe, not cheap). No time is taken here: the
   * delta is stamped with one wall reading when it is published.
   */
  private changed(what: AlarmChange = 'all'): void {
    this.changes.mark(what);
    if (what === 'all' || what === 'signals') this.auditoryChoice.invalidate();
    else this.auditoryChoice.touched(what, this.pause);
  }

  private recordAdded(record: AlarmRecord): void {
    this.changes.touch(record.alarmId);
    this.auditoryChoice.touched(record, this.pause);
    if (isDeviceReported(record.key)) this.flood.recordAdded(record.bedId ?? '');
  }

  private recordRemoved(record: AlarmRecord): void {
    this.changes.touch(record.alarmId);
    this.auditoryChoice.touched(record, this.pause);
    if (isDeviceReported(record.key)) this.flood.recordRemoved(record.bedId ?? '');
  }

  private publish(): void {
    if (!this.changes.pending) return;
    const delta = this.changes.take(this.records, this.auditory(), this.signalTimes());
    if (delta === null) return;
    for (const listener of this.changeListeners) {
      try {
        listener(delta);
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
  private signalTimes(): SignalTimes {
    const sentAt = Math.floor(this.clock.wall());
    const remainingMs = this.pause.remainingMs();
    return { audioPausedUntil: remainingMs === null ? null : sentAt + Math.ceil(remainingMs), sentAt };
  }
}

function deviceKey(alarm: DeviceAlarmInput): string {
  return `device:${alarm.bedId}:${alarm.deviceAlarmId}`;
}

function episodeKey(episodeId: string): string {
  return `episode:${episodeId}`;
}

/** A device alarm or a journaled episode: what a bed's devices report, counted against the flood bounds. */
function isDeviceReported(key: string): boolean {
  return key.startsWith('device:') || key.startsWith('episode:');
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
