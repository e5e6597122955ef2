import { z } from 'zod';
import { BedIdSchema } from '../../../shared/domain/bed';
import { CensusReviewSchema, EncounterActorSchema, EncounterSourceSchema, type CensusEncounter } from '../../../shared/domain/census';
import { PatientSchema } from '../../../shared/domain/patient';

/**
 * One encounter as the census keeps it: a patient's stay on this unit, from
 * admission to discharge (or cancellation, replacement, leaving the unit).
 *
 * Patients are an overlay on beds: alarms and recordings stay keyed by bed
 * and time, and `spans` say which bed the patient was in between which two
 * audit rows, so a transfer moves the patient's view of the history without
 * rewriting it. Span boundaries are audit sequence numbers (the census
 * entry's own row): the audit trail is written in call order, so "was this
 * alarm before or after the transfer" is decided by identity and order,
 * never by comparing wall-clock times that NTP can step. `fromAt`/`toAt`
 * (wall ms) are for people and for records written where no sequence is known.
 */
export const ENCOUNTER_STATES = ['active', 'discharged', 'cancelled', 'replaced', 'left-unit'] as const;
export type EncounterState = (typeof ENCOUNTER_STATES)[number];

/**
 * A census entry written to the audit store's fallback journal (the store
 * could not write): its line there. Its seq is not known until the journal
 * is imported into the trail; until then the span's seq is the trail's head
 * when it was written, a bound the real seq is above (census-journal-marks.ts).
 */
export const JournalMarkSchema = z
  .object({
    journalId: z.string().min(1).max(64),
    line: z.number().int().positive(),
  })
  .strict();
export type JournalMark = z.infer<typeof JournalMarkSchema>;

export const BedSpanSchema = z
  .object({
    bedId: BedIdSchema,
    /** Audit seq of the row that put the patient in the bed (0: before anything was audited, e.g. a seeded unit). */
    fromSeq: z.number().int().nonnegative(),
    fromAt: z.number().int(),
    /** Present while the row that put the patient here is only in the fallback journal: fromSeq is then a lower bound. */
    fromJournal: JournalMarkSchema.optional(),
    toSeq: z.number().int().nonnegative().nullable(),
    toAt: z.number().int().nullable(),
    /** Present while the row that took the patient out is only in the fallback journal: toSeq is then a lower bound. */
    toJournal: JournalMarkSchema.optional(),
  })
  .strict();
export type BedSpan = z.infer<typeof BedSpanSchema>;

export const EncounterRecordSchema = z
  .object({
    encounterId: z.string().min(1).max(64),
    patient: PatientSchema,
    source: EncounterSourceSchema,
    admittedAt: z.number().int(),
    admittedBy: EncounterActorSchema,
    visitNumber: z.string().max(64).nullable(),
    feedLocation: z.string().max(200).nullable(),
    categoryAssumed: z.boolean(),
    /** The category follows the date of birth (set by the station, not by a person): a corrected DOB re-derives it. */
    categoryFromDob: z.boolean(),
    state: z.enum(ENCOUNTER_STATES),
    endedAt: z.number().int().nullable(),
    spans: z.array(BedSpanSchema).max(256),
    review: CensusReviewSchema.nullable(),
  })
  .strict();
export type EncounterRecord = z.infer<typeof EncounterRecordSchema>;

/** A new, active encounter with no bed yet (the planner's first step opens its span). */
export function newEncounter(
  fields: Pick<EncounterRecord, 'encounterId' | 'patient' | 'source' | 'admittedAt' | 'admittedBy'> & Partial<Pick<EncounterRecord, 'visitNumber' | 'feedLocation' | 'categoryAssumed' | 'categoryFromDob' | 'spans'>>,
): EncounterRecord {
  return { visitNumber: null, feedLocation: null, categoryAssumed: false, categoryFromDob: false, spans: [], ...fields, state: 'active', endedAt: null, review: null };
}

/** The bed an encounter occupies now, if any. */
export function currentBed(encounter: EncounterRecord): string | null {
  if (encounter.state !== 'active') return null;
  const last = encounter.spans[encounter.spans.length - 1];
  return last && last.toSeq === null ? last.bedId : null;
}

/** The bed of the span before the current one (where a cancelled transfer came from). */
export function previousBed(encounter: EncounterRecord): string | null {
  const spans = encounter.spans;
  const openSpans = spans.length > 0 && spans[spans.length - 1]!.toSeq === null ? 1 : 0;
  return spans[spans.length - 1 - openSpans]?.bedId ?? null;
}

/** The bed the encounter was last in (open or closed span). */
export function lastBed(encounter: EncounterRecord): string | null {
  return encounter.spans[encounter.spans.length - 1]?.bedId ?? null;
}

export function toCensusEncounter(record: EncounterRecord): CensusEncounter {
  return {
    encounterId: record.encounterId,
    bedId: currentBed(record),
    patient: record.patient,
    source: record.source,
    admittedAt: record.admittedAt,
    admittedBy: record.admittedBy,
    visitNumber: record.visitNumber,
    feedLocation: record.feedLocation,
    categoryAssumed: record.categoryAssumed,
    review: record.review,
  };
}
