import type { Bed } from '../../../shared/domain/bed';

/**
 * Who a bed's record belonged to at a moment, for the print-out header and
 * the export's header comments. Recordings are keyed by bed and time; the
 * patient is an overlay (the census maps a bed and a time to an encounter),
 * so a transfer never rewrites the record. The census plugs its answer in
 * here; until then the stamp is the bed's label and no patient.
 */
export interface PatientStamp {
  stamp(bedId: string, at: number): { bedLabel: string; patient: string | null };
}

export function defaultPatientStamp(beds: readonly Bed[]): PatientStamp {
  const labels = new Map(beds.map((b) => [b.bedId, b.label]));
  return { stamp: (bedId) => ({ bedLabel: labels.get(bedId) ?? bedId, patient: null }) };
}
