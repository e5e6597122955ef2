import { z } from 'zod';
import { BedIdSchema } from './bed';
import { ManualPatientSchema, PatientCategorySchema, PatientSchema } from './patient';

/**
 * The census as views see it. Two shapes, on purpose:
 *
 * - `BedPatientDisplay` is what every view (the wall included) receives for
 *   each bed: the patient as the station's display mode allows (full name,
 *   initials + hospital-number tail, or nothing), the category and the age.
 *   Built in the main process, so a corridor wall never receives a name.
 * - `CensusDetails` is the whole record (names, numbers, dates of birth,
 *   who admitted), answered only to a signed-in user allowed to view the
 *   census (`census-view`), on request, never broadcast.
 */
export const BedPatientDisplaySchema = z.object({
  bedId: BedIdSchema,
  /** The encounter in this bed, or null: the tile shows "No patient" (and the bed still alarms). */
  encounterId: z.string().max(64).nullable(),
  /** As the display mode allows; null in bed-only mode (and when no patient). */
  name: z.string().max(80).nullable(),
  category: PatientCategorySchema.nullable(),
  /** "52 y", "7 mo", "12 d"; null when the date of birth is not known. */
  age: z.string().max(12).nullable(),
  /** The ADT feed changed this bed's patient in a way a person should check. */
  review: z.boolean(),
  /** The census could not be read at start and nobody has set this bed since: "Patient unknown", not "No patient". */
  unknown: z.boolean(),
});
export type BedPatientDisplay = z.infer<typeof BedPatientDisplaySchema>;

export const CensusDisplaySchema = z.object({
  /** Increases with every census change; a view ignores an older one. */
  version: z.number().int().nonnegative(),
  beds: z.array(BedPatientDisplaySchema),
});
export type CensusDisplay = z.infer<typeof CensusDisplaySchema>;

export const ENCOUNTER_SOURCES = ['manual', 'feed', 'simulator'] as const;
export const EncounterSourceSchema = z.enum(ENCOUNTER_SOURCES);
export type EncounterSource = z.infer<typeof EncounterSourceSchema>;

/** Who put the patient in the census: a person at a station, or the hospital's ADT feed. */
export const EncounterActorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('user'), userId: z.string(), role: z.string() }).strict(),
  z.object({ kind: z.literal('feed'), connection: z.string() }).strict(),
  z.object({ kind: z.literal('simulator') }).strict(),
]);
export type EncounterActor = z.infer<typeof EncounterActorSchema>;

export const CensusReviewSchema = z.object({
  /** A fixed code: replaced-manual-admission, restored-from-history, name-changed-in-cancel, … */
  reason: z.string().max(48),
  at: z.number().int(),
});

export const CensusEncounterSchema = z.object({
  encounterId: z.string(),
  bedId: BedIdSchema.nullable(),
  patient: PatientSchema,
  source: EncounterSourceSchema,
  admittedAt: z.number().int(),
  admittedBy: EncounterActorSchema,
  visitNumber: z.string().nullable(),
  /** The feed's PV1-3, as text (escapes resolved), for the charge nurse. */
  feedLocation: z.string().nullable(),
  /** The category was not given (no date of birth): the unit's default was assumed. */
  categoryAssumed: z.boolean(),
  review: CensusReviewSchema.nullable(),
});
export type CensusEncounter = z.infer<typeof CensusEncounterSchema>;

export const CensusDetailsSchema = z.object({
  version: z.number().int().nonnegative(),
  beds: z.array(z.object({ bedId: BedIdSchema, encounter: CensusEncounterSchema.nullable() })),
  /** Admitted to this unit by the feed but with no bed the station could place them in. */
  unplaced: z.array(CensusEncounterSchema),
  /** The census file could not be read at start: every bed says "patient unknown" until a person checks. */
  unavailable: z.boolean(),
});
export type CensusDetails = z.infer<typeof CensusDetailsSchema>;

const EncounterRef = z.string().min(1).max(64);

/**
 * Manual ADT requests. Every change names the encounter the person saw, so
 * a change made on a stale screen (the feed moved the patient meanwhile) is
 * refused rather than applied to whoever is in the bed now.
 */
export const CensusAdmitRequestSchema = z.object({ bedId: BedIdSchema, patient: ManualPatientSchema }).strict();
export const CensusUpdateRequestSchema = z.object({ bedId: BedIdSchema, encounterId: EncounterRef, patient: ManualPatientSchema }).strict();
export const CensusTransferRequestSchema = z.object({ bedId: BedIdSchema, encounterId: EncounterRef, toBedId: BedIdSchema }).strict();
export const CensusDischargeRequestSchema = z.object({ bedId: BedIdSchema, encounterId: EncounterRef, confirmed: z.literal(true) }).strict();
/** encounterId null: confirms that a bed whose patient was unknown (unreadable census) has none. */
export const CensusConfirmReviewRequestSchema = z.object({ bedId: BedIdSchema, encounterId: EncounterRef.nullable() }).strict();

export const CensusChangeResultSchema = z.object({ encounterId: z.string(), bedId: BedIdSchema.nullable(), version: z.number().int() });
export type CensusChangeResult = z.infer<typeof CensusChangeResultSchema>;
