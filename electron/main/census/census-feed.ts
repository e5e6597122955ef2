import type { CensusReviewSchema } from '../../../shared/domain/census';
import type { Patient } from '../../../shared/domain/patient';
import type { z } from 'zod';
import type { AdtEvent } from './adt-event';
import { CensusPlan, CensusRefused, identityDetails, mutate, type CensusDetails } from './census-plan';
import { currentBed, lastBed, newEncounter, type EncounterRecord } from './encounter-record';
import { categoryFor } from '../../../shared/domain/patient-age';
import { changedFields, label, type PlannerContext } from './planner-context';

type ReviewReason = z.infer<typeof CensusReviewSchema>['reason'];

/**
 * The hospital's ADT feed applied to the census. The feed is the source of
 * truth for identity and, when it speaks, for location; the station keeps
 * what it knows (history) to make sense of what real feeds send:
 *
 * - A02/A03/A08 for a patient the station never admitted: a transfer into
 *   one of its beds places them there (flagged); a discharge or update of
 *   someone it does not have changes nothing.
 * - An event for a visit that has ended (an A02 after the A03) is refused:
 *   applying it would re-admit someone who left, ignoring it silently would
 *   hide that the feed and the station disagree.
 * - Cancels act on what the station saw. A cancel for something it never
 *   saw is refused (nothing-to-cancel). Where the message's location
 *   contradicts the station's history (an A12 naming a bed never used, an
 *   A13 with no bed), the history wins and the bed is flagged for a person.
 * - The feed replaces a manual admission of a bed it admits (audited,
 *   flagged); a feed patient it puts elsewhere is displaced, not lost.
 *
 * Every change is one or more audit steps; "nothing to do here" is an
 * empty plan (the ACK is still AA: the station matches the message).
 */
export function planFeedEvent(ctx: PlannerContext, event: AdtEvent): CensusPlan {
  switch (event.action) {
    case 'admit':
      return admitOrPlace(ctx, event, null);
    case 'register':
      // HL7: an A04 patient is not assigned a bed; a site that registers straight into a monitored bed (ED) names one.
      return event.location.kind === 'bed' ? admitOrPlace(ctx, event, null) : updateOnly(ctx, event);
    case 'preadmit':
      // A pre-admission is a future stay: it occupies nothing now.
      return new CensusPlan();
    case 'transfer':
      return transfer(ctx, event);
    case 'discharge':
      return discharge(ctx, event);
    case 'update':
      return updateOnly(ctx, event);
    case 'cancel-admit':
      return cancelAdmit(ctx, event);
    case 'cancel-transfer':
      return cancelTransfer(ctx, event);
    case 'cancel-discharge':
      return cancelDischarge(ctx, event);
  }
}

// ---- finding the encounter -------------------------------------------------

function sameVisit(encounter: EncounterRecord, event: AdtEvent): boolean {
  return event.visitNumber === null || encounter.visitNumber === null || encounter.visitNumber === event.visitNumber;
}

/** The patient's active encounter here, if any (whatever its visit number: a feed may renumber). */
function activeOf(ctx: PlannerContext, event: AdtEvent): EncounterRecord | null {
  return ctx.state.encountersOf([event.patient.mrn]).find((e) => e.state === 'active') ?? null;
}

/** The most recent encounter of this visit, active or ended. */
function latestOfVisit(ctx: PlannerContext, event: AdtEvent): EncounterRecord | null {
  return ctx.state.encountersOf([event.patient.mrn]).find((e) => sameVisit(e, event)) ?? null;
}

// ---- identity -----------------------------------------------------------------

function feedPatient(ctx: PlannerContext, event: AdtEvent, keep: EncounterRecord | null): { patient: Patient; categoryAssumed: boolean; categoryFromDob: boolean } {
  const p = event.patient;
  const base = { mrn: p.mrn, otherIds: p.otherIds, family: p.family, given: p.given, dob: p.dob, sex: p.sex };
  if (keep && !keep.categoryFromDob) return { patient: { ...base, category: keep.patient.category }, categoryAssumed: keep.categoryAssumed, categoryFromDob: false };
  const derived = categoryFor(p.dob, ctx.now);
  return { patient: { ...base, category: derived ?? ctx.defaultCategory }, categoryAssumed: derived === null, categoryFromDob: true };
}

function feedDetails(event: AdtEvent): CensusDetails {
  return { source: 'adt', event: event.trigger, control_id: event.controlId.slice(0, 64) };
}

/**
 * Takes the feed's identity for an encounter (and ownership of a manual
 * one: the conflict rule). Returns the fields changed.
 */
function adoptIdentity(ctx: PlannerContext, plan: CensusPlan, encounter: EncounterRecord, event: AdtEvent, review: ReviewReason | null): string[] {
  const next = feedPatient(ctx, event, encounter);
  const fields = changedFields(encounter.patient, next.patient);
  const bedId = currentBed(encounter);
  if (encounter.source !== 'feed') {
    plan.step('census.replaced-by-feed', bedId, { ...identityDetails(encounter), ...feedDetails(event), same_patient: true, fields: fields.join(',') }, (mark) => {
      encounter.source = 'feed';
      encounter.admittedBy = ctx.actor;
      encounter.visitNumber = event.visitNumber ?? encounter.visitNumber;
      encounter.feedLocation = event.locationText ?? encounter.feedLocation;
      applyIdentity(encounter, next);
      encounter.review = { reason: 'replaced-manual-admission', at: mark.at };
    });
    return fields;
  }
  if (fields.length === 0 && (event.visitNumber === null || event.visitNumber === encounter.visitNumber)) return fields;
  const categoryChanged = fields.includes('category');
  plan.step(
    'census.updated',
    bedId,
    { ...identityDetails(encounter), ...feedDetails(event), fields: fields.join(','), ...(categoryChanged ? { category_before: encounter.patient.category, category_after: next.patient.category } : {}) },
    (mark) => {
      applyIdentity(encounter, next);
      encounter.visitNumber = event.visitNumber ?? encounter.visitNumber;
      if (review) encounter.review = { reason: review, at: mark.at };
    },
  );
  if (categoryChanged && bedId !== null) plan.limits.push({ kind: 'reset', bedId, category: next.patient.category, encounterId: encounter.encounterId });
  return fields;
}

function applyIdentity(encounter: EncounterRecord, next: ReturnType<typeof feedPatient>): void {
  encounter.patient = next.patient;
  encounter.categoryAssumed = next.categoryAssumed;
  encounter.categoryFromDob = next.categoryFromDob;
}

function updateOnly(ctx: PlannerContext, event: AdtEvent): CensusPlan {
  const plan = new CensusPlan();
  const encounter = activeOf(ctx, event) ?? latestOfVisit(ctx, event);
  // An update for someone this station does not have (an outpatient, another ward): nothing here to update.
  if (!encounter) return plan;
  // Never a move: HL7 sends moves as A02, and an A08's PV1-3 may be stale.
  adoptIdentity(ctx, plan, encounter, event, null);
  plan.result = { encounterId: encounter.encounterId, bedId: currentBed(encounter) };
  return plan;
}

// ---- placing a patient in a bed ---------------------------------------------

/**
 * Empties `bedId` for `incoming` (null: a new encounter), applying the
 * conflict rule: a manual admission is replaced; another feed patient is
 * displaced (active, no bed, flagged). Returns the review reason the
 * incoming patient's bed then carries, if any.
 */
function clearBedFor(ctx: PlannerContext, plan: CensusPlan, event: AdtEvent, bedId: string, incoming: EncounterRecord | null): ReviewReason | null {
  const occupant = ctx.state.occupant(bedId);
  if (!occupant || occupant === incoming) return null;
  if (occupant.source !== 'feed') {
    plan.step('census.replaced-by-feed', bedId, { ...identityDetails(occupant), ...feedDetails(event), same_patient: false, from_bed: bedId }, (mark) => mutate.end(occupant, 'replaced', mark));
    return 'replaced-manual-admission';
  }
  plan.step('census.transferred', bedId, { ...identityDetails(occupant), ...feedDetails(event), from_bed: bedId, to_bed: null, reason: 'displaced-by-feed' }, (mark) => {
    mutate.closeSpan(occupant, mark);
    occupant.review = { reason: 'displaced-by-feed', at: mark.at };
  });
  return 'displaced-previous-patient';
}

/** Moves an active encounter into a bed of this station (a transfer, or an admission naming another bed). */
function move(ctx: PlannerContext, plan: CensusPlan, event: AdtEvent, encounter: EncounterRecord, bedId: string, review: ReviewReason | null): void {
  const from = currentBed(encounter);
  if (from === bedId) return;
  const flagged = clearBedFor(ctx, plan, event, bedId, encounter) ?? review;
  plan.step('census.transferred', from ?? bedId, { ...identityDetails(encounter), ...feedDetails(event), from_bed: from, to_bed: bedId }, (mark) => {
    mutate.closeSpan(encounter, mark);
    mutate.openSpan(encounter, bedId, mark);
    encounter.feedLocation = event.locationText ?? encounter.feedLocation;
    if (flagged) encounter.review = { reason: flagged, at: mark.at };
    ctx.state.unknownBeds.delete(bedId);
  });
  plan.limits.push(from !== null ? { kind: 'copy', fromBedId: from, toBedId: bedId, encounterId: encounter.encounterId } : { kind: 'reset', bedId, category: encounter.patient.category, encounterId: encounter.encounterId });
}

/** A new encounter from the feed, in a bed (or, with bedId null, in the unit without one). */
function admitNew(ctx: PlannerContext, plan: CensusPlan, event: AdtEvent, bedId: string | null, review: ReviewReason | null): EncounterRecord {
  const identity = feedPatient(ctx, event, null);
  const encounter = newEncounter({
    encounterId: ctx.newEncounterId(),
    patient: identity.patient,
    source: 'feed',
    admittedAt: event.admittedAt ?? ctx.now,
    admittedBy: ctx.actor,
    visitNumber: event.visitNumber,
    feedLocation: event.locationText,
    categoryAssumed: identity.categoryAssumed,
    categoryFromDob: identity.categoryFromDob,
  });
  const flagged = (bedId !== null ? clearBedFor(ctx, plan, event, bedId, null) : null) ?? review;
  plan.step(
    'census.admitted',
    bedId,
    { ...identityDetails(encounter), ...feedDetails(event), to_bed: bedId, category: encounter.patient.category, category_assumed: encounter.categoryAssumed, limits_reset_to: bedId ? encounter.patient.category : null },
    (mark) => {
      ctx.state.encounters.set(encounter.encounterId, encounter);
      if (bedId !== null) {
        mutate.openSpan(encounter, bedId, mark);
        ctx.state.unknownBeds.delete(bedId);
      }
      if (flagged) encounter.review = { reason: flagged, at: mark.at };
    },
  );
  if (bedId !== null) plan.limits.push({ kind: 'reset', bedId, category: encounter.patient.category, encounterId: encounter.encounterId });
  plan.result = { encounterId: encounter.encounterId, bedId };
  return encounter;
}

/** The patient leaves this unit's beds: to another ward (left-unit) or into the unit with no bed named (unplaced). */
function leaveBed(plan: CensusPlan, event: AdtEvent, encounter: EncounterRecord, outcome: 'left-unit' | 'unplaced'): void {
  const from = currentBed(encounter);
  if (outcome === 'unplaced' && from === null) return;
  plan.step('census.transferred', from, { ...identityDetails(encounter), ...feedDetails(event), from_bed: from, to_bed: null, reason: outcome === 'left-unit' ? 'left-unit' : 'no-bed-in-location' }, (mark) => {
    if (outcome === 'left-unit') mutate.end(encounter, 'left-unit', mark);
    else mutate.closeSpan(encounter, mark);
    encounter.feedLocation = event.locationText ?? encounter.feedLocation;
  });
  plan.result = { encounterId: encounter.encounterId, bedId: null };
}

function refuseUnmapped(): never {
  throw new CensusRefused('unmapped-bed', 'PV1-3 names a bed of this unit that is not in the bed map');
}

// ---- events -----------------------------------------------------------------

function admitOrPlace(ctx: PlannerContext, event: AdtEvent, review: ReviewReason | null): CensusPlan {
  const plan = new CensusPlan();
  const encounter = activeOf(ctx, event);
  const where = event.location;
  switch (where.kind) {
    case 'unmapped-bed':
      return refuseUnmapped();
    case 'none':
    case 'elsewhere':
      // Admitted to another ward: someone this station has is no longer in its beds.
      if (encounter) leaveBed(plan, event, encounter, 'left-unit');
      return plan;
    case 'unit-no-bed':
      if (encounter) adoptIdentity(ctx, plan, encounter, event, null);
      else admitNew(ctx, plan, event, null, review);
      return plan;
    case 'bed': {
      if (!encounter) {
        admitNew(ctx, plan, event, where.bedId, review);
        return plan;
      }
      adoptIdentity(ctx, plan, encounter, event, null);
      // An admission naming another bed than the one the station has them in: the feed is right, and a person checks.
      move(ctx, plan, event, encounter, where.bedId, review ?? 'moved-without-transfer');
      plan.result = { encounterId: encounter.encounterId, bedId: where.bedId };
      return plan;
    }
  }
}

function transfer(ctx: PlannerContext, event: AdtEvent): CensusPlan {
  const plan = new CensusPlan();
  const encounter = activeOf(ctx, event);
  const where = event.location;
  if (where.kind === 'unmapped-bed') return refuseUnmapped();
  if (!encounter) {
    const ended = latestOfVisit(ctx, event);
    if (ended && ended.state !== 'left-unit') {
      throw new CensusRefused('visit-not-active', `the visit ended here (${ended.state}); a transfer after it was not applied`);
    }
    // A transfer into this unit of someone it never had (or who had left): the feed is right; a person checks.
    if (where.kind === 'bed') admitNew(ctx, plan, event, where.bedId, 'transfer-without-admission');
    else if (where.kind === 'unit-no-bed') admitNew(ctx, plan, event, null, 'transfer-without-admission');
    return plan;
  }
  adoptIdentity(ctx, plan, encounter, event, null);
  if (where.kind === 'bed') {
    move(ctx, plan, event, encounter, where.bedId, null);
    plan.result = { encounterId: encounter.encounterId, bedId: where.bedId };
  } else if (where.kind === 'unit-no-bed') leaveBed(plan, event, encounter, 'unplaced');
  else if (where.kind === 'elsewhere') leaveBed(plan, event, encounter, 'left-unit');
  // 'none': the decoder refuses an A02 without PV1-3; nothing to move here.
  return plan;
}

function discharge(ctx: PlannerContext, event: AdtEvent): CensusPlan {
  const plan = new CensusPlan();
  const encounter = activeOf(ctx, event);
  // Not here (never was, or already discharged): the station already matches the message.
  if (!encounter) return plan;
  const from = currentBed(encounter);
  plan.step('census.discharged', from, { ...identityDetails(encounter), ...feedDetails(event), from_bed: from }, (mark) => mutate.end(encounter, 'discharged', mark));
  plan.result = { encounterId: encounter.encounterId, bedId: null };
  return plan;
}

function cancelAdmit(ctx: PlannerContext, event: AdtEvent): CensusPlan {
  const plan = new CensusPlan();
  const encounter = latestOfVisit(ctx, event);
  if (encounter?.state === 'cancelled') return plan;
  if (!encounter || encounter.state !== 'active') throw new CensusRefused('nothing-to-cancel', 'no active admission of this visit here to cancel');
  if (encounter.source !== 'feed') throw new CensusRefused('nothing-to-cancel', 'this admission was made at the station, not by the feed: a person decides');
  const from = currentBed(encounter);
  // Not a discharge: the admission is treated as never having happened.
  plan.step('census.admission-cancelled', from, { ...identityDetails(encounter), ...feedDetails(event), from_bed: from }, (mark) => mutate.end(encounter, 'cancelled', mark));
  plan.result = { encounterId: encounter.encounterId, bedId: null };
  return plan;
}

function cancelTransfer(ctx: PlannerContext, event: AdtEvent): CensusPlan {
  const plan = new CensusPlan();
  const encounter = latestOfVisit(ctx, event);
  if (!encounter || (encounter.state !== 'active' && encounter.state !== 'left-unit')) throw new CensusRefused('nothing-to-cancel', 'no active stay of this visit here whose transfer could be cancelled');
  const current = currentBed(encounter);
  // Where they were before the cancelled transfer, from the station's own history.
  const back = current === null ? lastBed(encounter) : (encounter.spans[encounter.spans.length - 2]?.bedId ?? null);
  if (back === null) throw new CensusRefused('nothing-to-cancel', 'the station has no transfer of this visit to cancel');
  const occupant = ctx.state.occupant(back);
  if (occupant && occupant !== encounter) throw new CensusRefused('bed-occupied', `${label(ctx, back)}, where the patient was before, has another patient now`);
  // HL7 says PV1-3 is where the patient goes back to; when it says otherwise, the history wins and a person checks.
  const agrees = event.location.kind === 'bed' && event.location.bedId === back;
  const review: ReviewReason | null = agrees ? null : 'restored-from-history';
  adoptIdentity(ctx, plan, encounter, event, null);
  plan.step('census.transfer-cancelled', back, { ...identityDetails(encounter), ...feedDetails(event), from_bed: current, to_bed: back, location_agrees: agrees }, (mark) => {
    mutate.closeSpan(encounter, mark);
    encounter.state = 'active';
    encounter.endedAt = null;
    mutate.openSpan(encounter, back, mark);
    if (review) encounter.review = { reason: review, at: mark.at };
    ctx.state.unknownBeds.delete(back);
  });
  plan.limits.push(current !== null ? { kind: 'copy', fromBedId: current, toBedId: back, encounterId: encounter.encounterId } : { kind: 'reset', bedId: back, category: encounter.patient.category, encounterId: encounter.encounterId });
  plan.result = { encounterId: encounter.encounterId, bedId: back };
  return plan;
}

function cancelDischarge(ctx: PlannerContext, event: AdtEvent): CensusPlan {
  const plan = new CensusPlan();
  const encounter = latestOfVisit(ctx, event);
  if (encounter?.state === 'active') {
    adoptIdentity(ctx, plan, encounter, event, null);
    return plan;
  }
  if (!encounter || encounter.state !== 'discharged') throw new CensusRefused('nothing-to-cancel', 'no discharge of this visit here to cancel');
  const where = event.location;
  if (where.kind === 'unmapped-bed') return refuseUnmapped();
  // The discharge is undone but the patient is on another ward: nothing to show here.
  if (where.kind === 'elsewhere') return plan;
  const fromMessage = where.kind === 'bed' ? where.bedId : null;
  const bedId = fromMessage ?? lastBed(encounter);
  if (bedId === null) throw new CensusRefused('nothing-to-cancel', 'the message names no bed and the station does not know where the patient was');
  const occupant = ctx.state.occupant(bedId);
  if (occupant) throw new CensusRefused('bed-occupied', `${label(ctx, bedId)} has another patient now: the discharge cancel was not applied`);
  const next = feedPatient(ctx, event, encounter);
  const fields = changedFields(encounter.patient, next.patient);
  // A name that changes inside a cancel is the same stay (identity by number and visit) but worth a look.
  const review: ReviewReason | null = fromMessage === null ? 'restored-from-history' : fields.some((f) => f === 'family' || f === 'given' || f === 'mrn') ? 'identity-changed-in-cancel' : null;
  plan.step('census.discharge-cancelled', bedId, { ...identityDetails(encounter), ...feedDetails(event), to_bed: bedId, location_from: fromMessage ? 'message' : 'history', fields: fields.join(',') }, (mark) => {
    encounter.state = 'active';
    encounter.endedAt = null;
    applyIdentity(encounter, next);
    mutate.openSpan(encounter, bedId, mark);
    if (review) encounter.review = { reason: review, at: mark.at };
    ctx.state.unknownBeds.delete(bedId);
  });
  plan.limits.push({ kind: 'reset', bedId, category: next.patient.category, encounterId: encounter.encounterId });
  plan.result = { encounterId: encounter.encounterId, bedId };
  return plan;
}
