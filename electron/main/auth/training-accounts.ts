import type { Role } from '../../../shared/domain/session';
import type { AlarmAuditSink } from '../alarms/alarm-audit';
import { hashSecret } from './password-hash';
import { StoredUserSchema, type StoredUser, type UserPersistence } from './stored-user';

/**
 * Accounts for the built-in simulated unit, so a trainer or a developer can
 * sign in and acknowledge without an IT set-up. They are created only when
 * the simulator is the feed and no user has ever been saved, and the
 * creation is audited; a station on a real feed never gets them (hospital IT
 * adds users with `npm run users`). The PINs are published in the README on
 * purpose: these accounts must never guard a real patient.
 */
export const TRAINING_ACCOUNTS: ReadonlyArray<{ userId: string; displayName: string; role: Role; badgeId: string; secret: string }> = [
  { userId: 'nurse', displayName: 'Training Nurse', role: 'nurse', badgeId: 'BADGE-NURSE', secret: '1234' },
  { userId: 'charge', displayName: 'Training Charge Nurse', role: 'charge-nurse', badgeId: 'BADGE-CHARGE', secret: '1234' },
  { userId: 'viewer', displayName: 'Training Viewer', role: 'viewer', badgeId: 'BADGE-VIEWER', secret: '1234' },
  { userId: 'admin', displayName: 'Training Admin', role: 'admin', badgeId: 'BADGE-ADMIN', secret: 'admin1234' },
];

/** Saves the training accounts if the store has no users; returns how many were created. */
export async function seedTrainingAccounts(persistence: UserPersistence, audit: AlarmAuditSink, options: { hashCost?: number; now?: number } = {}): Promise<number> {
  if ((await persistence.load()).length > 0) return 0;
  const createdAt = options.now ?? Date.now();
  const users: StoredUser[] = [];
  for (const account of TRAINING_ACCOUNTS) {
    users.push(
      StoredUserSchema.parse({
        userId: account.userId,
        displayName: account.displayName,
        role: account.role,
        badgeId: account.badgeId,
        disabled: false,
        secret: await hashSecret(account.secret, options.hashCost),
        createdAt,
      }),
    );
  }
  // Audit first, then save: an account nobody can trace never exists.
  await audit.recordClinical({
    action: 'config.changed',
    actor: 'system',
    details: { change: 'training-accounts.created', count: users.length, user_ids: users.map((u) => u.userId).join(',') },
  });
  await persistence.save(users);
  return users.length;
}
