import { z } from 'zod';

/**
 * A patient reference is an opaque identifier plus a display alias (initials
 * or a pseudonym). The station never needs the patient's name; keeping it out
 * of the domain keeps it out of logs and the audit store by construction.
 */
export const PatientReferenceSchema = z.object({
  reference: z.string().min(1).max(64),
  alias: z.string().min(1).max(24),
});
export type PatientReference = z.infer<typeof PatientReferenceSchema>;

export const BedIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'bed id must be 1-32 letters, digits, _ or -');
export type BedId = z.infer<typeof BedIdSchema>;

export const BedSchema = z.object({
  bedId: BedIdSchema,
  /** What the nurse calls the bed: "Bed 7", "ICU-12". */
  label: z.string().min(1).max(24),
  patient: PatientReferenceSchema.nullable(),
});
export type Bed = z.infer<typeof BedSchema>;

export const MAX_BEDS_PER_UNIT = 64;

/** The simulated unit names its beds bed-01, bed-02, … (the config's HL7 bed map may refer to them). */
export function simulatedBedId(index: number): string {
  return `bed-${String(index + 1).padStart(2, '0')}`;
}
