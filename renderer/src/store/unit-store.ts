import { create } from 'zustand';
import type { Bed } from '../../../shared/domain/bed';
import type { BedStatus } from '../../../shared/domain/bed-status';
import type { Numeric, NumericKind } from '../../../shared/domain/numeric';
import type { UnitSnapshot } from '../../../shared/domain/unit';
import type { BedStatusUpdate } from '../../../shared/domain/station-event';
import type { BedPatientDisplay, CensusDisplay } from '../../../shared/domain/census';
import type { CareGroupView } from '../../../shared/domain/care-group';
import type { PatientDisplayMode } from '../../../shared/domain/patient';

/**
 * A numeric as this view holds it. `measuredAt` is the station's wall clock
 * (shown, e.g. the NIBP time); `measuredLocal` is when it was measured on
 * this view's monotonic clock (performance.now), which is what its age is
 * judged by: no wall clock, here or at the station, ever ages a value.
 */
export type ShownNumeric = Numeric & { measuredLocal: number };
export type BedNumerics = Partial<Record<NumericKind, ShownNumeric>>;

/** Numerics received together, each bed's on this view's monotonic clock. */
export interface ReceivedNumerics {
  beds: Array<{ bedId: string; numerics: ShownNumeric[]; receivedAt: number }>;
}

/**
 * Numerics the station sent at `sentAt` (its wall clock, read with every
 * `measuredAt` in the same batch), received at `receivedAt` on this view's
 * monotonic clock: each value's age is `sentAt − measuredAt`.
 */
export function onViewClock(numerics: readonly Numeric[], sentAt: number, receivedAt: number): ShownNumeric[] {
  return numerics.map((n) => ({ ...n, measuredLocal: receivedAt - Math.max(0, sentAt - n.measuredAt) }));
}

export interface UnitInfo {
  stationId: string;
  unitName: string;
  feedKind: UnitSnapshot['feedKind'];
  beds: Bed[];
  noDataTimeoutMs: number;
  wallMode: boolean;
  clinicalActionsAllowed: boolean;
  scenariosEnabled: boolean;
  /** The simulated-unit banner's text; null on a real feed. */
  simulationNotice: string | null;
  patientDisplay: PatientDisplayMode;
  careGroups: CareGroupView;
}

/**
 * Slow-changing state only (numerics at ~1 Hz, statuses, unit layout).
 * Waveform samples never come through here. Updates replace only the changed
 * bed's objects so each tile re-renders for its own bed alone.
 */
export interface UnitState {
  phase: 'connecting' | 'ready' | 'failed';
  failure: string | null;
  unit: UnitInfo | null;
  statuses: Record<string, BedStatus>;
  numerics: Record<string, BedNumerics>;
  /** When this view received the newest numerics batch of each bed (performance.now, like measuredLocal). */
  numericsAt: Record<string, number>;
  /** The renderer's own verdict: nothing received for this bed within the timeout. */
  viewStale: Record<string, boolean>;
  /** Each bed's patient as the station's display mode allows; an unchanged bed keeps its object (its tile does not re-render). */
  census: Record<string, BedPatientDisplay>;
  censusVersion: number;
  rejectedEvents: number;

  /** `receivedAt`: this view's performance.now() when the snapshot arrived. */
  applySnapshot(snapshot: UnitSnapshot, receivedAt?: number): void;
  applyNumerics(update: ReceivedNumerics): void;
  applyBedStatus(update: BedStatusUpdate): void;
  applyCensus(census: CensusDisplay): void;
  setPatientDisplay(mode: PatientDisplayMode): void;
  setViewStale(changes: Record<string, boolean>): void;
  countRejectedEvent(): void;
  fail(reason: string): void;
}

export const useUnitStore = create<UnitState>()((set) => ({
  phase: 'connecting',
  failure: null,
  unit: null,
  statuses: {},
  numerics: {},
  numericsAt: {},
  viewStale: {},
  census: {},
  censusVersion: -1,
  rejectedEvents: 0,

  applySnapshot: (snapshot, receivedAt = performance.now()) =>
    set(() => {
      const numerics: Record<string, BedNumerics> = {};
      for (const [bedId, list] of Object.entries(snapshot.numerics)) numerics[bedId] = byKind(onViewClock(list, snapshot.generatedAt, receivedAt));
      return {
        phase: 'ready',
        failure: null,
        unit: {
          stationId: snapshot.stationId,
          unitName: snapshot.unitName,
          feedKind: snapshot.feedKind,
          beds: snapshot.beds,
          noDataTimeoutMs: snapshot.noDataTimeoutMs,
          wallMode: snapshot.wallMode,
          clinicalActionsAllowed: snapshot.clinicalActionsAllowed,
          scenariosEnabled: snapshot.scenariosEnabled,
          simulationNotice: snapshot.simulationNotice,
          patientDisplay: snapshot.patientDisplay,
          careGroups: snapshot.careGroups,
        },
        census: mergeCensus({}, snapshot.census),
        censusVersion: snapshot.census.version,
        statuses: Object.fromEntries(snapshot.statuses.map((s) => [s.bedId, s])),
        numerics,
        numericsAt: Object.fromEntries(Object.keys(numerics).map((bedId) => [bedId, receivedAt])),
        // Until this view has received data itself, it has proven nothing.
        viewStale: Object.fromEntries(snapshot.beds.map((b) => [b.bedId, true])),
      };
    }),

  applyNumerics: (update) =>
    set((state) => {
      const numerics = { ...state.numerics };
      const numericsAt = { ...state.numericsAt };
      for (const { bedId, numerics: list, receivedAt } of update.beds) {
        // A bed the main process has declared silent keeps no numbers, even if
        // a late batch for it is still in flight.
        if (state.statuses[bedId]?.feed === 'no-data') continue;
        numerics[bedId] = { ...numerics[bedId], ...byKind(list) };
        numericsAt[bedId] = Math.max(numericsAt[bedId] ?? receivedAt, receivedAt);
      }
      return { numerics, numericsAt };
    }),

  applyBedStatus: (update) =>
    set((state) => {
      const statuses = { ...state.statuses };
      const numerics = { ...state.numerics };
      for (const status of update.statuses) {
        statuses[status.bedId] = status;
        if (status.feed !== 'live') numerics[status.bedId] = {};
      }
      return { statuses, numerics };
    }),

  applyCensus: (census) =>
    set((state) => {
      // An older census (a reordered event, a snapshot answered before the last change) never overwrites a newer one.
      if (census.version < state.censusVersion) return {};
      return { census: mergeCensus(state.census, census), censusVersion: census.version };
    }),

  setPatientDisplay: (mode) => set((state) => (state.unit ? { unit: { ...state.unit, patientDisplay: mode } } : {})),

  setViewStale: (changes) => set((state) => ({ viewStale: { ...state.viewStale, ...changes } })),
  countRejectedEvent: () => set((state) => ({ rejectedEvents: state.rejectedEvents + 1 })),
  fail: (reason) => set({ phase: 'failed', failure: reason }),
}));

function mergeCensus(previous: Readonly<Record<string, BedPatientDisplay>>, census: CensusDisplay): Record<string, BedPatientDisplay> {
  const next: Record<string, BedPatientDisplay> = {};
  for (const bed of census.beds) {
    const old = previous[bed.bedId];
    next[bed.bedId] = old && sameDisplay(old, bed) ? old : bed;
  }
  return next;
}

function sameDisplay(a: BedPatientDisplay, b: BedPatientDisplay): boolean {
  return a.encounterId === b.encounterId && a.name === b.name && a.category === b.category && a.age === b.age && a.review === b.review && a.unknown === b.unknown;
}

function byKind(list: readonly ShownNumeric[]): BedNumerics {
  const out: BedNumerics = {};
  for (const n of list) out[n.kind] = n;
  return out;
}
