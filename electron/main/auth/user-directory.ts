import type { Role } from '../../../shared/domain/session';
import { validate } from '../../../shared/validation';
import type { AlarmAuditSink } from '../alarms/alarm-audit';
import type { Operator } from './operator';
import { DEFAULT_SCRYPT_COST, hashSecret, verifySecret, type SecretHash } from './password-hash';
import { hasPermission } from './permissions';
import { BadgeIdSchema, StoredUserSchema, UserIdSchema, type StoredUser, type UserPersistence } from './stored-user';
import { isPublishedCredential, type TrainingAccountPolicy } from './training-accounts';

/** What the rest of the station may know about a user: never the hash. */
export interface UserInfo {
  userId: string;
  displayName: string;
  role: Role;
  badgeId: string | null;
  disabled: boolean;
}

export interface NewUser {
  userId: string;
  displayName: string;
  role: Role;
  badgeId?: string | null;
  /** PIN or password, 4-128 characters. */
  secret: string;
}

export type Authentication =
  | { ok: true; user: UserInfo; via: 'user-id' | 'badge' }
  | { ok: false; reason: 'unknown-user' | 'bad-secret' | 'disabled' | 'training-account'; userId: string | null };

export class UserAdminError extends Error {
  override name = 'UserAdminError';
}

export interface UserDirectoryOptions {
  /** User administration is audited as config.changed, durably before it is done. */
  audit: AlarmAuditSink;
  /** scrypt N for new hashes (tests use the minimum, 2^14). */
  hashCost?: number;
  clock?: () => number;
  /**
   * Whether the published training credentials may sign in (see
   * training-accounts.ts). Default 'refused': only the simulated unit, with no
   * real device attached, allows them.
   */
  trainingAccounts?: TrainingAccountPolicy;
}

const MIN_SECRET_LENGTH = 4;
const MAX_SECRET_LENGTH = 128;

/**
 * The users an admin has set up. Changes are saved (durably) before they
 * are visible; lookups accept a user id (case-insensitive) or a badge id.
 */
export class UserDirectory {
  private users: StoredUser[];
  /** Checked against for unknown identifiers, so they cost the same time as known ones. */
  private decoy: Promise<SecretHash> | null = null;
  private readonly hashCost: number;
  private readonly clock: () => number;
  private readonly trainingAccounts: TrainingAccountPolicy;
  /** Changes run one at a time: each is checked against, and saved on top of, the previous one. */
  private changes: Promise<unknown> = Promise.resolve();

  static async open(persistence: UserPersistence, options: UserDirectoryOptions): Promise<UserDirectory> {
    return new UserDirectory(persistence, await persistence.load(), options);
  }

  private constructor(
    private readonly persistence: UserPersistence,
    users: StoredUser[],
    private readonly options: UserDirectoryOptions,
  ) {
    this.users = users;
    this.hashCost = options.hashCost ?? DEFAULT_SCRYPT_COST;
    this.clock = options.clock ?? Date.now;
    this.trainingAccounts = options.trainingAccounts ?? 'refused';
  }

  list(): UserInfo[] {
    return this.users.map(info);
  }

  /** By user id (case-insensitive) or badge id. */
  find(identifier: string): { user: UserInfo; via: 'user-id' | 'badge' } | null {
    const id = identifier.trim();
    const byName = this.users.find((u) => u.userId === id.toLowerCase());
    if (byName) return { user: info(byName), via: 'user-id' };
    const byBadge = this.users.find((u) => u.badgeId !== null && u.badgeId === id);
    return byBadge ? { user: info(byBadge), via: 'badge' } : null;
  }

  /**
   * Checks a secret. Every path runs exactly one scrypt verification (against
   * a decoy hash when the identifier is unknown), so the answer's timing does
   * not reveal whether the user exists.
   */
  async authenticate(identifier: string, secret: string): Promise<Authentication> {
    const found = this.find(identifier);
    const stored = found ? this.users.find((u) => u.userId === found.user.userId) : undefined;
    if (!found || !stored) {
      await verifySecret(secret, await this.decoyHash());
      return { ok: false, reason: 'unknown-user', userId: null };
    }
    const matches = await verifySecret(secret, stored.secret);
    if (!matches) return { ok: false, reason: 'bad-secret', userId: stored.userId };
    if (stored.disabled) return { ok: false, reason: 'disabled', userId: stored.userId };
    // A credential printed in the README never guards a real patient, whoever's account it opens.
    if (this.trainingAccounts === 'refused' && isPublishedCredential(identifier, secret)) return { ok: false, reason: 'training-account', userId: stored.userId };
    return { ok: true, user: info(stored), via: found.via };
  }

  /**
   * Adds a user. `by` is an admin's Operator (permission manage-users) or,
   * only while the directory is empty, 'initial-setup' for the first admin.
   */
  addUser(input: NewUser, by: Operator | 'initial-setup'): Promise<UserInfo> {
    return this.oneChangeAtATime(() => this.add(input, by));
  }

  private async add(input: NewUser, by: Operator | 'initial-setup'): Promise<UserInfo> {
    if (by === 'initial-setup') {
      if (this.users.length > 0) throw new UserAdminError('initial setup is only possible while there are no users');
      if (input.role !== 'admin') throw new UserAdminError('the first user must be an admin');
    } else {
      this.requireAdmin(by);
    }
    const userId = validate(UserIdSchema, input.userId.trim().toLowerCase());
    if (!userId.ok) throw new UserAdminError(userId.reason);
    const badgeId = input.badgeId ?? null;
    if (badgeId !== null && !validate(BadgeIdSchema, badgeId).ok) throw new UserAdminError('badge id must be 4-64 letters, digits, : _ or -');
    if (input.secret.length < MIN_SECRET_LENGTH || input.secret.length > MAX_SECRET_LENGTH) {
      throw new UserAdminError(`PIN or password must be ${MIN_SECRET_LENGTH}-${MAX_SECRET_LENGTH} characters`);
    }
    if (this.trainingAccounts === 'refused' && [userId.value, ...(badgeId !== null ? [badgeId] : [])].some((id) => isPublishedCredential(id, input.secret))) {
      throw new UserAdminError('that user id or badge with that PIN is a published training credential: choose another PIN');
    }
    // One identifier, one person: a badge id may not also be somebody's user id. find() matches
    // user ids in any case, so a user id collides with a badge equal to it ignoring case.
    const idTaken = (id: string) => this.users.some((u) => u.userId === id || u.badgeId?.toLowerCase() === id);
    const badgeTaken = (badge: string) => this.users.some((u) => u.userId === badge.toLowerCase() || u.badgeId === badge);
    if (idTaken(userId.value)) throw new UserAdminError(`user id ${userId.value} is already in use`);
    if (badgeId !== null && (badgeTaken(badgeId) || badgeId.toLowerCase() === userId.value)) throw new UserAdminError('badge id is already in use');

    const user = StoredUserSchema.parse({
      userId: userId.value,
      displayName: input.displayName,
      role: input.role,
      badgeId,
      disabled: false,
      secret: await hashSecret(input.secret, this.hashCost),
      createdAt: this.clock(),
    });
    await this.commit([...this.users, user], {
      actor: by === 'initial-setup' ? 'system' : { userId: by.userId, role: by.role },
      details: { change: 'user.added', user_id: user.userId, role: user.role, badge: badgeId !== null, initial_setup: by === 'initial-setup' },
    });
    return info(user);
  }

  /** Disabled users cannot sign in, and their open sessions stop authorising actions. */
  disableUser(userId: string, by: Operator): Promise<void> {
    return this.oneChangeAtATime(() => this.disable(userId, by));
  }

  private async disable(userId: string, by: Operator): Promise<void> {
    this.requireAdmin(by);
    const target = this.users.find((u) => u.userId === userId);
    if (!target) throw new UserAdminError(`no user ${userId}`);
    if (target.disabled) return;
    await this.commit(
      this.users.map((u) => (u === target ? { ...u, disabled: true } : u)),
      { actor: { userId: by.userId, role: by.role }, details: { change: 'user.disabled', user_id: userId } },
    );
  }

  isActive(userId: string): boolean {
    return this.users.some((u) => u.userId === userId && !u.disabled);
  }

  private requireAdmin(by: Operator): void {
    if (by.permission !== 'manage-users' || !hasPermission(by.role, 'manage-users')) throw new UserAdminError(`${by.role} may not manage users`);
  }

  /** Audit, then save, then show: a change nobody can trace, or one lost on restart, never takes effect. */
  private async commit(next: StoredUser[], audit: { actor: { userId: string; role: string } | 'system'; details: Record<string, string | boolean> }): Promise<void> {
    await this.options.audit.recordClinical({ action: 'config.changed', actor: audit.actor, details: audit.details });
    try {
      await this.persistence.save(next);
    } catch (error) {
      // The trail already says it was done: say that it was not.
      try {
        this.options.audit.record({ action: 'config.changed', actor: audit.actor, details: { ...audit.details, outcome: 'save-failed' } });
      } catch {
        // The save error below is what the admin needs to see.
      }
      throw error;
    }
    this.users = next;
  }

  private oneChangeAtATime<T>(change: () => Promise<T>): Promise<T> {
    const run = this.changes.then(change, change);
    this.changes = run.catch(() => undefined);
    return run;
  }

  private decoyHash(): Promise<SecretHash> {
    this.decoy ??= hashSecret('decoy-secret-never-valid', this.hashCost);
    return this.decoy;
  }
}

function info(user: StoredUser): UserInfo {
  return { userId: user.userId, displayName: user.displayName, role: user.role, badgeId: user.badgeId, disabled: user.disabled };
}
