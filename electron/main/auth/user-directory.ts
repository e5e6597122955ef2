import { secretRuleViolation } from '../../../shared/domain/pin-rules';
import { ROLES, type Role } from '../../../shared/domain/session';
import { validate } from '../../../shared/validation';
import type { AlarmAuditSink } from '../alarms/alarm-audit';
import type { Operator } from './operator';
import { DEFAULT_SCRYPT_COST, hashSecret, verifySecret, type SecretHash } from './password-hash';
import { hasPermission } from './permissions';
import { BadgeIdSchema, StoredUserSchema, UserIdSchema, type StoredUser, type UserPersistence } from './stored-user';
import { isPublishedCredential, opensWithPublishedCredential, type TrainingAccountPolicy } from './training-accounts';

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
  /** PIN or password, by the rules in shared/domain/pin-rules.ts. */
  secret: string;
}

const PUBLISHED_CREDENTIAL = 'that user id or badge with that PIN is a published training credential: choose another PIN';

/** Roles a person can be moved between; IT (admin) and clinical accounts are never the same account. */
const CLINICAL_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'admin');

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
  /** Wall clock (default Date.now) for the creation stamps people read; nothing is measured with it. */
  clock?: () => number;
  /**
   * Whether the published training credentials may sign in (see
   * training-accounts.ts). Default 'refused': only the simulated unit, with no
   * real device attached, allows them.
   */
  trainingAccounts?: TrainingAccountPolicy;
}

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
    if (this.idTaken(userId.value)) throw new UserAdminError(`user id ${userId.value} is already in use`);
    this.checkBadge(badgeId, userId.value);
    this.checkSecret(input.secret, { role: input.role, userId: userId.value, badgeId });

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
    const target = this.target(userId, by);
    if (target.disabled) return;
    if (target.userId === by.userId) throw new UserAdminError('you cannot disable your own account; another admin can');
    if (target.role === 'admin' && !this.users.some((u) => u !== target && u.role === 'admin' && !u.disabled)) {
      throw new UserAdminError('the last active admin cannot be disabled: nobody could manage users any more');
    }
    await this.change(target, { disabled: true }, by, { change: 'user.disabled', user_id: userId });
  }

  /** A disabled user may sign in again (with the PIN they had). */
  enableUser(userId: string, by: Operator): Promise<void> {
    return this.oneChangeAtATime(async () => {
      const target = this.target(userId, by);
      if (!target.disabled) return;
      await this.change(target, { disabled: false }, by, { change: 'user.enabled', user_id: userId });
    });
  }

  /**
   * Moves a user between the clinical roles (viewer, nurse, charge nurse).
   * Nobody changes their own role, and an account never crosses between IT
   * and clinical work: that is a second account (see permissions.ts). The
   * user's open sessions end, so the old role's rights end with them.
   */
  setRole(userId: string, role: Role, by: Operator): Promise<UserInfo> {
    return this.oneChangeAtATime(async () => {
      const target = this.target(userId, by);
      if (target.userId === by.userId) throw new UserAdminError('nobody can change their own role');
      if (!CLINICAL_ROLES.includes(target.role) || !CLINICAL_ROLES.includes(role)) {
        throw new UserAdminError('admin (IT) and clinical accounts are separate: create a second account instead of changing this one’s role');
      }
      if (target.role === role) return info(target);
      return this.change(target, { role }, by, { change: 'user.role-changed', user_id: userId, from: target.role, to: role });
    });
  }

  /** Sets or (null) removes a user's badge id; the same uniqueness rules as when adding. */
  setBadge(userId: string, badgeId: string | null, by: Operator): Promise<UserInfo> {
    return this.oneChangeAtATime(async () => {
      const target = this.target(userId, by);
      if (target.badgeId === badgeId) return info(target);
      this.checkBadge(badgeId, target.userId, target);
      // The badge of a training account on someone whose PIN is that account's published one.
      if (this.trainingAccounts === 'refused' && (await opensWithPublishedCredential({ ...target, badgeId }))) {
        throw new UserAdminError(PUBLISHED_CREDENTIAL);
      }
      return this.change(target, { badgeId }, by, { change: 'user.badge-changed', user_id: userId, badge: badgeId !== null });
    });
  }

  /**
   * Resets a user's PIN or password (a forgotten PIN, a new badge holder, a
   * suspected leak). The user's open sessions end: whoever knew the old PIN
   * may be the one at the screen.
   */
  resetSecret(userId: string, secret: string, by: Operator): Promise<UserInfo> {
    return this.oneChangeAtATime(async () => {
      const target = this.target(userId, by);
      this.checkSecret(secret, target);
      return this.change(target, { secret: await hashSecret(secret, this.hashCost) }, by, { change: 'user.pin-reset', user_id: userId });
    });
  }

  /**
   * What a session was granted against: the role and the secret's salt
   * (new on every reset). A session whose stamp no longer matches ends.
   * Null for a disabled or unknown user.
   */
  sessionStamp(userId: string): string | null {
    const user = this.users.find((u) => u.userId === userId && !u.disabled);
    return user ? `${user.role}|${user.secret.salt}` : null;
  }

  isActive(userId: string): boolean {
    return this.users.some((u) => u.userId === userId && !u.disabled);
  }

  private requireAdmin(by: Operator): void {
    if (by.permission !== 'manage-users' || !hasPermission(by.role, 'manage-users')) throw new UserAdminError(`${by.role} may not manage users`);
  }

  /** The user an admin change is about (the admin's right checked first). */
  private target(userId: string, by: Operator): StoredUser {
    this.requireAdmin(by);
    const target = this.users.find((u) => u.userId === userId);
    if (!target) throw new UserAdminError(`no user ${userId}`);
    return target;
  }

  private async change(target: StoredUser, patch: Partial<StoredUser>, by: Operator, details: Record<string, string | boolean>): Promise<UserInfo> {
    const changed = StoredUserSchema.parse({ ...target, ...patch });
    await this.commit(
      this.users.map((u) => (u === target ? changed : u)),
      { actor: { userId: by.userId, role: by.role }, details },
    );
    return info(changed);
  }

  /**
   * One identifier, one person: a badge id may not also be somebody's user id.
   * find() matches user ids in any case, so a user id collides with a badge
   * equal to it ignoring case.
   */
  private idTaken(id: string): boolean {
    return this.users.some((u) => u.userId === id || u.badgeId?.toLowerCase() === id);
  }

  private checkBadge(badgeId: string | null, ownUserId: string, owner?: StoredUser): void {
    if (badgeId === null) return;
    if (!validate(BadgeIdSchema, badgeId).ok) throw new UserAdminError('badge id must be 4-64 letters, digits, : _ or -');
    const taken = this.users.some((u) => u !== owner && (u.userId === badgeId.toLowerCase() || u.badgeId === badgeId));
    if (taken || badgeId.toLowerCase() === ownUserId) throw new UserAdminError('badge id is already in use');
  }

  /**
   * Off the simulated unit no account may open with a README credential,
   * whether it is created, or reset to one. Checked before the PIN rules: it
   * is the more specific reason, and the rules alone let some through (a
   * clinical "admin" with the training admin's password).
   */
  private checkSecret(secret: string, who: { role: Role; userId: string; badgeId: string | null }): void {
    if (this.trainingAccounts === 'refused' && [who.userId, ...(who.badgeId !== null ? [who.badgeId] : [])].some((id) => isPublishedCredential(id, secret))) {
      throw new UserAdminError(PUBLISHED_CREDENTIAL);
    }
    const violation = secretRuleViolation(secret, who);
    if (violation !== null) throw new UserAdminError(violation);
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
