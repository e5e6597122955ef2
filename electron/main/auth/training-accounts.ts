import type { StationConfig } from '../../../shared/config/station-config';
import type { Role } from '../../../shared/domain/session';
import type { AlarmAuditSink } from '../alarms/alarm-audit';
import { hashSecret, verifySecret } from './password-hash';
import { StoredUserSchema, type StoredUser, type UserPersistence } from './stored-user';

/**
 * Accounts for the built-in simulated unit, so a trainer or a developer can
 * sign in and acknowledge without an IT set-up. The PINs are published in the
 * README on purpose, which is exactly why they must never guard a real
 * patient:
 *
 * - they are created only while the simulator is the only feed and no user
 *   has ever been saved (audited);
 * - on any real feed (the hospital back end, or an HL7 listener taking real
 *   devices) every account that opens with a published credential is refused
 *   at sign-in (UserDirectory, `trainingAccounts: 'refused'`) AND removed
 *   from the user file at start (audited). Both, because the removal can
 *   fail (a read-only file) and the refusal must hold regardless.
 *
 * "Training account" means "opens with a published credential", not "has a
 * training user id": that also catches a file seeded by an older version, and
 * an account someone recreated by hand with the README's PIN.
 */
export const TRAINING_ACCOUNTS: ReadonlyArray<{ userId: string; displayName: string; role: Role; badgeId: string; secret: string }> = [
  { userId: 'nurse', displayName: 'Training Nurse', role: 'nurse', badgeId: 'BADGE-NURSE', secret: '1234' },
  { userId: 'charge', displayName: 'Training Charge Nurse', role: 'charge-nurse', badgeId: 'BADGE-CHARGE', secret: '1234' },
  { userId: 'viewer', displayName: 'Training Viewer', role: 'viewer', badgeId: 'BADGE-VIEWER', secret: '1234' },
  { userId: 'admin', displayName: 'Training Admin', role: 'admin', badgeId: 'BADGE-ADMIN', secret: 'admin1234' },
];

export type TrainingAccountPolicy = 'allowed' | 'refused';

/**
 * Training accounts are allowed only where no real patient's data can
 * arrive: the simulator feed and no HL7 listener (a listener takes real
 * monitors' alarms even on a simulated unit's beds) and no ADT feed (it puts
 * real patients' names, hospital numbers and dates of birth on the beds,
 * which a published credential could read, admit or discharge).
 */
export function trainingAccountPolicy(config: Pick<StationConfig, 'feed' | 'hl7' | 'adt'>): TrainingAccountPolicy {
  return config.feed.kind === 'simulator' && config.hl7 === undefined && config.adt === undefined ? 'allowed' : 'refused';
}

/** Why a configuration refuses training accounts, for the audit entry of their removal. */
export function realFeedReason(config: Pick<StationConfig, 'feed' | 'hl7'>): string {
  if (config.feed.kind === 'gateway') return 'real feed: hospital back end';
  return config.hl7 !== undefined ? 'real feed: HL7 listener' : 'real feed: ADT listener';
}

/** The identifier and secret typed at sign-in are one of the published training credentials. */
export function isPublishedCredential(identifier: string, secret: string): boolean {
  const id = identifier.trim();
  return TRAINING_ACCOUNTS.some((a) => (a.userId === id.toLowerCase() || a.badgeId === id) && a.secret === secret);
}

/** Someone who knows the README could sign in as this stored user. */
export async function opensWithPublishedCredential(user: Pick<StoredUser, 'userId' | 'badgeId' | 'secret'>): Promise<boolean> {
  for (const account of TRAINING_ACCOUNTS) {
    if (user.userId !== account.userId && (user.badgeId === null || user.badgeId !== account.badgeId)) continue;
    if (await verifySecret(account.secret, user.secret)) return true;
  }
  return false;
}

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

/**
 * Removes every account that opens with a published credential; returns the
 * user ids removed. The removal is audited durably before the file is
 * rewritten (an account that vanishes without a trace is as bad as one that
 * stays); if the audit write fails nothing is removed and this rejects, and
 * the sign-in refusal still keeps the accounts out.
 */
export async function removeTrainingAccounts(persistence: UserPersistence, audit: AlarmAuditSink, reason: string): Promise<string[]> {
  const users = await persistence.load();
  const doomed = new Set<StoredUser>();
  for (const user of users) if (await opensWithPublishedCredential(user)) doomed.add(user);
  if (doomed.size === 0) return [];
  const userIds = [...doomed].map((u) => u.userId);
  const details = { change: 'training-accounts.removed', count: userIds.length, user_ids: userIds.join(','), reason };
  await audit.recordClinical({ action: 'config.changed', actor: 'system', details });
  try {
    await persistence.save(users.filter((u) => !doomed.has(u)));
  } catch (error) {
    // The trail already says they are gone: say that they are not.
    try {
      audit.record({ action: 'config.changed', actor: 'system', details: { ...details, outcome: 'save-failed' } });
    } catch {
      // The save error below is what the caller logs.
    }
    throw error;
  }
  return userIds;
}
