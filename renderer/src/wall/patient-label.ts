import type { BedPatientDisplay } from '../../../shared/domain/census';
import type { PatientCategory } from '../../../shared/domain/patient';

/** Short enough for a 64-bed wall's header line; the category always travels with the age. */
export const CATEGORY_SHORT: Readonly<Record<PatientCategory, string>> = { adult: 'Adult', paediatric: 'Paed', neonatal: 'Neo' };

/**
 * What a tile's header says about its patient. The name part is exactly
 * what the station sent (it already applied the display mode); a bed with
 * no patient says so – its alarms work regardless – and a bed whose patient
 * could not be read after a restart says "Patient unknown", never "No patient".
 */
export function patientLabel(display: BedPatientDisplay | undefined): { name: string; detail: string; state: 'patient' | 'empty' | 'unknown' } {
  if (!display || display.unknown) return { name: 'Patient unknown', detail: '', state: 'unknown' };
  if (display.encounterId === null) return { name: 'No patient', detail: '', state: 'empty' };
  const category = display.category ? CATEGORY_SHORT[display.category] : '';
  return { name: display.name ?? '', detail: [category, display.age ?? 'age ?'].filter((s) => s !== '').join(' '), state: 'patient' };
}
