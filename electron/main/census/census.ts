import { randomUUID } from 'node:crypto';
import type { Bed } from '../../../shared/domain/bed';
import type { CensusChangeResult, CensusDetails, CensusDisplay, CensusEncounter, EncounterActor } from '../../../shared/domain/census';
import type { ManualPatient, PatientCategory, PatientDisplayMode } from '../../../shared/domain/patient';
import type { Permission } from '../../../shared/domain/session';
import { AlarmActionRefused } from '../alarms/alarm-action-refused';
import type { AuditActor } from '../alarms/alarm-audit';
import type { Operator } from '../auth/operator';
import { hasPermission } from '../auth/permissions';
import type { ClinicalRecord } from '../audit/durability-receipt';
import type { StationAuditTrail } from '../station/station-audit';
import { silentLogger, type Logger } from '../logging/logger';
import { systemClock, type Clock } from '../time/clock';
import type { AdtEvent, AdtOutcome } from './adt-event';
import { planFeedEvent } from './census-feed';
import { auditMarkOf, hasJournalMarks, resolveJournalMarks } from './census-journal-marks';
import { planAdmit, planConfirmReview, planDischarge, planTransfer, planUpdate } from './census-manual';
import { CensusRefused, identityDetails, type CensusDetails as AuditDetails, type CensusPlan, type LimitsEffect, type PlanStep } from './census-plan';
import { CensusState } from './census-state';
import { CensusFileUnreadable, MemoryCensusStore, type CensusPersistence } from './census-store';
import { currentBed, toCensusEncounter, type BedSpan, type EncounterRecord } from './encounter-record';
import { bedDisplay } from './patient-display';
import type { PlannerContext } from './planner-context';

/**
 * What the census writes to the audit trail: census entries durably (in the
 * trail, or in the fallback journal while the store cannot write), start-up
 * facts as they come; and what it reads back to place journalled entries
 * once they are in the trail (census-journal-marks.ts).
 */
export interface CensusAuditPort extends Pick<StationAuditTrail, 'query' | 'chainStatus'> {
  recordClinical(event: { action: PlanStep['action']; actor: AuditActor; bedId: string | null; details: AuditDetails }): Promise<ClinicalRecord>;
  record(event: { action: 'census.loaded'; actor: 'system'; details: AuditDetails }): void;
}

/** The alarm engine's part: a bed's limits follow its patient (reset on admission, carried on transfer). */
export interface CensusLimitsPort {
  resetToCategory(bedId: string, category: PatientCategory, actor: AuditActor, context: { encounterId: string; reason: string }): Promise<void>;
  copyLimits(fromBedId: string, toBedId: string, actor: AuditActor, context: { encounterId: string; reason: string }): Promise<void>;
}

/** Technical alarms the census raises: CENSUS_UNSAVED, CENSUS_UNAVAILABLE (unit-wide), ADT_REVIEW (per bed). */
export type CensusAlarmPort = (code: 'CENSUS_UNSAVED' | 'CENSUS_UNAVAILABLE' | 'ADT_REVIEW', bedId: string | null, present: boolean) => void;

export interface CensusOptions {
  stationId: string;
  beds: readonly Bed[];
  audit: CensusAuditPort;
  limits: CensusLimitsPort;
  alarms: CensusAlarmPort;
  store?: CensusPersistence;
  clock?: Clock;
  logger?: Logger;
  /** Assumed when a date of birth is not known (the unit's default profile, when it names a category). */
  defaultCategory?: PatientCategory;
  /** A new station's first census (the simulated unit's pseudonymous patients); not used when a census file exists. */
  seed?: (now: number) => EncounterRecord[];
}

export type CensusListener = (version: number) => void;

const FEED_ACTOR: AuditActor = { userId: 'adt-feed', role: 'feed' };

/**
 * Who is in which bed, and since when (electron/main/census/README.md).
 *
 * Every change – a charge nurse's, or the ADT feed's – runs one at a time
 * through the same queue: planned against the state at that moment (so a
 * manual admission racing a feed admission of the same bed is decided by
 * which came first, and the loser is refused or replaced by the conflict
 * rule, never merged), each step audited durably before it is applied,
 * the bed's limits then reset or carried, the census saved, and only then
 * shown. Nothing here imports electron; reads are synchronous.
 */
export class Census {
  private state = new CensusState();
  private readonly beds: Map<string, string>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly store: CensusPersistence;
  private readonly listeners = new Set<CensusListener>();
  private queue: Promise<unknown> = Promise.resolve();
  private unsaved = false;
  private readonly reviewAlarms = new Set<string>();
  private loadedUnreadable = false;
  private loading: Promise<void> | null = null;
  private placing: Promise<number> | null = null;
  private placeAgain = false;

  /** Empty until load(): the station builds it with its other services and loads it before any connection starts. */
  constructor(private readonly options: CensusOptions) {
    this.beds = new Map(options.beds.map((b) => [b.bedId, b.label]));
    this.clock = options.clock ?? systemClock;
    this.log = options.logger ?? silentLogger;
    this.store = options.store ?? new MemoryCensusStore();
  }

  // ---- reads --------------------------------------------------------------

  get version(): number {
    return this.state.version;
  }

  /** The encounter in a bed now, if any. */
  occupant(bedId: string): CensusEncounter | null {
    const e = this.state.occupant(bedId);
    return e ? toCensusEncounter(e) : null;
  }

  encounterIdIn(bedId: string): string | null {
    return this.state.occupant(bedId)?.encounterId ?? null;
  }

  /** Who an audit entry about this bed concerns (audit-identity.ts): identifiers only. */
  identityIn(bedId: string): AuditDetails | null {
    const e = this.state.occupant(bedId);
    return e ? identityDetails(e) : null;
  }

  /** Who an encounter is, in the bed or not (kept RETAIN_ENDED_MS after it ended): identifiers only. */
  identityOf(encounterId: string): AuditDetails | null {
    const e = this.state.encounters.get(encounterId);
    return e ? identityDetails(e) : null;
  }

  /** What tiles show, in the given display mode. */
  display(mode: PatientDisplayMode): CensusDisplay {
    const now = this.clock.wall();
    return {
      version: this.state.version,
      beds: this.options.beds.map((b) => bedDisplay(b.bedId, this.state.occupant(b.bedId), this.state.unknownBeds.has(b.bedId), mode, now)),
    };
  }

  /** The whole census, for a signed-in user allowed to see it. */
  details(by: Operator): CensusDetails {
    requirePermission(by, 'census-view');
    return {
      version: this.state.version,
      beds: this.options.beds.map((b) => {
        const e = this.state.occupant(b.bedId);
        return { bedId: b.bedId, encounter: e ? toCensusEncounter(e) : null };
      }),
      unplaced: this.state.unplaced().map(toCensusEncounter),
      unavailable: this.state.unknownBeds.size > 0,
    };
  }

  /**
   * The seam for records written after the fact (full disclosure, PDFs,
   * exports): which encounter was in `bedId` at an audit sequence number
   * (exact: the census's own entries are in the same ordered trail) or, for
   * data with only a wall time, at that time. Kept for RETAIN_ENDED_MS.
   * 'unknown': the seq falls where a stay's start or end is still only in
   * the fallback journal (census-journal-marks.ts) – never a guess.
   */
  encounterAt(bedId: string, when: { seq: number } | { wall: number }): CensusEncounter | null | 'unknown' {
    let unknown = false;
    for (const e of this.state.encounters.values()) {
      for (const span of e.spans) {
        if (span.bedId !== bedId) continue;
        const inside = 'seq' in when ? seqInside(span, when.seq) : span.fromAt <= when.wall && (span.toAt === null || when.wall < span.toAt);
        if (inside === true) return toCensusEncounter(e);
        if (inside === 'unknown') unknown = true;
      }
    }
    return unknown ? 'unknown' : null;
  }

  /**
   * Every stay in `bedId` overlapping the wall-clock span [fromWall, toWall],
   * oldest first: for full disclosure, whose strips, trends, exports and
   * print-outs are read back by wall time and may cross a transfer or a new
   * admission. By the stays' wall times (fromAt/toAt), as encounterAt with a
   * wall time; kept for RETAIN_ENDED_MS.
   */
  staysIn(bedId: string, fromWall: number, toWall: number): Array<{ encounter: CensusEncounter; fromAt: number; toAt: number | null }> {
    const stays: Array<{ encounter: CensusEncounter; fromAt: number; toAt: number | null }> = [];
    for (const e of this.state.encounters.values()) {
      for (const span of e.spans) {
        if (span.bedId === bedId && span.fromAt <= toWall && (span.toAt === null || span.toAt > fromWall)) stays.push({ encounter: toCensusEncounter(e), fromAt: span.fromAt, toAt: span.toAt });
      }
    }
    return stays.sort((a, b) => a.fromAt - b.fromAt);
  }

  /** Which beds an encounter occupied, between which audit rows (oldest first). */
  spansOf(encounterId: string): readonly BedSpan[] {
    return this.state.encounters.get(encounterId)?.spans.map((s) => ({ ...s })) ?? [];
  }

  /** Some stay's bed boundary is only in the fallback journal so far (its history is incomplete until placed). */
  get awaitingJournalImport(): boolean {
    return hasJournalMarks(this.state.encounters.values());
  }

  /**
   * Places the census entries that were written to the fallback journal,
   * once the journal is in the trail (census-journal-marks.ts): called when
   * the audit store writes again and after loading. The trail is read
   * outside the change queue (a slow read during a full verification must
   * not hold up a nurse's admission); placing a boundary changes no rule a
   * change is planned by (which bed is whose), and the save goes through the
   * queue. A trail that cannot be read yet leaves the marks for the next call.
   */
  placeJournalledEntries(): Promise<number> {
    if (this.placing) {
      // Asked again while reading (the store came back after a second outage): read again after this one.
      this.placeAgain = true;
      return this.placing;
    }
    if (!hasJournalMarks(this.state.encounters.values())) return Promise.resolve(0);
    // finally() runs in a later microtask, after `placing` is set.
    const run = this.placeNow().finally(() => {
      this.placing = null;
      if (this.placeAgain) {
        this.placeAgain = false;
        void this.placeJournalledEntries();
      }
    });
    this.placing = run;
    return run;
  }

  private async placeNow(): Promise<number> {
    try {
      const placed = await resolveJournalMarks(this.options.audit, this.state.encounters.values());
      if (placed > 0) {
        this.log.info('census.journal-marks-placed', { spans: placed, stillWaiting: hasJournalMarks(this.state.encounters.values()) });
        await this.serial(() => this.save());
      }
      return placed;
    } catch (error) {
      this.log.warn('census.journal-marks-not-placed', { reason: String((error as Error)?.message ?? error).slice(0, 200) });
      return 0;
    }
  }

  /** Called after every change (the display should be re-sent). */
  onChange(listener: CensusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- manual ADT -----------------------------------------------------------

  admit(bedId: string, patient: ManualPatient, by: Operator): Promise<CensusChangeResult> {
    return this.manual(by, (ctx) => planAdmit(ctx, bedId, patient));
  }

  update(bedId: string, encounterId: string, patient: ManualPatient, by: Operator): Promise<CensusChangeResult> {
    return this.manual(by, (ctx) => planUpdate(ctx, bedId, encounterId, patient));
  }

  transfer(bedId: string, encounterId: string, toBedId: string, by: Operator): Promise<CensusChangeResult> {
    return this.manual(by, (ctx) => planTransfer(ctx, bedId, encounterId, toBedId));
  }

  discharge(bedId: string, encounterId: string, by: Operator): Promise<CensusChangeResult> {
    return this.manual(by, (ctx) => planDischarge(ctx, bedId, encounterId));
  }

  confirmReview(bedId: string, encounterId: string | null, by: Operator): Promise<CensusChangeResult> {
    return this.manual(by, (ctx) => planConfirmReview(ctx, bedId, encounterId));
  }

  // ---- the ADT feed -------------------------------------------------------------

  /**
   * One feed event, in the same queue as manual changes. `applied` means the
   * census matches the message and is on disk: the ACK may then be AA.
   */
  applyFeed(event: AdtEvent, connection: string): Promise<AdtOutcome> {
    return this.serial(async () => {
      let plan: CensusPlan;
      try {
        plan = planFeedEvent(this.context({ kind: 'feed', connection }), event);
      } catch (error) {
        if (error instanceof CensusRefused) return refusedOutcome(error);
        throw error;
      }
      try {
        const { saved } = await this.execute(plan, FEED_ACTOR);
        if (!saved) return { applied: false, reason: 'not-saved', detail: 'applied and audited, but the census could not be saved: send again' };
        return { applied: true, changed: !plan.empty };
      } catch (error) {
        if (error instanceof CensusRefused) return refusedOutcome(error);
        throw error;
      }
    });
  }

  // ---- plumbing ---------------------------------------------------------------

  private manual(by: Operator, planFor: (ctx: PlannerContext) => CensusPlan): Promise<CensusChangeResult> {
    try {
      requirePermission(by, 'census-edit');
    } catch (error) {
      return Promise.reject(error);
    }
    return this.serial(async () => {
      let plan: CensusPlan;
      try {
        plan = planFor(this.context({ kind: 'user', userId: by.userId, role: by.role }));
      } catch (error) {
        throw asActionRefused(error);
      }
      try {
        await this.execute(plan, { userId: by.userId, role: by.role });
      } catch (error) {
        throw asActionRefused(error);
      }
      return { encounterId: plan.result?.encounterId ?? '', bedId: plan.result?.bedId ?? null, version: this.state.version };
    });
  }

  private context(actor: EncounterActor): PlannerContext {
    return {
      state: this.state,
      beds: this.beds,
      now: this.clock.wall(),
      defaultCategory: this.options.defaultCategory ?? 'adult',
      actor,
      newEncounterId: () => `enc-${randomUUID()}`,
    };
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Audit, apply, limits, save, show. A step whose audit write fails stops
   * the plan: what was written stays applied (the trail and the census
   * agree), the rest is refused. Returns whether the result is on disk.
   */
  private async execute(plan: CensusPlan, actor: AuditActor): Promise<{ saved: boolean }> {
    if (plan.empty) return { saved: await this.saveIfUnsaved() };
    let failure: unknown = null;
    let applied = 0;
    for (const step of plan.steps) {
      try {
        // The trail's head before the write: a journalled entry's row will land above it.
        const headSeq = this.options.audit.chainStatus().headSeq;
        const record = await this.options.audit.recordClinical({ action: step.action, actor, bedId: step.bedId, details: step.details });
        step.apply(auditMarkOf(record, headSeq, this.clock.wall()));
        this.state.reindex();
        applied++;
      } catch (error) {
        failure = error;
        this.log.error('census.audit-failed', { action: step.action, reason: String((error as Error)?.message ?? error).slice(0, 200) });
        break;
      }
    }
    // What was written stays applied (the trail says it happened); nothing written, nothing changed.
    const saved = applied > 0 ? (await this.applyLimits(plan.limits, actor), await this.commit()) : true;
    if (failure !== null) throw new CensusRefused('audit-failed', 'not done: the audit trail could not record it');
    return { saved };
  }

  /** Only for beds whose planned patient is really there now (a failed later step may have stopped the move). */
  private async applyLimits(effects: readonly LimitsEffect[], actor: AuditActor): Promise<void> {
    for (const effect of effects) {
      const bedId = effect.kind === 'reset' ? effect.bedId : effect.toBedId;
      if (this.state.occupant(bedId)?.encounterId !== effect.encounterId) continue;
      try {
        if (effect.kind === 'reset') await this.options.limits.resetToCategory(bedId, effect.category, actor, { encounterId: effect.encounterId, reason: 'admission' });
        else await this.options.limits.copyLimits(effect.fromBedId, effect.toBedId, actor, { encounterId: effect.encounterId, reason: 'transfer' });
      } catch (error) {
        this.log.error('census.limits-not-applied', { bedId, reason: String((error as Error)?.message ?? error).slice(0, 200) });
      }
    }
  }

  private async commit(): Promise<boolean> {
    this.state.version++;
    this.state.prune(this.clock.wall());
    this.syncAlarms();
    const saved = await this.save();
    for (const listener of this.listeners) {
      try {
        listener(this.state.version);
      } catch (error) {
        this.log.error('census.listener-failed', { reason: (error as Error).message.slice(0, 200) });
      }
    }
    return saved;
  }

  private async save(): Promise<boolean> {
    try {
      await this.store.save(this.state.toFile(this.options.stationId, this.clock.wall()));
      if (this.unsaved) this.log.info('census.saved-again', {});
      this.unsaved = false;
    } catch (error) {
      this.unsaved = true;
      this.log.error('census.save-failed', { reason: String((error as Error)?.message ?? error).slice(0, 200) });
    }
    this.options.alarms('CENSUS_UNSAVED', null, this.unsaved);
    return !this.unsaved;
  }

  private async saveIfUnsaved(): Promise<boolean> {
    return this.unsaved ? this.save() : true;
  }

  /** ADT_REVIEW on every bed whose patient the feed flagged; CENSUS_UNAVAILABLE while any bed's patient is unknown. */
  private syncAlarms(): void {
    const flagged = new Set<string>();
    for (const e of this.state.active()) {
      const bed = currentBed(e);
      if (bed !== null && e.review !== null) flagged.add(bed);
    }
    for (const bed of flagged) if (!this.reviewAlarms.has(bed)) this.options.alarms('ADT_REVIEW', bed, true);
    for (const bed of this.reviewAlarms) if (!flagged.has(bed)) this.options.alarms('ADT_REVIEW', bed, false);
    this.reviewAlarms.clear();
    for (const bed of flagged) this.reviewAlarms.add(bed);
    this.options.alarms('CENSUS_UNAVAILABLE', null, this.state.unknownBeds.size > 0);
  }

  /** Reads the saved census (or seeds a new one); once. Changes wait for it. */
  load(): Promise<void> {
    this.loading ??= this.serial(() => this.loadNow()).then(() => {
      // A census saved during an audit outage: its journalled entries may have been imported at this start.
      void this.placeJournalledEntries();
    });
    return this.loading;
  }

  private async loadNow(): Promise<void> {
    const now = this.clock.wall();
    const bedIds = new Set(this.beds.keys());
    let how: string;
    try {
      const file = await this.store.load();
      if (file) {
        this.state = CensusState.fromFile(file, bedIds);
        how = 'file';
      } else {
        for (const e of this.options.seed?.(now) ?? []) this.state.encounters.set(e.encounterId, e);
        this.state.reindex();
        how = this.options.seed ? 'seeded' : 'new';
      }
    } catch (error) {
      if (!(error instanceof CensusFileUnreadable)) throw error;
      // Never "No patient" for beds whose patient we cannot read: unknown, until a person sets each one.
      this.loadedUnreadable = true;
      const aside = await this.store.setAside('unreadable');
      this.log.error('census.unreadable', { reason: error.message, keptAs: aside ?? 'not moved' });
      for (const bedId of bedIds) this.state.unknownBeds.add(bedId);
      how = 'unreadable';
    }
    this.options.audit.record({
      action: 'census.loaded',
      actor: 'system',
      details: { from: how, active: this.state.active().length, unknown_beds: this.state.unknownBeds.size },
    });
    // Limits are not kept across a restart: each occupied bed starts again on its patient's category default.
    for (const e of this.state.active()) {
      const bed = currentBed(e);
      if (bed !== null) {
        await this.options.limits
          .resetToCategory(bed, e.patient.category, 'system', { encounterId: e.encounterId, reason: 'census-restored' })
          .catch((error: Error) => this.log.error('census.limits-not-applied', { bedId: bed, reason: error.message.slice(0, 200) }));
      }
    }
    this.syncAlarms();
    if (how !== 'file') await this.save();
    this.log.info('census.loaded', { from: how, active: this.state.active().length, unknownBeds: this.state.unknownBeds.size });
  }

  /** True when the census file was unreadable at start (for the status screen). */
  get startedUnreadable(): boolean {
    return this.loadedUnreadable;
  }
}

/** Whether a seq is inside a span; a boundary still only in the journal is a bound its real seq is above. */
function seqInside(span: BedSpan, seq: number): boolean | 'unknown' {
  if (seq <= span.fromSeq) return false;
  if (span.fromJournal) return 'unknown';
  if (span.toSeq === null) return true;
  if (span.toJournal) return seq <= span.toSeq ? true : 'unknown';
  return seq < span.toSeq;
}

function requirePermission(by: Operator, permission: Permission): void {
  // The session already checked; checking again keeps a wiring mix-up from becoming a census change.
  if (!hasPermission(by.role, permission) || (permission === 'census-edit' && by.permission !== 'census-edit')) {
    throw new AlarmActionRefused('not-permitted', `${by.role} is not authorised to ${permission === 'census-edit' ? 'change the census' : 'view the census'}`);
  }
}

function asActionRefused(error: unknown): unknown {
  if (!(error instanceof CensusRefused)) return error;
  const code = error.reason === 'audit-failed' ? 'audit-failed' : error.reason === 'unknown-bed' ? 'unknown-bed' : 'invalid-request';
  return new AlarmActionRefused(code, error.detail);
}

function refusedOutcome(error: CensusRefused): AdtOutcome {
  return { applied: false, reason: error.reason, detail: error.detail };
}
