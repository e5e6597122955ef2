import { randomBytes } from 'node:crypto';
import type { Permission, Role, SessionInfo } from '../../../shared/domain/session';
import type { AlarmAuditSink } from '../alarms/alarm-audit';
import { silentLogger, type Logger } from '../logging/logger';
import { systemClock, type Clock } from '../time/clock';
import { mintOperator, type Operator } from './operator';
import { hasPermission, isClinicalPermission, NEVER_ON_A_WALL, ROLE_PERMISSIONS } from './permissions';
import type { SecurityNotice } from '../../../shared/domain/security-notice';
import { FailedSignInWatch } from './failed-sign-in-watch';
import { SignInThrottle } from './sign-in-throttle';
import type { UserDirectory } from './user-directory';

export const DEFAULT_INACTIVITY_TIMEOUT_MS = 10 * 60_000;

export interface SessionManagerOptions {
  directory: UserDirectory;
  audit: AlarmAuditSink;
  /** A kiosk wall refuses clinical actions unless IT set `wall.allowClinicalActions`. */
  wall?: { wallMode: boolean; allowClinicalActions: boolean };
  inactivityTimeoutMs?: number;
  /** Per-screen backoff after failed sign-ins (default: the default policy on `clock`). */
  throttle?: SignInThrottle;
  /** Failed sign-ins across screens, raised as notices to admins and charge nurses (default: the default policy on `clock`). */
  failedSignIns?: FailedSignInWatch;
  /**
   * Inactivity, the per-screen sign-in backoff and the failed-sign-in window
   * run on `clock.monotonic()`, so a system clock set forward cannot sign
   * everyone out or end a backoff, and one set back cannot keep an abandoned
   * session authorising for an hour; `clock.wall()` stamps what people read
   * (signed in at, ended at). Default systemClock.
   */
  clock?: Clock;
  newSessionId?: () => string;
  logger?: Logger;
}

export type SignInResult =
  | { ok: true; sessionId: string; session: SessionInfo }
  | { ok: false; reason: 'invalid-credentials' | 'throttled' | 'training-account' | 'audit-failed'; message: string };

/** Where a sign-in is attempted: the view's id (what the backoff counts by) and a name people recognise. */
export interface SignInScreen {
  id: string;
  label: string;
}

export type AuthorizeResult =
  | { ok: true; operator: Operator }
  | { ok: false; reason: 'no-session' | 'not-permitted' | 'wall-view-only'; message: string };

/** 'user-changed': an admin changed the user's role or reset their PIN (user-directory.ts sessionStamp). */
export type SessionEndReason = 'sign-out' | 'inactivity' | 'user-disabled' | 'user-changed';

export interface SessionEnded {
  sessionId: string;
  userId: string;
  reason: SessionEndReason;
  /** Wall clock. */
  at: number;
}

interface Session {
  sessionId: string;
  userId: string;
  displayName: string;
  role: Role;
  /** Wall clock, shown to the user. */
  signedInAt: number;
  /** Monotonic clock: inactivity is a duration. */
  lastActivityMono: number;
  /** The directory's sessionStamp at sign-in: the role and PIN this session was granted on. */
  stamp: string | null;
}

// The same answers whether or not the identifier names a user.
const INVALID = 'Sign-in failed: check the user name or badge and the PIN or password.';
const TRAINING = 'Training accounts cannot sign in here: this station shows real patients.';
const throttled = (waitMs: number) =>
  `Too many failed sign-ins at this screen: wait ${Math.ceil(waitMs / 1000)} s before trying again here (another screen is not affected).`;

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
 * - Failed sign-ins are audited (not durably: refusing is always safe),
 *   slow down further attempts at the same screen only (sign-in-throttle.ts),
 *   and, when they repeat for one user anywhere, raise a notice to admins
 *   and charge nurses (failed-sign-in-watch.ts). Nobody is locked out.
 * - An expired session is dead even before tick() notices: authorize() and
 *   touch() check the inactivity timeout themselves.
 * - Every duration is on the monotonic clock (see `clock`).
 */
export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  private readonly throttle: SignInThrottle;
  private readonly watch: FailedSignInWatch;
  private readonly timeoutMs: number;
  private readonly clock: Clock;
  private readonly newSessionId: () => string;
  private readonly log: Logger;
  private readonly wallViewOnly: boolean;
  private readonly wallMode: boolean;
  private readonly listeners = new Set<(ended: SessionEnded) => void>();

  constructor(private readonly options: SessionManagerOptions) {
    this.clock = options.clock ?? systemClock;
    // On the session's clock, so one injected Clock drives every sign-in duration.
    this.throttle = options.throttle ?? new SignInThrottle({ clock: this.clock });
    this.watch = options.failedSignIns ?? new FailedSignInWatch({ clock: this.clock });
    this.timeoutMs = options.inactivityTimeoutMs ?? DEFAULT_INACTIVITY_TIMEOUT_MS;
    this.newSessionId = options.newSessionId ?? (() => randomBytes(32).toString('base64url'));
    this.log = options.logger ?? silentLogger;
    this.wallViewOnly = (options.wall?.wallMode ?? false) && !(options.wall?.allowClinicalActions ?? false);
    this.wallMode = options.wall?.wallMode ?? false;
  }

  async signIn(identifier: string, secret: string, screen: SignInScreen): Promise<SignInResult> {
    const found = this.options.directory.find(identifier);
    const key = found ? `user:${found.user.userId}` : `name:${identifier.trim().toLowerCase()}`;
    // Always verify, even while this screen must wait: the answer's timing must not differ.
    const result = await this.options.directory.authenticate(identifier, secret);
    // The wait is read after the verification, not before it: attempts sent in parallel all start
    // before any of them is counted, and none may slip through a wait the others have set.
    // The throttle measures it on the monotonic clock (it never sees the wall clock).
    const waitMs = this.throttle.waitMs(screen.id, key);

    if (waitMs > 0) {
      // Not counted against the screen (that would stretch the wait), but a wrong guess is still a failure for the notice.
      if (!result.ok) this.watchFailure(key, result.userId, screen);
      this.auditFailure(found?.user.userId ?? null, result.ok ? 'throttled' : `throttled:${result.reason}`, screen, waitMs);
      return { ok: false, reason: 'throttled', message: throttled(waitMs) };
    }
    if (!result.ok) {
      const wait = this.throttle.recordFailure(screen.id, key);
      this.auditFailure(result.userId, result.reason, screen, wait);
      this.watchFailure(key, result.userId, screen);
      if (result.reason === 'training-account') return { ok: false, reason: 'training-account', message: TRAINING };
      return wait > 0 ? { ok: false, reason: 'throttled', message: `${INVALID} ${throttled(wait)}` } : { ok: false, reason: 'invalid-credentials', message: INVALID };
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
    this.throttle.recordSuccess(screen.id, key);
    const session: Session = {
      sessionId: this.newSessionId(),
      userId: user.userId,
      displayName: user.displayName,
      role: user.role,
      signedInAt: this.clock.wall(),
      lastActivityMono: this.clock.monotonic(),
      stamp: this.options.directory.sessionStamp(user.userId) ?? null,
    };
    this.sessions.set(session.sessionId, session);
    return { ok: true, sessionId: session.sessionId, session: this.info(session) };
  }

  /** Ends the session now; resolves once the sign-out is audited durably (true if there was a session). */
  async signOut(sessionId: string): Promise<boolean> {
    const session = this.sessions.get(sessionId);
    if (!session) return false;
    this.end(session, 'sign-out');
    try {
      await this.options.audit.recordClinical({ action: 'user.sign-out', actor: { userId: session.userId, role: session.role }, details: { reason: 'sign-out' } });
    } catch (error) {
      throw new Error(`signed out, but the audit trail could not record it: ${(error as Error)?.message ?? String(error)}`);
    }
    return true;
  }

  /** User activity at the view keeps the session alive; false if there is no live session. */
  touch(sessionId: string): boolean {
    const session = this.live(sessionId);
    if (!session) return false;
    session.lastActivityMono = Math.max(session.lastActivityMono, this.clock.monotonic());
    return true;
  }

  /** Signs out sessions idle for the inactivity timeout; lets lapsed failed-sign-in notices go. */
  tick(): SessionEnded[] {
    this.watch.expire();
    const ended: SessionEnded[] = [];
    for (const session of [...this.sessions.values()]) {
      if (this.expired(session)) ended.push(this.endBySystem(session, 'inactivity'));
    }
    return ended;
  }

  /**
   * The Operator for one clinical or admin action, or why not. Counts as
   * activity. The Operator names the permission it was checked for; the
   * alarm engine refuses it for any other action.
   */
  authorize(sessionId: string, permission: Permission): AuthorizeResult {
    const session = this.live(sessionId);
    if (!session) return { ok: false, reason: 'no-session', message: 'Not signed in (or signed out after inactivity).' };
    if (!this.mayUseHere(permission)) {
      if (permission === 'quit-station') return { ok: false, reason: 'wall-view-only', message: 'A wall display cannot be closed from its screen.' };
      return { ok: false, reason: 'wall-view-only', message: 'This wall display is view-only.' };
    }
    if (!hasPermission(session.role, permission)) {
      return { ok: false, reason: 'not-permitted', message: `A ${session.role} may not ${permission.replace('-', ' ')}.` };
    }
    session.lastActivityMono = Math.max(session.lastActivityMono, this.clock.monotonic());
    return { ok: true, operator: mintOperator({ userId: session.userId, role: session.role, sessionId, permission }) };
  }

  /** Who is signed in now, at any screen (a restart into an update must not cut anyone off). */
  signedIn(): Array<{ sessionId: string; userId: string }> {
    return [...this.sessions.values()].filter((s) => !this.expired(s)).map((s) => ({ sessionId: s.sessionId, userId: s.userId }));
  }

  current(sessionId: string): SessionInfo | null {
    const session = this.live(sessionId);
    return session ? this.info(session) : null;
  }

  /** Current failed-sign-in notices (for admins and charge nurses; the station decides who sees them). */
  securityNotices(): SecurityNotice[] {
    return this.watch.notices();
  }

  onSecurityNotices(listener: (notices: SecurityNotice[]) => void): () => void {
    return this.watch.onChange(listener);
  }

  onSessionEnded(listener: (ended: SessionEnded) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The session if it is still valid now; ends it (audited) if it has quietly expired, or its user was disabled or changed. */
  private live(sessionId: string): Session | null {
    const session = this.sessions.get(sessionId);
    if (!session) return null;
    if (this.expired(session)) {
      this.endBySystem(session, 'inactivity');
      return null;
    }
    if (!this.options.directory.isActive(session.userId)) {
      this.endBySystem(session, 'user-disabled');
      return null;
    }
    // A new role or a reset PIN ends the session: its rights were granted on the old ones.
    if (session.stamp !== null && this.options.directory.sessionStamp(session.userId) !== session.stamp) {
      this.endBySystem(session, 'user-changed');
      return null;
    }
    return session;
  }

  private expired(session: Session): boolean {
    return this.clock.monotonic() - session.lastActivityMono >= this.timeoutMs;
  }

  private endBySystem(session: Session, reason: SessionEndReason): SessionEnded {
    const ended = this.end(session, reason);
    void (async () => {
      try {
        await this.options.audit.recordClinical({ action: 'user.sign-out', actor: 'system', details: { user_id: session.userId, role: session.role, reason } });
      } catch (error) {
        this.log.error('auth.sign-out-not-audited', { reason: (error as Error)?.message ?? String(error) });
      }
    })();
    return ended;
  }

  private end(session: Session, reason: SessionEndReason): SessionEnded {
    this.sessions.delete(session.sessionId);
    const ended: SessionEnded = { sessionId: session.sessionId, userId: session.userId, reason, at: this.clock.wall() };
    for (const listener of this.listeners) {
      try {
        listener(ended);
      } catch (error) {
        this.log.error('auth.session-listener-failed', { reason: (error as Error).message });
      }
    }
    return ended;
  }

  private auditFailure(userId: string | null, reason: string, screen: SignInScreen, retryAfterMs: number): void {
    // The typed identifier is not recorded when it names nobody: it is often a password typed into the wrong field.
    // The wait is a duration: a monotonic deadline means nothing outside this process.
    this.recordQuietly({ action: 'user.sign-in-failed', actor: 'system', details: { user_id: userId, reason, screen: screen.label, retry_after_ms: Math.ceil(retryAfterMs) } });
  }

  private watchFailure(key: string, userId: string | null, screen: SignInScreen): void {
    const change = this.watch.recordFailure(key, userId, screen.label);
    if (!change) return;
    const { notice } = change;
    this.log.warn('auth.failed-sign-ins', { user: notice.userId ?? 'unknown', screens: notice.screens.length, failures: notice.failures });
    this.recordQuietly({
      action: 'user.sign-in-alert',
      actor: 'system',
      details: { change: change.kind, user_id: notice.userId, screens: notice.screens.join(', '), failures: notice.failures, notice_id: notice.noticeId },
    });
  }

  private recordQuietly(event: Parameters<AlarmAuditSink['record']>[0]): void {
    try {
      this.options.audit.record(event);
    } catch (error) {
      this.log.error('auth.sign-in-failure-not-audited', { reason: (error as Error)?.message ?? String(error) });
    }
  }

  /**
   * What this station's kind allows, whoever asks: a view-only wall takes no
   * clinical action, and some things are never done at a wall at all
   * (permissions.ts, NEVER_ON_A_WALL).
   */
  private mayUseHere(permission: Permission): boolean {
    if (this.wallMode && NEVER_ON_A_WALL.includes(permission)) return false;
    return !(this.wallViewOnly && isClinicalPermission(permission));
  }

  private info(session: Session): SessionInfo {
    const permissions = ROLE_PERMISSIONS[session.role].filter((p) => this.mayUseHere(p));
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
