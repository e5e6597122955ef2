import { describe, expect, it } from 'vitest';
import { SessionManager } from '../../../../electron/main/auth/session-manager';
import { DEFAULT_LOCKOUT_POLICY, SignInThrottle } from '../../../../electron/main/auth/sign-in-throttle';
import type { Authentication, UserDirectory } from '../../../../electron/main/auth/user-directory';
import { FakeAuditSink, sessionHarness, T0, USERS } from './auth-test-kit';

/** After 5 failed sign-ins within 5 minutes the identifier is locked for 5 minutes. */
const MINUTE = 60_000;

describe('sign-in lockout', () => {
  it('the default policy is 5 failures in 5 min, locked for 5 min', () => {
    expect(DEFAULT_LOCKOUT_POLICY).toEqual({ maxFailures: 5, windowMs: 5 * MINUTE, lockoutMs: 5 * MINUTE });
  });

  it('locks after the 5th failure; even the right secret is refused until the lockout passes', async () => {
    const h = await sessionHarness();
    for (let i = 1; i <= 4; i++) {
      expect(await h.sessions.signIn('nina', '0000'), `failure ${i}`).toMatchObject({ ok: false, reason: 'invalid-credentials' });
      h.time.now += 10_000;
    }
    expect(await h.sessions.signIn('nina', '0000')).toMatchObject({ ok: false, reason: 'locked-out' });
    const lockedAt = h.time.now;
    expect(h.audit.recorded.at(-1)?.details).toEqual({ user_id: 'nina', reason: 'bad-secret', locked_until: lockedAt + 5 * MINUTE });

    expect(await h.sessions.signIn('nina', '1111')).toMatchObject({ ok: false, reason: 'locked-out' });
    expect(h.audit.recorded.at(-1)?.details).toMatchObject({ user_id: 'nina', reason: 'locked-out' });
    h.time.now = lockedAt + 5 * MINUTE - 1;
    expect(await h.sessions.signIn('nina', '1111')).toMatchObject({ ok: false, reason: 'locked-out' });
    expect(h.audit.durable).toEqual([]);

    h.time.now = lockedAt + 5 * MINUTE;
    expect(await h.sessions.signIn('nina', '1111')).toMatchObject({ ok: true });
  });

  it('attempts while locked do not extend the lockout', async () => {
    const h = await sessionHarness();
    for (let i = 0; i < 5; i++) await h.sessions.signIn('nina', '0000');
    const lockedAt = h.time.now;
    for (let i = 0; i < 4; i++) {
      h.time.now += MINUTE;
      await h.sessions.signIn('nina', '0000');
    }
    h.time.now = lockedAt + 5 * MINUTE;
    expect(await h.sessions.signIn('nina', '1111')).toMatchObject({ ok: true });
  });

  it('failures spread over more than 5 minutes do not lock', async () => {
    const h = await sessionHarness();
    for (let i = 0; i < 8; i++) {
      expect(await h.sessions.signIn('nina', '0000')).toMatchObject({ reason: 'invalid-credentials' });
      h.time.now += 76_000; // 4 failures span 3 × 76 s; the 5th is outside the first one's window
    }
    expect(await h.sessions.signIn('nina', '1111')).toMatchObject({ ok: true });
  });

  it('the user name and the badge share one counter', async () => {
    const h = await sessionHarness();
    for (let i = 0; i < 2; i++) await h.sessions.signIn('nina', '0000');
    for (let i = 0; i < 2; i++) await h.sessions.signIn(USERS.nina.badgeId, '0000');
    expect(await h.sessions.signIn('NINA', '0000')).toMatchObject({ reason: 'locked-out' });
    expect(await h.sessions.signIn(USERS.nina.badgeId, '1111')).toMatchObject({ reason: 'locked-out' });
  });

  it('locks one user only', async () => {
    const h = await sessionHarness();
    for (let i = 0; i < 5; i++) await h.sessions.signIn('nina', '0000');
    expect(await h.sessions.signIn('carl', '2222')).toMatchObject({ ok: true });
  });

  it('unknown names lock exactly like real ones (the lockout reveals nobody)', async () => {
    const h = await sessionHarness();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await h.sessions.signIn('nobody', '0000'));
    expect(answers.map((a) => a.ok === false && a.reason)).toEqual(['invalid-credentials', 'invalid-credentials', 'invalid-credentials', 'invalid-credentials', 'locked-out', 'locked-out']);
  });

  it('a successful sign-in resets the count', async () => {
    const h = await sessionHarness();
    for (let i = 0; i < 4; i++) await h.sessions.signIn('nina', '0000');
    await h.sessions.signIn('nina', '1111');
    for (let i = 0; i < 4; i++) expect(await h.sessions.signIn('nina', '0000')).toMatchObject({ reason: 'invalid-credentials' });
  });

  it('parallel attempts cannot get around the lock: a right guess that completes after the 5th failure is refused', async () => {
    // A directory whose secret checks complete when the test says so.
    const checks: Array<{ secret: string; finish(): void }> = [];
    const nina = { userId: 'nina', displayName: 'Nina', role: 'nurse' as const, badgeId: null, disabled: false };
    const directory = {
      find: (identifier: string) => (identifier === 'nina' ? { user: nina, via: 'user-id' as const } : null),
      isActive: () => true,
      sessionStamp: () => 'nurse|salt',
      authenticate: (_identifier: string, secret: string) =>
        new Promise<Authentication>((resolve) => {
          checks.push({
            secret,
            finish: () => resolve(secret === '1111' ? { ok: true, user: nina, via: 'user-id' } : { ok: false, reason: 'bad-secret', userId: 'nina' }),
          });
        }),
    } as unknown as UserDirectory;
    const sessions = new SessionManager({ directory, audit: new FakeAuditSink(), clock: () => T0 });

    // Six guesses sent at once, all checked before any has been counted.
    const guesses = ['0001', '0002', '0003', '0004', '0005', '1111'].map((secret) => sessions.signIn('nina', secret));
    await Promise.resolve();
    expect(checks).toHaveLength(6);
    for (const check of checks.slice(0, 5)) check.finish();
    await Promise.all(guesses.slice(0, 5));
    checks[5]!.finish();
    expect(await guesses[5]).toMatchObject({ ok: false, reason: 'locked-out' });
  });

  describe('SignInThrottle', () => {
    it('keeps at most a bounded number of identifiers without unlocking a locked one', () => {
      const throttle = new SignInThrottle({ maxFailures: 2, windowMs: MINUTE, lockoutMs: 10 * MINUTE });
      expect(throttle.recordFailure('user:nina', T0)).toBeNull();
      expect(throttle.recordFailure('user:nina', T0)).toBe(T0 + 10 * MINUTE);
      for (let i = 0; i < 10_050; i++) throttle.recordFailure(`name:spray-${i}`, T0);
      expect(throttle.lockedUntil('user:nina', T0 + 1)).toBe(T0 + 10 * MINUTE);
    });
  });
});
