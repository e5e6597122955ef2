import type { AuditAction } from '../../../shared/audit/audit-actions';
import type { PatientCategory } from '../../../shared/domain/patient';
import type { CensusState } from './census-state';
import { currentBed, type EncounterRecord, type JournalMark } from './encounter-record';

/**
 * A census change, planned against the current state before anything is
 * written: each step is one audit entry and the state change it records.
 * The census executes the steps in order – audit entry durable, then its
 * change – so the trail and the state never disagree, even when a later
 * step's write fails (what was written stays applied; the rest is refused).
 *
 * Planning is pure and synchronous (census-manual.ts, census-feed.ts): the
 * rules are unit-tested without an audit store, a clock or a file.
 */
export type CensusDetails = Record<string, string | number | boolean | null>;

/**
 * Where a step's audit entry landed: its row (seq, wall time) or, while the
 * store cannot write, its line in the fallback journal, with `seq` the
 * trail's head then (the row's seq, once imported, is above it).
 */
export interface AuditMark {
  seq: number;
  at: number;
  journal?: JournalMark;
}

export interface PlanStep {
  action: Extract<AuditAction, `census.${string}`>;
  bedId: string | null;
  details: CensusDetails;
  apply(mark: AuditMark): void;
}

/** What a change does to a bed's alarm limits: a new patient gets their category's default; a moved one takes theirs along. */
export type LimitsEffect = { kind: 'reset'; bedId: string; category: PatientCategory; encounterId: string } | { kind: 'copy'; fromBedId: string; toBedId: string; encounterId: string };

export class CensusPlan {
  readonly steps: PlanStep[] = [];
  readonly limits: LimitsEffect[] = [];
  /** What the person or feed asked about, for the answer. */
  result: { encounterId: string; bedId: string | null } | null = null;

  step(action: PlanStep['action'], bedId: string | null, details: CensusDetails, apply: PlanStep['apply']): this {
    this.steps.push({ action, bedId, details, apply });
    return this;
  }

  get empty(): boolean {
    return this.steps.length === 0;
  }
}

/** A refusal with a fixed reason code; `detail` names beds and rules, never patient data (it may be logged). */
export class CensusRefused extends Error {
  constructor(
    readonly reason: CensusRefusal,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'CensusRefused';
  }
}

export const CENSUS_REFUSALS = [
  'unknown-bed',
  'bed-occupied',
  'stale',
  'patient-already-admitted',
  'feed-owns-identity',
  'same-bed',
  'invalid-patient',
  'unmapped-bed',
  'nothing-to-cancel',
  'visit-not-active',
  'audit-failed',
] as const;
export type CensusRefusal = (typeof CENSUS_REFUSALS)[number];

/** What every census audit entry says about whom it concerns: the identifier, never the name or date of birth. */
export function identityDetails(encounter: EncounterRecord): CensusDetails {
  return {
    encounter: encounter.encounterId,
    patient_id: encounter.patient.mrn.id,
    patient_id_type: encounter.patient.mrn.type,
    patient_id_authority: encounter.patient.mrn.authority,
    visit: encounter.visitNumber,
  };
}

/** Mutations every planner uses; each runs inside a step's apply(). */
export const mutate = {
  openSpan(encounter: EncounterRecord, bedId: string, mark: AuditMark): void {
    encounter.spans.push({ bedId, fromSeq: mark.seq, fromAt: mark.at, ...(mark.journal ? { fromJournal: { ...mark.journal } } : {}), toSeq: null, toAt: null });
    // A patient with hundreds of moves keeps the newest: older spans are in the audit trail.
    if (encounter.spans.length > 256) encounter.spans.splice(0, encounter.spans.length - 256);
  },
  closeSpan(encounter: EncounterRecord, mark: AuditMark): void {
    const last = encounter.spans[encounter.spans.length - 1];
    if (last && last.toSeq === null) {
      last.toSeq = mark.seq;
      last.toAt = mark.at;
      if (mark.journal) last.toJournal = { ...mark.journal };
    }
  },
  end(encounter: EncounterRecord, state: EncounterRecord['state'], mark: AuditMark): void {
    mutate.closeSpan(encounter, mark);
    encounter.state = state;
    encounter.endedAt = mark.at;
    encounter.review = null;
  },
};

/** The bed an encounter would leave, checked to still be its bed when the step applies. */
export function bedOf(state: CensusState, encounter: EncounterRecord): string | null {
  const bed = currentBed(encounter);
  return bed !== null && state.occupant(bed) === encounter ? bed : null;
}
