import { z } from 'zod';
import { BedIdSchema } from '../../../shared/domain/bed';
import type { PatientIdentifier } from '../../../shared/domain/patient';
import { currentBed, EncounterRecordSchema, type EncounterRecord } from './encounter-record';

/**
 * The census in memory: every active encounter, and ended ones for a while
 * (a cancel of a discharge, "which encounter was in bed 7 at 03:12"), with
 * an index from bed to its current encounter.
 *
 * Ended encounters are kept RETAIN_ENDED_MS (and at most MAX_ENDED): long
 * enough for any cancel an ADT feed sends and for the recent-history
 * questions the wall and review screens ask. The audit trail is the record
 * of every change for as long as it is retained (years); the full-disclosure
 * recorder keeps its own encounter index from the census's change events.
 */
export const RETAIN_ENDED_MS = 30 * 24 * 3_600_000;
export const MAX_ENDED = 2_000;

export const CENSUS_FILE_FORMAT = 'vigil-census/1';

export const CensusFileSchema = z
  .object({
    format: z.literal(CENSUS_FILE_FORMAT),
    stationId: z.string(),
    version: z.number().int().nonnegative(),
    savedAt: z.number().int(),
    encounters: z.array(EncounterRecordSchema).max(MAX_ENDED + 1_000),
    /** Beds whose patient is not known (the census was unreadable at a start) until a person sets or confirms them. */
    unknownBeds: z.array(BedIdSchema).max(64),
  })
  .strict();
export type CensusFile = z.infer<typeof CensusFileSchema>;

export class CensusState {
  version = 0;
  readonly encounters = new Map<string, EncounterRecord>();
  readonly unknownBeds = new Set<string>();
  private readonly byBed = new Map<string, EncounterRecord>();

  static fromFile(file: CensusFile, beds: ReadonlySet<string>): CensusState {
    const state = new CensusState();
    state.version = file.version;
    for (const e of file.encounters) state.encounters.set(e.encounterId, e);
    for (const b of file.unknownBeds) if (beds.has(b)) state.unknownBeds.add(b);
    state.reindex();
    return state;
  }

  toFile(stationId: string, savedAt: number): CensusFile {
    return { format: CENSUS_FILE_FORMAT, stationId, version: this.version, savedAt, encounters: [...this.encounters.values()], unknownBeds: [...this.unknownBeds] };
  }

  occupant(bedId: string): EncounterRecord | null {
    return this.byBed.get(bedId) ?? null;
  }

  active(): EncounterRecord[] {
    return [...this.encounters.values()].filter((e) => e.state === 'active');
  }

  /** Active encounters with no bed (the feed admitted them to the unit without one). */
  unplaced(): EncounterRecord[] {
    return this.active().filter((e) => currentBed(e) === null);
  }

  /**
   * Encounters of the patient an identifier names, newest first. The same
   * number from the same authority is the same patient; an identifier with
   * no authority matches the number from any (feeds leave it out).
   */
  encountersOf(ids: readonly PatientIdentifier[]): EncounterRecord[] {
    const out: EncounterRecord[] = [];
    for (const e of this.encounters.values()) {
      const theirs = [e.patient.mrn, ...e.patient.otherIds];
      if (ids.some((a) => theirs.some((b) => sameIdentifier(a, b)))) out.push(e);
    }
    return out.sort((a, b) => b.admittedAt - a.admittedAt || (a.state === 'active' ? -1 : 1));
  }

  /** After any change to an encounter's spans or state. */
  reindex(): void {
    this.byBed.clear();
    for (const e of this.encounters.values()) {
      const bed = currentBed(e);
      // Two active encounters in one bed cannot be produced by the planners; if a
      // damaged file held it, the newer admission is shown (and the older stays listed).
      if (bed !== null && (this.byBed.get(bed)?.admittedAt ?? -Infinity) <= e.admittedAt) this.byBed.set(bed, e);
    }
  }

  /** Drops ended encounters past retention, oldest first. */
  prune(now: number): void {
    const ended = [...this.encounters.values()].filter((e) => e.state !== 'active').sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
    let excess = ended.length - MAX_ENDED;
    for (const e of ended) {
      if (excess > 0 || (e.endedAt ?? now) < now - RETAIN_ENDED_MS) {
        this.encounters.delete(e.encounterId);
        excess--;
      }
    }
  }
}

export function sameIdentifier(a: PatientIdentifier, b: PatientIdentifier): boolean {
  if (a.id.trim().toUpperCase() !== b.id.trim().toUpperCase()) return false;
  const aa = a.authority.trim().toUpperCase();
  const ba = b.authority.trim().toUpperCase();
  return aa === '' || ba === '' || aa === ba;
}
