import { isAuditAction, type AuditAction } from './audit-actions';
import { canonicalDetails, type AuditDetails } from './audit-details';
import type { PendingAuditEvent } from './audit-row';

export interface AuditActor {
  userId: string;
  role: string;
}

/** What callers hand to record()/recordClinical(). */
export interface AuditEventInput {
  action: AuditAction;
  /** Who did it; omitted or 'system' for the station's own actions. */
  actor?: AuditActor | 'system';
  bedId?: string | null;
  alarmId?: string | null;
  details?: AuditDetails;
}

export const SYSTEM_ACTOR = 'system';

/**
 * Ids are printable ASCII, 1-128 characters: that keeps the hashed form
 * unambiguous (see chain-format.ts) and identical whether built in JS or SQL.
 */
const ID = /^[\x20-\x7e]{1,128}$/;

export class AuditEventError extends Error {
  override name = 'AuditEventError';
}

export function isValidAuditId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

function optionalId(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (!isValidAuditId(value)) throw new AuditEventError(`${field} must be 1-128 printable ASCII characters`);
  return value;
}

/** Validates and snapshots an event at call time (later mutation by the caller cannot change it). */
export function normalizeAuditEvent(input: AuditEventInput, utcMs: number, monoMs: number): PendingAuditEvent {
  if (!isAuditAction(input.action)) throw new AuditEventError(`unknown audit action ${JSON.stringify(String(input.action)).slice(0, 80)}`);
  let userId = SYSTEM_ACTOR;
  let role = SYSTEM_ACTOR;
  if (input.actor !== undefined && input.actor !== SYSTEM_ACTOR) {
    if (!isValidAuditId(input.actor.userId) || input.actor.userId === SYSTEM_ACTOR) throw new AuditEventError('actor.userId is invalid or reserved');
    if (!isValidAuditId(input.actor.role)) throw new AuditEventError('actor.role must be 1-128 printable ASCII characters');
    userId = input.actor.userId;
    role = input.actor.role;
  }
  return {
    utcMs: Math.floor(utcMs),
    monoMs: Math.floor(monoMs),
    userId,
    role,
    action: input.action,
    bedId: optionalId(input.bedId, 'bedId'),
    alarmId: optionalId(input.alarmId, 'alarmId'),
    details: canonicalDetails(input.details),
  };
}
