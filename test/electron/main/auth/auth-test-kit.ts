import type { Role } from '../../../../shared/domain/session';
import { mintOperator, type Operator } from '../../../../electron/main/auth/operator';
import { hashSecret, MIN_SCRYPT_COST, type SecretHash } from '../../../../electron/main/auth/password-hash';
import { SessionManager, type SessionEnded, type SessionManagerOptions, type SignInScreen } from '../../../../electron/main/auth/session-manager';
import type { StoredUser, UserPersistence } from '../../../../electron/main/auth/stored-user';
import { UserDirectory } from '../../../../electron/main/auth/user-directory';
import { FakeAuditSink, T0 } from '../alarms/alarm-test-kit';
import { FakeClock } from '../../../support/fake-clock';

export { FakeAuditSink, T0 };

/** The screen the harness signs in at unless a test names another. */
export const SCREEN: SignInScreen = { id: 'view-1', label: 'workstation (view-1)' };

/** Tests hash at the lowest cost the code accepts: same code path, fast. */
export const TEST_COST = MIN_SCRYPT_COST;

/** Users in memory; save() can be made to fail. */
export class MemoryUsers implements UserPersistence {
  failSave = false;
  saves = 0;

  constructor(public users: StoredUser[] = []) {}

  async load(): Promise<StoredUser[]> {
    return structuredClone(this.users);
  }

  async save(users: readonly StoredUser[]): Promise<void> {
    await Promise.resolve();
    if (this.failSave) throw new Error('disk full');
    this.users = structuredClone([...users]);
    this.saves++;
  }
}

const hashes = new Map<string, Promise<SecretHash>>();
/** One hash per secret for the whole test file: the unit's users are set up without paying scrypt per test. */
function cachedHash(secret: string): Promise<SecretHash> {
  if (!hashes.has(secret)) hashes.set(secret, hashSecret(secret, TEST_COST));
  return hashes.get(secret)!;
}

export const USERS = {
  nina: { role: 'nurse', secret: '1111', badgeId: 'BADGE-NINA-01', displayName: 'Nina Nurse' },
  carl: { role: 'charge-nurse', secret: '2222', badgeId: 'BADGE-CARL-01', displayName: 'Carl Charge' },
  vera: { role: 'viewer', secret: '3333', badgeId: null, displayName: 'Vera Viewer' },
  root: { role: 'admin', secret: 'admin-pass-1', badgeId: null, displayName: 'IT Admin' },
} as const satisfies Record<string, { role: Role; secret: string; badgeId: string | null; displayName: string }>;
export type UserName = keyof typeof USERS;

export async function unitUsers(): Promise<StoredUser[]> {
  return Promise.all(
    Object.entries(USERS).map(async ([userId, u]) => ({
      userId,
      displayName: u.displayName,
      role: u.role,
      badgeId: u.badgeId,
      disabled: false,
      secret: await cachedHash(u.secret),
      createdAt: T0,
    })),
  );
}

/** An Operator for user administration, as SessionManager.authorize() would mint it. */
export function adminOperator(permission: 'manage-users' | 'configure' = 'manage-users', role: Role = 'admin', userId = 'root'): Operator {
  return mintOperator({ userId, role, sessionId: `session-${userId}`, permission });
}

export interface SessionHarness {
  sessions: SessionManager;
  directory: UserDirectory;
  audit: FakeAuditSink;
  persistence: MemoryUsers;
  /** The one clock of the sessions, the sign-in backoff and the failed sign-in notices. */
  clock: FakeClock;
  /** The wall clock; setting it lets time pass up to that moment (forward only). */
  time: { now: number };
  ended: SessionEnded[];
  /** Signs in by user name with the right secret and returns the session id (fails the test otherwise). */
  signIn(user: UserName): Promise<string>;
}

export async function sessionHarness(options: Partial<SessionManagerOptions> = {}): Promise<SessionHarness> {
  const clock = new FakeClock({ monotonic: 7_000, wall: T0 });
  const time = {
    get now() {
      return clock.wall();
    },
    set now(to: number) {
      clock.advance(to - clock.wall());
    },
  };
  const audit = new FakeAuditSink(() => clock.wall());
  const persistence = new MemoryUsers(await unitUsers());
  const directory = await UserDirectory.open(persistence, { audit, hashCost: TEST_COST, clock: () => clock.wall() });
  let n = 0;
  // No throttle or watch of its own: the SessionManager builds both on its clock, which is what the station does.
  const sessions = new SessionManager({ directory, audit, clock, newSessionId: () => `s${++n}`, ...options });
  const ended: SessionEnded[] = [];
  sessions.onSessionEnded((e) => ended.push(e));
  return {
    sessions,
    directory,
    audit,
    persistence,
    clock,
    time,
    ended,
    async signIn(user) {
      const result = await sessions.signIn(user, USERS[user].secret, SCREEN);
      if (!result.ok) throw new Error(`sign-in of ${user} failed: ${result.reason}`);
      return result.sessionId;
    },
  };
}
