import type { Bed } from '../../../shared/domain/bed';
import { newEncounter, type EncounterRecord } from './encounter-record';

/**
 * The simulated unit's first census: a pseudonymous adult in every bed, so
 * a demo or training wall looks like a ward. Names are made from the
 * simulator's initials and two fixed lists; hospital numbers are SIM-…;
 * nothing here is, or is derived from, a real person. Used only when the
 * station has no census yet (later starts read the saved one).
 */
const FAMILY = ['Abbott', 'Baker', 'Carter', 'Dalton', 'Ellis', 'Fisher', 'Grant', 'Hughes', 'Ingram', 'Jensen', 'Keller', 'Lowe', 'Marsh', 'Nolan', 'Osborne', 'Price', 'Quinn', 'Reyes', 'Shaw', 'Turner', 'Upton', 'Vance', 'Walsh', 'Xu', 'Young', 'Zeller'];
const GIVEN = ['Alex', 'Blair', 'Casey', 'Dana', 'Eden', 'Frankie', 'Gray', 'Harper', 'Indy', 'Jordan', 'Kai', 'Lee', 'Morgan', 'Noel', 'Oakley', 'Parker', 'Quincy', 'Riley', 'Sam', 'Taylor', 'Uma', 'Val', 'Wren', 'Xan', 'Yael', 'Zion'];

export function simulatedPatients(beds: readonly Bed[], seed: number, now: number): EncounterRecord[] {
  const today = new Date(now);
  return beds.map((bed, index) => {
    const initials = (bed.patient?.alias ?? 'XX').toUpperCase();
    const pick = (list: readonly string[], letter: string | undefined) => list[(letter?.charCodeAt(0) ?? 65) - 65] ?? list[index % list.length]!;
    // 30 to 89 years, spread by bed and seed.
    const age = 30 + ((index * 37 + seed * 11) % 60);
    const dob = new Date(Date.UTC(today.getUTCFullYear() - age, (index * 5 + seed) % 12, 1 + ((index * 7) % 28)));
    return newEncounter({
      // Unique across re-seedings (a new data folder): encounter ids are in the audit trail.
      encounterId: `sim-${now.toString(36)}-${bed.bedId}`,
      patient: {
        mrn: { id: bed.patient?.reference ?? `SIM-${seed}-${index + 1}`, type: 'MR', authority: 'SIMULATOR' },
        otherIds: [],
        family: pick(FAMILY, initials[1]),
        given: pick(GIVEN, initials[0]),
        dob: dob.toISOString().slice(0, 10),
        sex: index % 2 === 0 ? 'F' : 'M',
        category: 'adult',
      },
      source: 'simulator',
      admittedAt: now,
      admittedBy: { kind: 'simulator' },
      spans: [{ bedId: bed.bedId, fromSeq: 0, fromAt: now, toSeq: null, toAt: null }],
    });
  });
}
