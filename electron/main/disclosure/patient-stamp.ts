import type { Bed } from '../../../shared/domain/bed';
import type { CensusEncounter } from '../../../shared/domain/census';
import type { Patient } from '../../../shared/domain/patient';
import { displayName } from '../census/patient-display';

/** A patient whose stay in the bed overlaps a span of its record. */
export interface SpanPatient {
  encounterId: string;
  /** "FAMILY, Given · MR 12345678": for the review screens and print-outs, read by nurses who may see the census. */
  label: string;
  /** The hospital number alone ("MR 12345678 (authority)"), for files that leave the unit (a WFDB export's header). */
  identifier: string;
}

/**
 * Whose record a span of a bed's full disclosure is, for the review screens,
 * the print-out's header, the export's header comments and the audit of
 * each look. Recordings stay keyed by bed and time; the patient is an
 * overlay the census lays over them (a bed and a wall time → the stays
 * there), so a transfer never rewrites the record, and a span that crosses
 * a transfer or a new admission names every patient in it.
 */
export interface PatientStamp {
  bedLabel(bedId: string): string;
  /** The patients whose stay in `bedId` overlaps [fromWall, toWall], oldest first; none when nobody was admitted. */
  patientsIn(bedId: string, fromWall: number, toWall: number): SpanPatient[];
}

/** A station without a census: the bed's label, and no patient. */
export function defaultPatientStamp(beds: readonly Bed[]): PatientStamp {
  const labels = new Map(beds.map((b) => [b.bedId, b.label]));
  return { bedLabel: (bedId) => labels.get(bedId) ?? bedId, patientsIn: () => [] };
}

/** The census's answer (census.ts `staysIn`): by the stays' wall times, which are the times the record is labelled with. */
export function censusPatientStamp(beds: readonly Bed[], census: { staysIn(bedId: string, fromWall: number, toWall: number): Array<{ encounter: CensusEncounter }> }): PatientStamp {
  const labels = defaultPatientStamp(beds);
  return {
    bedLabel: labels.bedLabel,
    patientsIn: (bedId, fromWall, toWall) => {
      const seen = new Set<string>();
      // A patient transferred out and back in is one patient with two stays: named once.
      return census
        .staysIn(bedId, Math.min(fromWall, toWall), Math.max(fromWall, toWall))
        .filter(({ encounter }) => !seen.has(encounter.encounterId) && seen.add(encounter.encounterId))
        .map(({ encounter }) => ({ encounterId: encounter.encounterId, label: `${displayName(encounter.patient, 'full-name')} · ${numberOf(encounter.patient)}`, identifier: identifierOf(encounter.patient) }));
    },
  };
}

function numberOf(patient: Patient): string {
  return `${patient.mrn.type || 'ID'} ${patient.mrn.id}`;
}

function identifierOf(patient: Patient): string {
  return patient.mrn.authority ? `${numberOf(patient)} (${patient.mrn.authority})` : numberOf(patient);
}
