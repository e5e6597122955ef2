import type { Bed } from '../../../../shared/domain/bed';
import type { ManualPatient, PatientCategory } from '../../../../shared/domain/patient';
import type { Role } from '../../../../shared/domain/session';
import { AlarmEngine } from '../../../../electron/main/alarms/alarm-engine';
import type { AuditActor } from '../../../../electron/main/alarms/alarm-audit';
import { mintOperator, type Operator } from '../../../../electron/main/auth/operator';
import type { AdtEvent, AdtPlacement } from '../../../../electron/main/census/adt-event';
import { Census, type CensusOptions } from '../../../../electron/main/census/census';
import { MemoryCensusStore, type CensusPersistence } from '../../../../electron/main/census/census-store';
import type { AuditAction } from '../../../../shared/audit/audit-actions';
import type { AuditRow } from '../../../../electron/main/audit/audit-row';
import type { ClinicalRecord } from '../../../../electron/main/audit/durability-receipt';
import type { AuditPage, AuditQuery } from '../../../../electron/main/audit/writer/audit-query';
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
 * writes that succeed, fail, or wait for the test. In `journal` mode the
 * store is down: everything goes to a fallback journal (lines, no seq) until
 * importJournal() brings it into the trail, stamped with its journal line
 * as the real import does.
 */
export class RecordingTrail {
  readonly entries: TrailEntry[] = [];
  mode: 'ok' | 'fail' | 'deferred' | 'journal' = 'ok';
  /** Fail only writes of these actions (mode 'ok'). */
  failActions = new Set<string>();
  readonly pending: Array<{ release(): void; fail(): void }> = [];
  readonly journal: Array<Omit<TrailEntry, 'seq'> & { line: number }> = [];
  readonly journalId = 'journal-0001';
  private seq = 0;

  constructor(private readonly clock: FakeClock) {}

  recordClinical(event: { action: string; actor?: AuditActor; bedId?: string | null; details?: Record<string, unknown> }): Promise<ClinicalRecord> {
    const write = (): ClinicalRecord => ({ recordedIn: 'audit-trail', row: this.append('clinical', event) });
    if (this.mode === 'fail' || this.failActions.has(event.action)) return Promise.reject(new Error('disk full'));
    if (this.mode === 'journal') return Promise.resolve({ recordedIn: 'fallback-journal', journal: { journalId: this.journalId, file: 'segment-1', n: this.toJournal('clinical', event) } });
    if (this.mode === 'ok') return Promise.resolve(write());
    return new Promise((resolve, reject) => {
      this.pending.push({ release: () => resolve(write()), fail: () => reject(new Error('disk full')) });
    });
  }

  record(event: { action: string; actor?: AuditActor; bedId?: string | null; details?: Record<string, unknown> }): void {
    if (this.mode === 'journal') this.toJournal('system', event);
    else this.append('system', event);
  }

  /** The store writes again: the journal goes into the trail first, in order, each row naming its journal line. */
  importJournal(): void {
    for (const { line, ...entry } of this.journal.splice(0)) {
      this.entries.push({ ...entry, seq: ++this.seq, details: { ...entry.details, journal_id: this.journalId, journal_line: line } });
    }
    this.mode = 'ok';
  }

  chainStatus(): { verifiedUpToSeq: number; headSeq: number } {
    return { verifiedUpToSeq: 0, headSeq: this.seq };
  }

  /** The store's keyset query, over what is in the trail (not the journal). */
  async query(q: AuditQuery): Promise<AuditPage> {
    if (this.mode === 'journal') throw new Error('the audit store is unavailable');
    const newestFirst = (q.order ?? 'newest-first') === 'newest-first';
    const matching = this.entries
      .filter((e) => (q.bedId === undefined || e.bedId === q.bedId) && (q.actions === undefined || q.actions.includes(e.action as AuditAction)) && (q.action === undefined || e.action === q.action))
      .filter((e) => q.afterSeq === undefined || (newestFirst ? e.seq < q.afterSeq : e.seq > q.afterSeq))
      .sort((a, b) => (newestFirst ? b.seq - a.seq : a.seq - b.seq));
    const rows = matching.slice(0, q.limit).map((e) => this.rowOf(e));
    return { rows, nextAfterSeq: matching.length > q.limit ? rows[rows.length - 1]!.seq : null };
  }

  of(action: string): TrailEntry[] {
    return this.entries.filter((e) => e.action === action);
  }

  private toJournal(kind: TrailEntry['kind'], event: { action: string; actor?: AuditActor; bedId?: string | null; details?: Record<string, unknown> }): number {
    const line = this.journal.length + 2; // line 1 is the segment's header
    this.journal.push({ line, kind, action: event.action, actor: event.actor, bedId: event.bedId ?? null, details: structuredClone(event.details ?? {}) });
    return line;
  }

  private append(kind: TrailEntry['kind'], event: { action: string; actor?: AuditActor; bedId?: string | null; details?: Record<string, unknown> }): AuditRow {
    const entry: TrailEntry = { seq: ++this.seq, kind, action: event.action, actor: event.actor, bedId: event.bedId ?? null, details: structuredClone(event.details ?? {}) };
    this.entries.push(entry);
    return this.rowOf(entry);
  }

  private rowOf(entry: TrailEntry): AuditRow {
    const actor = typeof entry.actor === 'object' ? entry.actor : { userId: 'system', role: 'system' };
    return {
      seq: entry.seq,
      utcMs: this.clock.wall(),
      monoMs: 0,
      stationId: 'st',
      userId: actor.userId,
      role: actor.role,
      action: entry.action as AuditAction,
      bedId: entry.bedId,
      alarmId: null,
      details: JSON.stringify(entry.details),
      prevHash: '',
      hash: '',
    };
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

/** `trail` (with its clock): the same trail as an earlier harness, i.e. the station started again on it. */
export async function censusHarness(
  options: { store?: CensusPersistence; seed?: CensusOptions['seed']; load?: boolean; trail?: { trail: RecordingTrail; clock: FakeClock } } = {},
): Promise<CensusHarness> {
  const clock = options.trail?.clock ?? new FakeClock({ wall: Date.UTC(2026, 2, 10, 9, 0, 0) });
  const trail = options.trail?.trail ?? new RecordingTrail(clock);
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
