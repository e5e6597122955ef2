import type { ManualPatient, Patient } from '../../../shared/domain/patient';
import { ageOn } from '../../../shared/domain/patient-age';
import { CensusPlan, CensusRefused, identityDetails, mutate } from './census-plan';
import { currentBed, newEncounter } from './encounter-record';
import { changedFields, label, occupantAsSeen, requireBed, type PlannerContext } from './planner-context';

/**
 * Manual ADT at the station (a charge nurse): admit, edit, transfer,
 * discharge, and confirming what the feed flagged. Each returns the plan;
 * the census writes and applies it. Refusals say what to do instead.
 */
export function planAdmit(ctx: PlannerContext, bedId: string, input: ManualPatient): CensusPlan {
  requireBed(ctx, bedId);
  requireBorn(ctx, input);
  if (ctx.state.occupant(bedId)) throw new CensusRefused('bed-occupied', `${label(ctx, bedId)} already has a patient: discharge or transfer them first`);
  const already = ctx.state.encountersOf([input.mrn]).find((e) => e.state === 'active');
  if (already) {
    const bed = currentBed(already);
    throw new CensusRefused('patient-already-admitted', `this hospital number is already admitted${bed ? ` in ${label(ctx, bed)}` : ''}: transfer the patient instead`);
  }
  const encounter = newEncounter({ encounterId: ctx.newEncounterId(), patient: manualPatient(input), source: 'manual', admittedAt: ctx.now, admittedBy: ctx.actor });
  const plan = new CensusPlan();
  plan.step('census.admitted', bedId, { ...identityDetails(encounter), source: 'manual', to_bed: bedId, category: encounter.patient.category, limits_reset_to: encounter.patient.category }, (mark) => {
    encounter.admittedAt = mark.at;
    ctx.state.encounters.set(encounter.encounterId, encounter);
    mutate.openSpan(encounter, bedId, mark);
    ctx.state.unknownBeds.delete(bedId);
  });
  plan.limits.push({ kind: 'reset', bedId, category: encounter.patient.category, encounterId: encounter.encounterId });
  plan.result = { encounterId: encounter.encounterId, bedId };
  return plan;
}

/**
 * Corrects the patient's details. The feed is the source of truth for
 * identity: a patient it admitted has their name, number, date of birth
 * and sex corrected in the hospital system (the next A08 brings it here);
 * the station may change only the category. A new category resets the
 * bed's limits to that category's default, like an admission.
 */
export function planUpdate(ctx: PlannerContext, bedId: string, encounterId: string, input: ManualPatient): CensusPlan {
  const encounter = occupantAsSeen(ctx, bedId, encounterId);
  requireBorn(ctx, input);
  const after: Patient = { ...manualPatient(input), otherIds: encounter.patient.otherIds };
  const fields = changedFields(encounter.patient, after);
  const plan = new CensusPlan();
  plan.result = { encounterId, bedId };
  if (fields.length === 0) return plan;
  if (encounter.source === 'feed' && fields.some((f) => f !== 'category')) {
    throw new CensusRefused('feed-owns-identity', "the ADT feed owns this patient's identity: correct it in the hospital system; only the category can be changed here");
  }
  if (fields.includes('mrn')) {
    const other = ctx.state.encountersOf([after.mrn]).find((e) => e.state === 'active' && e !== encounter);
    if (other) throw new CensusRefused('patient-already-admitted', 'this hospital number is already admitted to another bed');
  }
  const categoryChanged = fields.includes('category');
  plan.step(
    'census.updated',
    bedId,
    { ...identityDetails(encounter), source: 'manual', fields: fields.join(','), ...(fields.includes('mrn') ? { patient_id_after: after.mrn.id } : {}), ...(categoryChanged ? { category_before: encounter.patient.category, category_after: after.category } : {}) },
    () => {
      encounter.patient = after;
      encounter.categoryAssumed = false;
      encounter.categoryFromDob = false;
    },
  );
  if (categoryChanged) plan.limits.push({ kind: 'reset', bedId, category: after.category, encounterId });
  return plan;
}

/** Moves the patient and their view of the alarm history; their limits go with them. */
export function planTransfer(ctx: PlannerContext, bedId: string, encounterId: string, toBedId: string): CensusPlan {
  const encounter = occupantAsSeen(ctx, bedId, encounterId);
  requireBed(ctx, toBedId);
  if (toBedId === bedId) throw new CensusRefused('same-bed', `the patient is already in ${label(ctx, bedId)}`);
  if (ctx.state.occupant(toBedId)) throw new CensusRefused('bed-occupied', `${label(ctx, toBedId)} already has a patient: discharge or move them first`);
  const plan = new CensusPlan();
  plan.step('census.transferred', bedId, { ...identityDetails(encounter), source: 'manual', from_bed: bedId, to_bed: toBedId }, (mark) => {
    mutate.closeSpan(encounter, mark);
    mutate.openSpan(encounter, toBedId, mark);
    ctx.state.unknownBeds.delete(toBedId);
  });
  plan.limits.push({ kind: 'copy', fromBedId: bedId, toBedId, encounterId });
  plan.result = { encounterId, bedId: toBedId };
  return plan;
}

/** Ends the encounter; the bed keeps monitoring whatever is connected, showing "No patient". */
export function planDischarge(ctx: PlannerContext, bedId: string, encounterId: string): CensusPlan {
  const encounter = occupantAsSeen(ctx, bedId, encounterId);
  const plan = new CensusPlan();
  plan.step('census.discharged', bedId, { ...identityDetails(encounter), source: 'manual', from_bed: bedId }, (mark) => mutate.end(encounter, 'discharged', mark));
  plan.result = { encounterId, bedId: null };
  return plan;
}

/**
 * A person has checked what the feed flagged on this bed (or, with no
 * encounter, that a bed whose patient was unknown after an unreadable
 * census really has none). Clears the bed's ADT_REVIEW / "patient unknown".
 */
export function planConfirmReview(ctx: PlannerContext, bedId: string, encounterId: string | null): CensusPlan {
  const plan = new CensusPlan();
  if (encounterId === null) {
    requireBed(ctx, bedId);
    if (ctx.state.occupant(bedId)) throw new CensusRefused('stale', `${label(ctx, bedId)} has a patient now: look again`);
    if (!ctx.state.unknownBeds.has(bedId)) return plan;
    plan.step('census.review-confirmed', bedId, { confirmed: 'no-patient' }, () => ctx.state.unknownBeds.delete(bedId));
    return plan;
  }
  const encounter = occupantAsSeen(ctx, bedId, encounterId);
  plan.result = { encounterId, bedId };
  if (encounter.review === null && !ctx.state.unknownBeds.has(bedId)) return plan;
  plan.step('census.review-confirmed', bedId, { ...identityDetails(encounter), confirmed: encounter.review?.reason ?? 'patient-unknown' }, () => {
    encounter.review = null;
    ctx.state.unknownBeds.delete(bedId);
  });
  return plan;
}

/** A date of birth after today is a typing error (it would make the age, and so the category, unknowable). */
function requireBorn(ctx: PlannerContext, input: ManualPatient): void {
  if (input.dob !== null && ageOn(input.dob, ctx.now) === null) throw new CensusRefused('invalid-patient', 'the date of birth is after today');
}

function manualPatient(input: ManualPatient): Patient {
  return {
    mrn: { id: input.mrn.id, type: input.mrn.type, authority: input.mrn.authority },
    otherIds: [],
    family: input.family,
    given: input.given,
    dob: input.dob,
    sex: input.sex,
    category: input.category,
  };
}
