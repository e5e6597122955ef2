import type { Permission, Role } from '../../../../shared/domain/session';
import type { Numeric, NumericKind } from '../../../../shared/domain/numeric';
import type { BedFeedState } from '../../../../shared/domain/bed-status';
import type { AlarmCondition } from '../../../../shared/domain/alarm-condition';
import type { AlarmsDelta } from '../../../../shared/domain/station-event';
import type { AlarmAuditSink, AuditEventInput } from '../../../../electron/main/alarms/alarm-audit';
import { AlarmEngine, type AlarmEngineOptions, type EscalationEvent } from '../../../../electron/main/alarms/alarm-engine';
import { AlarmActionRefused, type AlarmRefusalReason } from '../../../../electron/main/alarms/alarm-action-refused';
import { mintOperator, type Operator } from '../../../../electron/main/auth/operator';
import { FakeClock } from '../../../support/fake-clock';

/** One audit entry as it reached the trail: in trail order, stamped with the fake wall-clock time it arrived. */
export interface LoggedAuditEntry {
  kind: 'clinical' | 'system';
  event: AuditEventInput;
  at: number;
}

interface PendingWrite {
  event: AuditEventInput;
  resolve(): void;
  reject(error: Error): void;
}

/** An audit sink whose clinical writes succeed, fail, or wait for the test to settle them. */
export class FakeAuditSink implements AlarmAuditSink {
  mode: 'ok' | 'fail' | 'deferred' = 'ok';
  recordThrows = false;
  /** Clinical entries that became durable, and system entries, in order. */
  readonly durable: AuditEventInput[] = [];
  readonly recorded: AuditEventInput[] = [];
  /** Both kinds interleaved in the order they reached the trail. */
  readonly log: LoggedAuditEntry[] = [];
  /** Deferred clinical writes not yet settled (settling removes them). */
  readonly pending: PendingWrite[] = [];

  constructor(private readonly clock: () => number = () => 0) {}

  recordClinical(event: AuditEventInput): Promise<unknown> {
    const copy = structuredClone(event);
    if (this.mode === 'fail') return Promise.reject(new Error('disk full'));
    if (this.mode === 'ok') {
      this.keepDurable(copy);
      return Promise.resolve({ seq: this.durable.length });
    }
    return new Promise((resolve, reject) => {
      const write: PendingWrite = {
        event: copy,
        resolve: () => {
          this.drop(write);
          this.keepDurable(copy);
          resolve({ seq: this.durable.length });
        },
        reject: (error) => {
          this.drop(write);
          reject(error);
        },
      };
      this.pending.push(write);
    });
  }

  record(event: AuditEventInput): void {
    if (this.recordThrows) throw new Error('audit store closed');
    const copy = structuredClone(event);
    this.recorded.push(copy);
    this.log.push({ kind: 'system', event: copy, at: this.clock() });
  }

  actions(): string[] {
    return [...this.durable, ...this.recorded].map((e) => e.action);
  }

  /** Entries (durable or system) with this action, in trail order. */
  entries(action: string): AuditEventInput[] {
    return this.log.filter((e) => e.event.action === action).map((e) => e.event);
  }

  /** Settles the oldest pending clinical write. */
  resolveNext(): void {
    const next = this.pending[0];
    if (!next) throw new Error('no pending audit write');
    next.resolve();
  }

  rejectNext(error = new Error('disk full')): void {
    const next = this.pending[0];
    if (!next) throw new Error('no pending audit write');
    next.reject(error);
  }

  private keepDurable(copy: AuditEventInput): void {
    this.durable.push(copy);
    this.log.push({ kind: 'clinical', event: copy, at: this.clock() });
  }

  private drop(write: PendingWrite): void {
    const i = this.pending.indexOf(write);
    if (i >= 0) this.pending.splice(i, 1);
  }
}

export function operator(role: Role, permission: Permission, userId = `${role}-1`): Operator {
  return mintOperator({ userId, role, sessionId: `session-${userId}`, permission });
}

export const nurseAck = () => operator('nurse', 'acknowledge', 'nina');
export const nursePause = () => operator('nurse', 'audio-pause', 'nina');
export const chargeReset = () => operator('charge-nurse', 'alarm-reset', 'carl');
export const chargeLimits = () => operator('charge-nurse', 'limit-change', 'carl');

export interface Harness {
  engine: AlarmEngine;
  audit: FakeAuditSink;
  /** The engine's clock: `advance` is time passing, `stepWall` someone setting the system clock. */
  clock: FakeClock;
  /** The wall clock now (what the engine stamps onsets and acknowledgements with). */
  time: { readonly now: number };
  /** Every escalation event the engine emitted, in order. */
  escalations: EscalationEvent[];
  /** Every delta the engine published, in order. */
  updates: AlarmsDelta[];
  /** Lets `ms` pass and ticks the engine once at the new time. */
  tick(ms: number): void;
  /** Lets time pass until `total` ms (monotonic) after the start, in `step` ms ticks (default 100 ms). */
  runUntil(total: number, step?: number): void;
  /** Monotonic ms since the harness started: elapsed time, whatever the wall clock did. */
  elapsed(): number;
  numerics(bedId: string, values: Partial<Record<NumericKind, number | null>>): void;
  bedStatus(bedId: string, feed: BedFeedState, ecgLeadOff?: boolean): void;
}

/** The wall clock when a harness starts. Its monotonic clock starts elsewhere, so a test mixing them up fails. */
export const T0 = 1_700_000_000_000;
const MONO0 = 5_000;

export function harness(options: Partial<AlarmEngineOptions> = {}): Harness {
  const clock = new FakeClock({ monotonic: MONO0, wall: T0 });
  const time = {
    get now() {
      return clock.wall();
    },
  };
  const audit = new FakeAuditSink(() => clock.wall());
  const engine = new AlarmEngine({ stationId: 'st1', beds: ['bed-1', 'bed-2', 'bed-3'], audit, clock, idPrefix: 'test', ...options });
  const escalations: EscalationEvent[] = [];
  const updates: AlarmsDelta[] = [];
  engine.onEscalation((e) => escalations.push(e));
  engine.onChange((u) => updates.push(u));
  const h: Harness = {
    engine,
    audit,
    clock,
    time,
    escalations,
    updates,
    tick(ms) {
      clock.advance(ms);
      engine.tick();
    },
    runUntil(total, step = 100) {
      while (h.elapsed() < total) h.tick(Math.min(step, total - h.elapsed()));
    },
    elapsed: () => clock.monotonic() - MONO0,
    numerics(bedId, values) {
      const list: Numeric[] = Object.entries(values).map(([kind, value]) => ({ kind: kind as NumericKind, value: value ?? null, measuredAt: clock.wall() }));
      engine.observeNumerics(bedId, list);
    },
    bedStatus(bedId, feed, ecgLeadOff = false) {
      engine.observeBedStatus({ bedId, feed, ecgLeadOff, lastDataAt: feed === 'unknown' ? null : clock.wall() });
    },
  };
  return h;
}

/** Lets promise continuations (e.g. an acknowledgement after its durable write) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

export function byCode(engine: AlarmEngine, code: string): AlarmCondition[] {
  return engine.list().filter((a) => a.code === code);
}

/** The one alarm with this code; fails the test if there is not exactly one. */
export function only(engine: AlarmEngine, code: string): AlarmCondition {
  const found = byCode(engine, code);
  if (found.length !== 1) throw new Error(`expected exactly one ${code} alarm, found ${found.length}: ${JSON.stringify(engine.list().map((a) => a.code))}`);
  return found[0]!;
}

/** The codes of all listed alarms, in creation order. */
export function codes(engine: AlarmEngine): string[] {
  return engine.list().map((a) => a.code);
}

/** How many alarms with this code were ever raised (from the audit trail). */
export function onsets(audit: FakeAuditSink, code: string): number {
  return audit.entries('alarm.onset').filter((e) => e.details?.code === code).length;
}

/** Awaits an engine action that must be refused, and returns why. */
export async function refusal(action: Promise<unknown>): Promise<AlarmRefusalReason> {
  try {
    await action;
  } catch (error) {
    if (error instanceof AlarmActionRefused) return error.reason;
    throw error;
  }
  throw new Error('expected the action to be refused, but it was done');
}

/** Synchronous variant of refusal(). */
export function refusalOf(action: () => unknown): AlarmRefusalReason {
  try {
    action();
  } catch (error) {
    if (error instanceof AlarmActionRefused) return error.reason;
    throw error;
  }
  throw new Error('expected the action to be refused, but it was done');
}

/**
 * Raises one HIGH alarm at once: a lethal-arrhythmia device alarm (no
 * condition delay), returning its id.
 */
export function raiseHigh(h: Harness, bedId = 'bed-1', deviceAlarmId = `vf-${bedId}`): string {
  h.engine.deviceAlarm({ bedId, code: 'VF', message: 'VF', priority: 'HIGH', source: 'device', phase: 'start', deviceAlarmId });
  return h.engine.list().find((a) => a.code === 'VF' && a.bedId === bedId && a.state !== 'resolved')!.alarmId;
}

/** Raises a device alarm with the given priority at once, returning its id. */
export function raiseDevice(h: Harness, priority: 'HIGH' | 'MEDIUM' | 'LOW', code: string, bedId = 'bed-1', latching?: boolean): string {
  const deviceAlarmId = `${code}-${bedId}`;
  h.engine.deviceAlarm({ bedId, code, message: code, priority, source: 'device', phase: 'start', deviceAlarmId, ...(latching === undefined ? {} : { latching }) });
  const alarm = h.engine.list().find((a) => a.code === code && a.bedId === bedId && a.state !== 'resolved');
  if (!alarm) throw new Error(`device alarm ${code} was not raised`);
  return alarm.alarmId;
}
