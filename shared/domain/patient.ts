import { z } from 'zod';

/**
 * A patient as the census knows them: enough to tell one person from another
 * at the bedside (name, hospital number, date of birth, sex) and the one
 * clinical fact that changes how the numbers read (the category, which picks
 * the bed's default limit profile).
 *
 * These fields are patient data. They live in the census (main process and
 * its file in the data folder) and travel to a view only when a signed-in
 * clinician asks for the census; the wall receives the display projection
 * (patient-display.ts), which holds no more than the station's display mode
 * allows. Never in app logs; in the audit trail only as the identifier (see
 * electron/main/census/README.md for what and why).
 */
export const PATIENT_CATEGORIES = ['adult', 'paediatric', 'neonatal'] as const;
export const PatientCategorySchema = z.enum(PATIENT_CATEGORIES);
export type PatientCategory = z.infer<typeof PatientCategorySchema>;

/** HL7 table 0001 (administrative sex), reduced to what a tile can show. */
export const PATIENT_SEXES = ['F', 'M', 'O', 'U'] as const;
export const PatientSexSchema = z.enum(PATIENT_SEXES);
export type PatientSex = z.infer<typeof PatientSexSchema>;

const Text = (max: number) => z.string().trim().max(max);

/**
 * A hospital identifier (HL7 CX): the number, its type (MR, MRN, MEDREC, PI…,
 * '' when the sender gave none) and the authority that issued it.
 */
export const PatientIdentifierSchema = z
  .object({
    id: z.string().trim().min(1, 'the identifier is empty').max(64).regex(/^[\x20-\x7e]+$/, 'the identifier must be printable ASCII'),
    type: Text(16).default(''),
    authority: Text(64).default(''),
  })
  .strict();
export type PatientIdentifier = z.infer<typeof PatientIdentifierSchema>;

/** ISO date (YYYY-MM-DD) that is a real calendar day. */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date of birth must be YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'date of birth is not a calendar day');

export const PatientSchema = z
  .object({
    /** The identifier the station keys the patient by (the MR-typed one when the hospital sends several). */
    mrn: PatientIdentifierSchema,
    /** Further identifiers the feed sent (national number, account…), kept for matching. */
    otherIds: z.array(PatientIdentifierSchema).max(8).default([]),
    family: Text(64).default(''),
    given: Text(64).default(''),
    dob: IsoDateSchema.nullable(),
    sex: PatientSexSchema.default('U'),
    category: PatientCategorySchema,
  })
  .strict();
export type Patient = z.infer<typeof PatientSchema>;
export type PatientInput = z.input<typeof PatientSchema>;

/** What a charge nurse types at the station to admit or correct a patient. */
export const ManualPatientSchema = PatientSchema.omit({ otherIds: true })
  .extend({
    mrn: PatientIdentifierSchema.extend({ type: Text(16).default('MR') }),
  })
  .strict()
  .refine((p) => p.family.length + p.given.length > 0, { message: 'a name is required', path: ['family'] });
export type ManualPatient = z.infer<typeof ManualPatientSchema>;

/**
 * How a tile names its patient (configured per station, changeable by an admin):
 * - `full-name`: "FAMILY, Given" (a workstation at the nurses' desk);
 * - `initials-mrn`: "F.G. ·4673", initials and the last four of the hospital
 *   number (the default for walls in corridors, which passers-by can read);
 * - `bed-only`: no patient identity at all.
 * Category and age show in every mode.
 */
export const PATIENT_DISPLAY_MODES = ['full-name', 'initials-mrn', 'bed-only'] as const;
export const PatientDisplayModeSchema = z.enum(PATIENT_DISPLAY_MODES);
export type PatientDisplayMode = z.infer<typeof PatientDisplayModeSchema>;
