import type { Bed } from '../../../../shared/domain/bed';
import type { ManualPatient, PatientCategory } from '../../../../shared/domain/patient';
import type { Role } from '../../../../shared/domain/session';
import { AlarmEngine } from '../../../../electron/main/alarms/alarm-engine';
import type { AuditActor } from '../../../../electron/main/alarms/alarm-audit';
import { mintOperator, type Operator } from '../../../../electron/main/auth/operator';
import type { AdtEvent, AdtPlacement } from '../../../../electron/main/census/adt-event';
import { Census, type CensusOptions } from '../../../../electron/main/census/census';
import { MemoryCensusStore, type CensusPersistence } from '../../../../electron/main/census/census-store';
import { FakeClock } from '../../../support/fake-clock';

/** One audit entry, in trail order, with the seq the trail gave it. */
export interface TrailEntry {
  seq: number;
  kind: 'clinical' | 'system';
  action: string;
  actor: AuditActor | undefined;
  bedId: string | null;
  details: Record<string, unknown>;
}

/**
 * The audit trail as the census and the alarm engine see it: one sequence
 * for both kinds of write (call order, as in the real store), clinical
 * writes that succeed, fail, or wait for the test.
 */
export class RecordingTrail {
  readonly entries: TrailEntry[] = [];
  mode: 'ok' | 'fail' | 'deferred' = 'ok';
  /** Fail only writes of these actions (mode 'ok'). */
  failActions = new Set<string>();
  readonly pending: Array<{ release(): void; fail(): void }> = [];
  private seq = 0;

  constructor(private readonly clock: FakeClock) {}

  recordClinical(event: { action: string; actor?: AuditActor; bedId?: string | null; details?: Record<string, unknown> }): Promise<{ seq: number; utcMs: number }> {
    const write = () => this.append('clinical', event);
    if (this.mode === 'fail' || this.failActions.has(event.action)) return Promise.reject(new Error('disk full'));
    if (this.mode === 'ok') return Promise.resolve(write());
    return new Promise((resolve, reject) => {
      this.pending.push({ release: () => resolve(write()), fail: () => reject(new Error('disk full')) });
    });
  }

  record(event: { action: string; actor?: AuditActor; bedId?: string | null; details?: Record<string, unknown> }): void {
    this.append('system', event);
  }

  of(action: string): TrailEntry[] {
    return this.entries.filter((e) => e.action === action);
  }

  private append(kind: TrailEntry['kind'], event: { action: string; actor?: AuditActor; bedId?: string | null; details?: Record<string, unknown> }): { seq: number; utcMs: number } {
    const entry: TrailEntry = { seq: ++this.seq, kind, action: event.action, actor: event.actor, bedId: event.bedId ?? null, details: structuredClone(event.details ?? {}) };
    this.entries.push(entry);
    return { seq: entry.seq, utcMs: this.clock.wall() };
  }
}

export const BEDS: Bed[] = Array.from({ length: 6 }, (_, i) => ({ bedId: `bed-${i + 1}`, label: `Bed ${i + 1}`, patient: null }));

export interface CensusHarness {
  census: Census;
  alarms: AlarmEngine;
  trail: RecordingTrail;
  clock: FakeClock;
  store: CensusPersistence;
  /** Technical alarms the census raised and cleared, as a set of `code:bed`. */
  technical: Set<string>;
  charge: Operator;
  nurse: Operator;
}

export async function censusHarness(options: { store?: CensusPersistence; seed?: CensusOptions['seed']; load?: boolean } = {}): Promise<CensusHarness> {
  const clock = new FakeClock({ wall: Date.UTC(2026, 2, 10, 9, 0, 0) });
  const trail = new RecordingTrail(clock);
  const alarms = new AlarmEngine({ stationId: 'st', beds: BEDS.map((b) => b.bedId), audit: trail, clock, idPrefix: 'test' });
  const technical = new Set<string>();
  const store = options.store ?? new MemoryCensusStore();
  const census = new Census({
    stationId: 'st',
    beds: BEDS,
    audit: trail,
    clock,
    store,
    ...(options.seed ? { seed: options.seed } : {}),
    limits: {
      resetToCategory: async (bedId, category, actor, context) => void (await alarms.resetLimits(bedId, category, actor, context)),
      copyLimits: async (from, to, actor, context) => void (await alarms.copyLimits(from, to, actor, context)),
    },
    alarms: (code, bedId, present) => {
      const key = `${code}:${bedId ?? '*'}`;
      if (present) technical.add(key);
      else technical.delete(key);
    },
  });
  if (options.load !== false) await census.load();
  return { census, alarms, trail, clock, store, technical, charge: operator('charge-nurse'), nurse: operator('nurse') };
}

export function operator(role: Role, permission: 'census-edit' | 'census-view' | 'limit-change' = 'census-edit', userId = role === 'nurse' ? 'nina' : 'carla'): Operator {
  return mintOperator({ userId, role, sessionId: `s-${userId}`, permission });
}

export function manualPatient(overrides: Omit<Partial<ManualPatient>, 'mrn'> & { mrn?: string; category?: PatientCategory } = {}): ManualPatient {
  const { mrn, ...rest } = overrides;
  return {
    mrn: { id: mrn ?? 'MRN-100', type: 'MR', authority: 'HOSP' },
    family: 'Okafor',
    given: 'Ada',
    dob: '1961-04-02',
    sex: 'F',
    category: 'adult',
    ...rest,
  } as ManualPatient;
}

const bedAt = (bedId: string): AdtPlacement => ({ kind: 'bed', bedId });

/** An ADT event as the HL7 decoder would produce it. */
export function adt(
  action: AdtEvent['action'],
  where: string | AdtPlacement | null,
  overrides: Partial<Omit<AdtEvent, 'patient'>> & { patient?: Partial<AdtEvent['patient']>; mrn?: string } = {},
): AdtEvent {
  const { patient, mrn, ...rest } = overrides;
  return {
    action,
    trigger: { admit: 'A01', transfer: 'A02', discharge: 'A03', update: 'A08', register: 'A04', preadmit: 'A05', 'cancel-admit': 'A11', 'cancel-transfer': 'A12', 'cancel-discharge': 'A13' }[action],
    controlId: 'CTL-1',
    patient: { mrn: { id: mrn ?? 'F-700', type: 'MR', authority: 'HOSP' }, otherIds: [], family: 'Lindqvist', given: 'Bo', dob: '1950-01-20', sex: 'M', ...patient },
    visitNumber: 'V-1',
    location: where === null ? { kind: 'none' } : typeof where === 'string' ? bedAt(where) : where,
    locationText: typeof where === 'string' ? `ICU / ${where}` : null,
    prior: { kind: 'none' },
    admittedAt: null,
    ...rest,
  };
}

/** bedId → the hospital number of its patient (or null), for compact assertions. */
export function occupancy(census: Census): Record<string, string | null> {
  return Object.fromEntries(BEDS.map((b) => [b.bedId, census.occupant(b.bedId)?.patient.mrn.id ?? null]));
}
