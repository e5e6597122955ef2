import { randomBytes } from 'node:crypto';
import type { Permission, Role, SessionInfo } from '../../../shared/domain/session';
import type { AlarmAuditSink } from '../alarms/alarm-audit';
import { silentLogger, type Logger } from '../logging/logger';
import { mintOperator, type Operator } from './operator';
import { hasPermission, isClinicalPermission, NEVER_ON_A_WALL, ROLE_PERMISSIONS } from './permissions';
import { DEFAULT_LOCKOUT_POLICY, SignInThrottle, type LockoutPolicy } from './sign-in-throttle';
import type { UserDirectory } from './user-directory';

export const DEFAULT_INACTIVITY_TIMEOUT_MS = 10 * 60_000;

export interface SessionManagerOptions {
  directory: UserDirectory;
  audit: AlarmAuditSink;
  /** A kiosk wall refuses clinical actions unless IT set `wall.allowClinicalActions`. */
  wall?: { wallMode: boolean; allowClinicalActions: boolean };
  inactivityTimeoutMs?: number;
  lockout?: Partial<LockoutPolicy>;
  /** Time for sign-in and sign-out, which take no `now`. Default Date.now. */
  clock?: () => number;
  newSessionId?: () => string;
  logger?: Logger;
}

export type SignInResult =
  | { ok: true; sessionId: string; session: SessionInfo }
  | { ok: false; reason: 'invalid-credentials' | 'locked-out' | 'audit-failed'; message: string };

export type AuthorizeResult =
  | { ok: true; operator: Operator }
  | { ok: false; reason: 'no-session' | 'not-permitted' | 'wall-view-only'; message: string };

/** 'user-changed': an admin changed the user's role or reset their PIN (user-directory.ts sessionStamp). */
export type SessionEndReason = 'sign-out' | 'inactivity' | 'user-disabled' | 'user-changed';

export interface SessionEnded {
  sessionId: string;
  userId: string;
  reason: SessionEndReason;
  at: number;
}

interface Session {
  sessionId: string;
  userId: string;
  displayName: string;
  role: Role;
  signedInAt: number;
  lastActivityAt: number;
  /** The directory's sessionStamp at sign-in: the role and PIN this session was granted on. */
  stamp: string | null;
}

// The same two answers whether or not the identifier names a user.
const INVALID = 'Sign-in failed: check the user name or badge and the PIN or password.';
const LOCKED = 'Too many failed sign-ins: try again later.';

/**
 * Who is signed in at this station, and the only way to obtain an Operator
 * for a clinical action (authorize()).
 *
 * - Sign-in is audited durably before it succeeds; if the audit trail
 *   cannot record it, nobody is signed in.
 * - Sign-out (by the user, after inactivity, or because the user was
 *   disabled) takes effect at once and is never refused: keeping a session
 *   open because the audit trail is down would let the next person act in
 *   someone else's name. The user's sign-out resolves only once it is
 *   audited durably and rejects (still signed out) if it cannot be.
 * - Failed sign-ins are audited (not durably: refusing is always safe) and
 *   counted; see sign-in-throttle.ts for the lockout.
 * - An expired session is dead even before tick() notices: authorize() and
 *   touch() check the inactivity timeout themselves.
 */
export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  private readonly throttle: SignInThrottle;
  private readonly timeoutMs: number;
  private readonly clock: () => number;
  private readonly newSessionId: () => string;
  private readonly log: Logger;
  private readonly wallViewOnly: boolean;
  private readonly wallMode: boolean;
  private readonly listeners = new Set<(ended: SessionEnded) => void>();

  constructor(private readonly options: SessionManagerOptions) {
    this.throttle = new SignInThrottle({ ...DEFAULT_LOCKOUT_POLICY, ...options.lockout });
    this.timeoutMs = options.inactivityTimeoutMs ?? DEFAULT_INACTIVITY_TIMEOUT_MS;
    this.clock = options.clock ?? Date.now;
    this.newSessionId = options.newSessionId ?? (() => randomBytes(32).toString('base64url'));
    this.log = options.logger ?? silentLogger;
    this.wallViewOnly = (options.wall?.wallMode ?? false) && !(options.wall?.allowClinicalActions ?? false);
    this.wallMode = options.wall?.wallMode ?? false;
  }

  async signIn(identifier: string, secret: string): Promise<SignInResult> {
    const found = this.options.directory.find(identifier);
    const key = found ? `user:${found.user.userId}` : `name:${identifier.trim().toLowerCase()}`;
    // Always verify, even when locked: the answer's timing must not differ.
    const result = await this.options.directory.authenticate(identifier, secret);
    const now = this.clock();
    // The lock is read after the verification, not before it: attempts sent in parallel all start
    // before any of them is counted, and none may slip through a lock the others have set.
    const lockedUntil = this.throttle.lockedUntil(key, now);

    if (lockedUntil !== null) {
      this.auditFailure(found?.user.userId ?? null, 'locked-out');
      return { ok: false, reason: 'locked-out', message: LOCKED };
    }
    if (!result.ok) {
      const locked = this.throttle.recordFailure(key, now);
      this.auditFailure(result.userId, result.reason, locked);
      return locked !== null ? { ok: false, reason: 'locked-out', message: LOCKED } : { ok: false, reason: 'invalid-credentials', message: INVALID };
    }

    const { user, via } = result;
    try {
      await this.options.audit.recordClinical({
        action: 'user.sign-in',
        actor: { userId: user.userId, role: user.role },
        details: { via, wall: this.options.wall?.wallMode ?? false },
      });
    } catch (error) {
      this.log.error('auth.sign-in-not-audited', { reason: (error as Error)?.message ?? String(error) });
      return { ok: false, reason: 'audit-failed', message: 'Sign-in is unavailable: the audit trail cannot record it.' };
    }
    this.throttle.recordSuccess(key);
    const signedInAt = this.clock();
    const session: Session = {
      sessionId: this.newSessionId(),
      userId: user.userId,
      displayName: user.displayName,
      role: user.role,
      signedInAt,
      lastActivityAt: signedInAt,
      stamp: this.options.directory.sessionStamp(user.userId) ?? null,
    };
    this.sessions.set(session.sessionId, session);
    return { ok: true, sessionId: session.sessionId, session: this.info(session) };
  }

  /** Ends the session now; resolves once the sign-out is audited durably (true if there was a session). */
  async signOut(sessionId: string): Promise<boolean> {
    const session = this.sessions.get(sessionId);
    if (!session) return false;
    this.end(session, 'sign-out', this.clock());
    try {
      await this.options.audit.recordClinical({ action: 'user.sign-out', actor: { userId: session.userId, role: session.role }, details: { reason: 'sign-out' } });
    } catch (error) {
      throw new Error(`signed out, but the audit trail could not record it: ${(error as Error)?.message ?? String(error)}`);
    }
    return true;
  }

  /** User activity at the view keeps the session alive; false if there is no live session. */
  touch(sessionId: string, now: number): boolean {
    const session = this.live(sessionId, now);
    if (!session) return false;
    session.lastActivityAt = Math.max(session.lastActivityAt, now);
    return true;
  }

  /** Signs out sessions idle for the inactivity timeout. */
  tick(now: number): SessionEnded[] {
    const ended: SessionEnded[] = [];
    for (const session of [...this.sessions.values()]) {
      if (this.expired(session, now)) ended.push(this.endBySystem(session, 'inactivity', now));
    }
    return ended;
  }

  /**
   * The Operator for one clinical or admin action, or why not. Counts as
   * activity. The Operator names the permission it was checked for; the
   * alarm engine refuses it for any other action.
   */
  authorize(sessionId: string, permission: Permission, now: number): AuthorizeResult {
    const session = this.live(sessionId, now);
    if (!session) return { ok: false, reason: 'no-session', message: 'Not signed in (or signed out after inactivity).' };
    if ((this.wallViewOnly && isClinicalPermission(permission)) || (this.wallMode && NEVER_ON_A_WALL.includes(permission))) {
      return { ok: false, reason: 'wall-view-only', message: 'This wall display is view-only.' };
    }
    if (!hasPermission(session.role, permission)) {
      return { ok: false, reason: 'not-permitted', message: `A ${session.role} may not ${permission.replace('-', ' ')}.` };
    }
    session.lastActivityAt = Math.max(session.lastActivityAt, now);
    return { ok: true, operator: mintOperator({ userId: session.userId, role: session.role, sessionId, permission }) };
  }

  /** Who is signed in now, at any screen (a restart into an update must not cut anyone off). */
  signedIn(now: number): Array<{ sessionId: string; userId: string }> {
    return [...this.sessions.values()].filter((s) => !this.expired(s, now)).map((s) => ({ sessionId: s.sessionId, userId: s.userId }));
  }

  current(sessionId: string, now: number): SessionInfo | null {
    const session = this.live(sessionId, now);
    return session ? this.info(session) : null;
  }

  onSessionEnded(listener: (ended: SessionEnded) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The session if it is still valid at `now`; ends it (audited) if it has quietly expired, or its user was disabled or changed. */
  private live(sessionId: string, now: number): Session | null {
    const session = this.sessions.get(sessionId);
    if (!session) return null;
    if (this.expired(session, now)) {
      this.endBySystem(session, 'inactivity', now);
      return null;
    }
    if (!this.options.directory.isActive(session.userId)) {
      this.endBySystem(session, 'user-disabled', now);
      return null;
    }
    // A new role or a reset PIN ends the session: its rights were granted on the old ones.
    if (session.stamp !== null && this.options.directory.sessionStamp(session.userId) !== session.stamp) {
      this.endBySystem(session, 'user-changed', now);
      return null;
    }
    return session;
  }

  private expired(session: Session, now: number): boolean {
    return now - session.lastActivityAt >= this.timeoutMs;
  }

  private endBySystem(session: Session, reason: SessionEndReason, now: number): SessionEnded {
    const ended = this.end(session, reason, now);
    void (async () => {
      try {
        await this.options.audit.recordClinical({ action: 'user.sign-out', actor: 'system', details: { user_id: session.userId, role: session.role, reason } });
      } catch (error) {
        this.log.error('auth.sign-out-not-audited', { reason: (error as Error)?.message ?? String(error) });
      }
    })();
    return ended;
  }

  private end(session: Session, reason: SessionEndReason, at: number): SessionEnded {
    this.sessions.delete(session.sessionId);
    const ended: SessionEnded = { sessionId: session.sessionId, userId: session.userId, reason, at };
    for (const listener of this.listeners) {
      try {
        listener(ended);
      } catch (error) {
        this.log.error('auth.session-listener-failed', { reason: (error as Error).message });
      }
    }
    return ended;
  }

  private auditFailure(userId: string | null, reason: string, lockedUntil: number | null = null): void {
    // The typed identifier is not recorded when it names nobody: it is often a password typed into the wrong field.
    try {
      this.options.audit.record({ action: 'user.sign-in-failed', actor: 'system', details: { user_id: userId, reason, locked_until: lockedUntil } });
    } catch (error) {
      this.log.error('auth.sign-in-failure-not-audited', { reason: (error as Error)?.message ?? String(error) });
    }
  }

  private info(session: Session): SessionInfo {
    const permissions = ROLE_PERMISSIONS[session.role].filter((p) => !(this.wallViewOnly && isClinicalPermission(p)) && !(this.wallMode && NEVER_ON_A_WALL.includes(p)));
    return {
      userId: session.userId,
      displayName: session.displayName,
      role: session.role,
      permissions: [...permissions],
      signedInAt: session.signedInAt,
      inactivityTimeoutMs: this.timeoutMs,
    };
  }
}
