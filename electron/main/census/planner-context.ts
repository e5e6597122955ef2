import type { EncounterActor } from '../../../shared/domain/census';
import type { Patient, PatientCategory } from '../../../shared/domain/patient';
import { CensusRefused } from './census-plan';
import type { CensusState } from './census-state';
import type { EncounterRecord } from './encounter-record';

/** What a planner may read: the state, the unit's beds, the time and who is acting. */
export interface PlannerContext {
  state: CensusState;
  /** bedId → label, in unit order. */
  beds: ReadonlyMap<string, string>;
  /** Wall time (what people read: admitted at, ages). */
  now: number;
  /** The category assumed when the date of birth is not known. */
  defaultCategory: PatientCategory;
  actor: EncounterActor;
  newEncounterId(): string;
}

export function label(ctx: PlannerContext, bedId: string): string {
  return ctx.beds.get(bedId) ?? bedId;
}

export function requireBed(ctx: PlannerContext, bedId: string): void {
  if (!ctx.beds.has(bedId)) throw new CensusRefused('unknown-bed', `no bed ${bedId} on this station`);
}

/**
 * The encounter a person saw in the bed, checked to be there still: the
 * feed (or someone at another screen) may have changed the bed meanwhile,
 * and a change meant for one patient must never land on another.
 */
export function occupantAsSeen(ctx: PlannerContext, bedId: string, encounterId: string): EncounterRecord {
  requireBed(ctx, bedId);
  const occupant = ctx.state.occupant(bedId);
  if (!occupant || occupant.encounterId !== encounterId) {
    throw new CensusRefused('stale', `${label(ctx, bedId)}'s patient changed since this screen was shown: look again`);
  }
  return occupant;
}

/** Identity fields that differ between two records of a patient (names of fields only: they are audited). */
export function changedFields(before: Patient, after: Patient): string[] {
  const fields: string[] = [];
  if (before.mrn.id !== after.mrn.id || before.mrn.type !== after.mrn.type || before.mrn.authority !== after.mrn.authority) fields.push('mrn');
  if (before.family !== after.family) fields.push('family');
  if (before.given !== after.given) fields.push('given');
  if (before.dob !== after.dob) fields.push('dob');
  if (before.sex !== after.sex) fields.push('sex');
  if (JSON.stringify(before.otherIds) !== JSON.stringify(after.otherIds)) fields.push('other_ids');
  if (before.category !== after.category) fields.push('category');
  return fields;
}
