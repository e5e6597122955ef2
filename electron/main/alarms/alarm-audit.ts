import type { AuditAction } from '../../../shared/audit/audit-actions';

/**
 * What the alarm engine and the session manager write to the audit trail.
 * The audit store (electron/main/audit/) implements this; tests use fakes.
 *
 * - recordClinical(): an operator's clinical action (acknowledge, audio
 *   pause, reset, limit or profile change, sign-in/out). Resolves only once
 *   the entry is durable; the caller changes state and reports success only
 *   after that, and treats a rejection as "not done".
 * - record(): the station's own events (onset, escalation, resolution,
 *   automatic audio resume, failed sign-ins). Fire-and-forget: an alarm must
 *   never wait for a disk. May throw on invalid input or a closed store.
 *
 * No patient data in details: bed ids, codes, values and limits only.
 */
export const ALARM_AUDIT_ACTIONS = [
  'alarm.onset',
  'alarm.acknowledged',
  'alarm.escalated',
  'alarm.resolved',
  'alarm.reset',
  'audio.paused',
  'audio.resumed',
  'limits.changed',
  'profile.changed',
  'limits.reset',
  'user.sign-in',
  'user.sign-out',
  'user.sign-in-failed',
  'user.sign-in-alert',
  // User administration (add/disable a user) is written as a configuration change.
  'config.changed',
  // A subset of the audit trail's vocabulary: a name the store would refuse is a compile error here.
] as const satisfies readonly AuditAction[];
export type AlarmAuditAction = (typeof ALARM_AUDIT_ACTIONS)[number];

export type AuditActor = { userId: string; role: string } | 'system';

export interface AuditEventInput {
  action: AlarmAuditAction;
  actor: AuditActor;
  bedId?: string | null;
  alarmId?: string | null;
  details?: Record<string, string | number | boolean | null>;
}

export interface AlarmAuditSink {
  recordClinical(event: AuditEventInput): Promise<unknown>;
  record(event: AuditEventInput): void;
}
