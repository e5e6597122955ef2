import type { Permission, Role } from '../../../../shared/domain/session';
import type { Numeric, NumericKind } from '../../../../shared/domain/numeric';
import type { AlarmAuditSink, AuditEventInput } from '../../../../electron/main/alarms/alarm-audit';
import { AlarmEngine, type AlarmEngineOptions } from '../../../../electron/main/alarms/alarm-engine';
import { mintOperator, type Operator } from '../../../../electron/main/auth/operator';

/** An audit sink whose clinical writes succeed, fail, or wait for the test to settle them. */
export class FakeAuditSink implements AlarmAuditSink {
  mode: 'ok' | 'fail' | 'deferred' = 'ok';
  recordThrows = false;
  /** Clinical entries that became durable, and system entries, in order. */
  readonly durable: AuditEventInput[] = [];
  readonly recorded: AuditEventInput[] = [];
  readonly pending: Array<{ event: AuditEventInput; resolve(): void; reject(error: Error): void }> = [];

  recordClinical(event: AuditEventInput): Promise<unknown> {
    const copy = structuredClone(event);
    if (this.mode === 'fail') return Promise.reject(new Error('disk full'));
    if (this.mode === 'ok') {
      this.durable.push(copy);
      return Promise.resolve({ seq: this.durable.length });
    }
    return new Promise((resolve, reject) => {
      this.pending.push({
        event: copy,
        resolve: () => {
          this.durable.push(copy);
          resolve({ seq: this.durable.length });
        },
        reject,
      });
    });
  }

  record(event: AuditEventInput): void {
    if (this.recordThrows) throw new Error('audit store closed');
    this.recorded.push(structuredClone(event));
  }

  actions(): string[] {
    return [...this.durable, ...this.recorded].map((e) => e.action);
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
  /** The fake clock the engine reads for operator actions; tests move it with tick(). */
  time: { now: number };
  tick(ms: number): void;
  numerics(bedId: string, values: Partial<Record<NumericKind, number | null>>): void;
}

export const T0 = 1_700_000_000_000;

export function harness(options: Partial<AlarmEngineOptions> = {}): Harness {
  const audit = new FakeAuditSink();
  const time = { now: T0 };
  const engine = new AlarmEngine({ stationId: 'st1', beds: ['bed-1', 'bed-2', 'bed-3'], audit, clock: () => time.now, idPrefix: 'test', ...options });
  return {
    engine,
    audit,
    time,
    tick(ms) {
      time.now += ms;
      engine.tick(time.now);
    },
    numerics(bedId, values) {
      const list: Numeric[] = Object.entries(values).map(([kind, value]) => ({ kind: kind as NumericKind, value: value ?? null, measuredAt: time.now }));
      engine.observeNumerics(bedId, list, time.now);
    },
  };
}

/** Lets promise continuations (e.g. an acknowledgement after its durable write) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

export function byCode(engine: AlarmEngine, code: string) {
  return engine.list().filter((a) => a.code === code);
}
