import { describe, expect, it } from 'vitest';
import { SessionManager, type SignInScreen } from '../../../../electron/main/auth/session-manager';
import { DEFAULT_BACKOFF_POLICY, SignInThrottle } from '../../../../electron/main/auth/sign-in-throttle';
import type { Authentication, UserDirectory } from '../../../../electron/main/auth/user-directory';
import { FakeClock, HOUR_STEPS } from '../../../support/fake-clock';
import { FakeAuditSink, SCREEN, sessionHarness, USERS } from './auth-test-kit';

/**
 * One screen cannot lock every nurse out: failed sign-ins slow down further
 * attempts at THAT screen for THAT identifier (exponential backoff on the
 * monotonic clock); the right PIN at any other screen signs in at once.
 */
const SECOND: SignInScreen = { id: 'view-2', label: 'browser (view-2)' };
const S = 1000;

describe('sign-in backoff per screen', () => {
  it('the default policy: 3 free failures, then 5 s doubling up to 5 min; forgotten after 15 quiet minutes', () => {
    expect(DEFAULT_BACKOFF_POLICY).toEqual({ freeFailures: 3, initialDelayMs: 5 * S, maxDelayMs: 5 * 60 * S, forgetAfterMs: 15 * 60 * S });
  });

  it('a passer-by failing 20 times at one screen does not stop the nurse signing in at another', async () => {
    const h = await sessionHarness();
    for (let i = 0; i < 20; i++) await h.sessions.signIn('nina', '0000', SCREEN);
    expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: false, reason: 'throttled' });
    expect(await h.sessions.signIn('nina', '1111', SECOND)).toMatchObject({ ok: true });
  });

  it('at the screen that failed, each failure past the free ones doubles the wait, capped at 5 minutes', async () => {
    const h = await sessionHarness();
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      const result = await h.sessions.signIn('nina', '0000', SCREEN);
      waits.push(h.audit.recorded.filter((e) => e.action === 'user.sign-in-failed').at(-1)!.details!.retry_after_ms as number);
      expect(result).toMatchObject({ ok: false, reason: i < 3 ? 'invalid-credentials' : 'throttled' });
      h.clock.advance(waits.at(-1)!);
    }
    expect(waits).toEqual([0, 0, 0, 5, 10, 20, 40, 80, 160, 300].map((s) => s * S));
  });

  it('the right PIN at the throttled screen waits out the backoff on the monotonic clock, whatever the wall clock does', async () => {
    const h = await sessionHarness();
    for (let i = 0; i < 4; i++) await h.sessions.signIn('nina', '0000', SCREEN);
    // Someone sets the system clock an hour ahead: the wait is not over.
    h.clock.stepWall(3_600 * S);
    expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: false, reason: 'throttled' });
    h.clock.advance(5 * S - 1);
    // ... and an hour back: the wait does not grow either.
    h.clock.stepWall(-7_200 * S);
    expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: false, reason: 'throttled' });
    h.clock.advance(1);
    expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: true });
  });

  it('attempts while waiting are refused without being counted: they do not extend the wait', async () => {
    const h = await sessionHarness();
    for (let i = 0; i < 4; i++) await h.sessions.signIn('nina', '0000', SCREEN);
    for (let i = 0; i < 4; i++) {
      h.clock.advance(1 * S);
      expect(await h.sessions.signIn('nina', '0000', SCREEN)).toMatchObject({ reason: 'throttled' });
    }
    h.clock.advance(1 * S);
    expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: true });
  });

  it('the user name and the badge share one counter; other users at the same screen are not affected', async () => {
    const h = await sessionHarness();
    for (let i = 0; i < 2; i++) await h.sessions.signIn('nina', '0000', SCREEN);
    for (let i = 0; i < 2; i++) await h.sessions.signIn(USERS.nina.badgeId, '0000', SCREEN);
    expect(await h.sessions.signIn('NINA', '1111', SCREEN)).toMatchObject({ reason: 'throttled' });
    expect(await h.sessions.signIn(USERS.nina.badgeId, '1111', SCREEN)).toMatchObject({ reason: 'throttled' });
    expect(await h.sessions.signIn('carl', '2222', SCREEN)).toMatchObject({ ok: true });
  });

  it('unknown names are throttled exactly like real ones (the answers reveal nobody)', async () => {
    const h = await sessionHarness();
    const answers = async (identifier: string) => {
      const out = [];
      for (let i = 0; i < 6; i++) {
        const r = await h.sessions.signIn(identifier, '0000', SCREEN);
        out.push(r.ok ? 'ok' : `${r.reason}: ${r.message}`);
      }
      return out;
    };
    const unknown = await answers('nobody');
    h.clock.advance(60 * 60 * S);
    expect(await answers('nina')).toEqual(unknown);
  });

  it('a success clears that screen only, and a quiet quarter of an hour starts over', async () => {
    const h = await sessionHarness();
    for (let i = 0; i < 3; i++) await h.sessions.signIn('nina', '0000', SECOND);
    for (let i = 0; i < 3; i++) await h.sessions.signIn('nina', '0000', SCREEN);
    await h.signIn('nina');
    expect(await h.sessions.signIn('nina', '0000', SCREEN)).toMatchObject({ reason: 'invalid-credentials' });
    expect(await h.sessions.signIn('nina', '0000', SECOND)).toMatchObject({ reason: 'throttled' });
    h.clock.advance(15 * 60 * S);
    expect(await h.sessions.signIn('nina', '0000', SECOND)).toMatchObject({ reason: 'invalid-credentials' });
  });

  it('every attempt is audited with its screen and the wait it caused (a duration, never a monotonic deadline)', async () => {
    const h = await sessionHarness();
    for (let i = 0; i < 4; i++) await h.sessions.signIn('nina', '0000', SCREEN);
    await h.sessions.signIn('nina', '1111', SCREEN);
    expect(h.audit.recorded.filter((e) => e.action === 'user.sign-in-failed').map((e) => e.details)).toEqual([
      { user_id: 'nina', reason: 'bad-secret', screen: SCREEN.label, retry_after_ms: 0 },
      { user_id: 'nina', reason: 'bad-secret', screen: SCREEN.label, retry_after_ms: 0 },
      { user_id: 'nina', reason: 'bad-secret', screen: SCREEN.label, retry_after_ms: 0 },
      { user_id: 'nina', reason: 'bad-secret', screen: SCREEN.label, retry_after_ms: 5 * S },
      { user_id: 'nina', reason: 'throttled', screen: SCREEN.label, retry_after_ms: 5 * S },
    ]);
    expect(h.audit.durable).toEqual([]);
  });

  it('parallel attempts cannot get around the backoff: a right guess that completes after the 4th failure is refused', async () => {
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
    // The session builds its throttle on its own clock, as at the station.
    const sessions = new SessionManager({ directory, audit: new FakeAuditSink(), clock: new FakeClock() });

    // Five guesses sent at once, all checked before any has been counted.
    const guesses = ['0001', '0002', '0003', '0004', '1111'].map((secret) => sessions.signIn('nina', secret, SCREEN));
    await Promise.resolve();
    expect(checks).toHaveLength(5);
    for (const check of checks.slice(0, 4)) check.finish();
    await Promise.all(guesses.slice(0, 4));
    checks[4]!.finish();
    expect(await guesses[4]).toMatchObject({ ok: false, reason: 'throttled' });
  });

  describe.each(HOUR_STEPS)('with the wall clock set an hour %s', (_direction, step) => {
    it('a screen’s wait is neither cut short nor stretched: the right PIN signs in exactly when the backoff has run on the monotonic clock', async () => {
      const h = await sessionHarness();
      for (let i = 0; i < 4; i++) await h.sessions.signIn('nina', '0000', SCREEN);
      h.clock.stepWall(step);
      expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: false, reason: 'throttled' });
      h.clock.advance(5 * S - 1);
      expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: false, reason: 'throttled' });
      h.clock.advance(1);
      expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: true });
    });

    it.each([
      ['one millisecond short of 15 quiet minutes: still counted', 15 * 60 * S - 1, 'throttled'],
      ['after 15 quiet minutes: forgotten', 15 * 60 * S, 'invalid-credentials'],
    ] as const)('failures at a screen %s', async (_case, quietMs, reason) => {
      const h = await sessionHarness();
      for (let i = 0; i < 3; i++) await h.sessions.signIn('nina', '0000', SCREEN);
      h.clock.stepWall(step);
      h.clock.advance(quietMs);
      // The fourth failure either starts the backoff (the three are remembered) or is the first of a new count.
      expect(await h.sessions.signIn('nina', '0000', SCREEN)).toMatchObject({ ok: false, reason });
    });
  });

  describe('SignInThrottle', () => {
    it('keeps a bounded number of pairs without releasing a screen that must wait', () => {
      const clock = new FakeClock();
      const throttle = new SignInThrottle({ clock, policy: { freeFailures: 1, initialDelayMs: 10 * 60 * S, maxDelayMs: 10 * 60 * S } });
      throttle.recordFailure('view-1', 'user:nina');
      expect(throttle.recordFailure('view-1', 'user:nina')).toBe(10 * 60 * S);
      for (let i = 0; i < 10_050; i++) throttle.recordFailure('view-9', `name:spray-${i}`);
      clock.advance(1);
      expect(throttle.waitMs('view-1', 'user:nina')).toBe(10 * 60 * S - 1);
      expect(throttle.waitMs('view-2', 'user:nina')).toBe(0);
    });
  });
});
