import type { Permission, Role } from '../../../shared/domain/session';

declare const authorized: unique symbol;

/**
 * The person behind a clinical action, as the alarm engine receives it.
 * The brand means a plain object literal cannot pass for an Operator: one has
 * to come from mintOperator(), which only SessionManager.authorize() calls
 * (test/electron/main/auth/operator-minting.test.ts checks that), so no
 * engine action can be reached without a session check.
 */
export type Operator = Readonly<{
  userId: string;
  role: Role;
  sessionId: string;
  /** What authorize() checked; the engine re-checks it against the action. */
  permission: Permission;
}> & { readonly [authorized]: true };

/** Only for SessionManager.authorize() (and tests that stand in for it). */
export function mintOperator(fields: { userId: string; role: Role; sessionId: string; permission: Permission }): Operator {
  return Object.freeze({ ...fields }) as Operator;
}
