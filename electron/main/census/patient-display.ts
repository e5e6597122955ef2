import type { BedPatientDisplay } from '../../../shared/domain/census';
import type { Patient, PatientDisplayMode } from '../../../shared/domain/patient';
import type { EncounterRecord } from './encounter-record';
import { ageText } from '../../../shared/domain/patient-age';

/**
 * What a tile may show of its patient, decided here in the main process so
 * a view receives no more than the station's display mode allows: a
 * corridor wall in initials mode is never sent the name, a bed-only wall
 * not even the initials. Category and age are always shown: they change how
 * the numbers read (a heart rate of 150 is a different thing at 3 days and
 * at 70 years).
 */
export const MRN_TAIL = 4;

export function displayName(patient: Patient, mode: PatientDisplayMode): string | null {
  switch (mode) {
    case 'bed-only':
      return null;
    case 'initials-mrn': {
      const initials = [patient.family, patient.given].map(initialOf).filter((i) => i !== '').join('');
      const tail = patient.mrn.id.slice(-MRN_TAIL);
      return initials ? `${initials} ·${tail}` : `·${tail}`;
    }
    case 'full-name': {
      const name = [patient.family, patient.given].filter((s) => s !== '').join(', ');
      return (name || 'No name recorded').slice(0, 80);
    }
  }
}

/** The first letter (as the reader sees it: one grapheme, so 李 or É, not half a surrogate pair) and a dot. */
function initialOf(name: string): string {
  const first = [...name.trim()][0];
  return first === undefined ? '' : `${first.toLocaleUpperCase()}.`;
}

export function bedDisplay(bedId: string, encounter: EncounterRecord | null, unknown: boolean, mode: PatientDisplayMode, now: number): BedPatientDisplay {
  if (!encounter) return { bedId, encounterId: null, name: null, category: null, age: null, review: false, unknown };
  return {
    bedId,
    encounterId: encounter.encounterId,
    name: displayName(encounter.patient, mode),
    category: encounter.patient.category,
    age: ageText(encounter.patient.dob, now),
    review: encounter.review !== null,
    unknown: false,
  };
}
