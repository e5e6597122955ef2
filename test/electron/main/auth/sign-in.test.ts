import { describe, expect, it } from 'vitest';
import { SessionInfoSchema } from '../../../../shared/domain/session';
import { ROLE_PERMISSIONS } from '../../../../electron/main/auth/permissions';
import { SCREEN, sessionHarness, T0, USERS } from './auth-test-kit';

/** Sign-in with a user name or badge plus PIN/password; every outcome audited. */
describe('sign-in', () => {
  it('accepts the user id (case-insensitive, trimmed) with the right secret, audited durably', async () => {
    const h = await sessionHarness();
    const result = await h.sessions.signIn('  NINA ', '1111', SCREEN);
    expect(result).toEqual({
      ok: true,
      sessionId: 's1',
      session: { userId: 'nina', displayName: 'Nina Nurse', role: 'nurse', permissions: [...ROLE_PERMISSIONS.nurse], signedInAt: T0, inactivityTimeoutMs: 600_000 },
    });
    expect(SessionInfoSchema.safeParse(result.ok && result.session).success).toBe(true);
    expect(h.audit.durable).toEqual([{ action: 'user.sign-in', actor: { userId: 'nina', role: 'nurse' }, details: { via: 'user-id', wall: false } }]);
    expect(h.sessions.current('s1')?.userId).toBe('nina');
  });

  it('accepts a badge id instead of the user name (never instead of the secret)', async () => {
    const h = await sessionHarness();
    const result = await h.sessions.signIn(USERS.carl.badgeId, '2222', SCREEN);
    expect(result).toMatchObject({ ok: true, session: { userId: 'carl', role: 'charge-nurse' } });
    expect(h.audit.durable[0]?.details).toMatchObject({ via: 'badge' });
    expect(await h.sessions.signIn(USERS.carl.badgeId, USERS.carl.badgeId, SCREEN)).toMatchObject({ ok: false, reason: 'invalid-credentials' });
  });

  it('a wrong secret is refused and audited as sign-in-failed', async () => {
    const h = await sessionHarness();
    const result = await h.sessions.signIn('nina', '9999', SCREEN);
    expect(result).toMatchObject({ ok: false, reason: 'invalid-credentials' });
    expect(h.audit.recorded).toEqual([
      { action: 'user.sign-in-failed', actor: 'system', details: { user_id: 'nina', reason: 'bad-secret', screen: SCREEN.label, retry_after_ms: 0 } },
    ]);
    expect(h.audit.durable).toEqual([]);
    expect(h.sessions.current('s1')).toBeNull();
  });

  it('an unknown user gets the same answer as a wrong secret, and the typed name is not recorded', async () => {
    const h = await sessionHarness();
    const unknown = await h.sessions.signIn('hunter2-typed-in-the-wrong-field', '1111', SCREEN);
    const wrong = await h.sessions.signIn('nina', '9999', SCREEN);
    expect(unknown).toEqual(wrong);
    expect(h.audit.recorded[0]).toEqual({ action: 'user.sign-in-failed', actor: 'system', details: { user_id: null, reason: 'unknown-user', screen: SCREEN.label, retry_after_ms: 0 } });
    expect(JSON.stringify(h.audit.log)).not.toContain('hunter2');
  });

  it('is refused, with nobody signed in, when the audit trail cannot record it', async () => {
    const h = await sessionHarness();
    h.audit.mode = 'fail';
    expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: false, reason: 'audit-failed' });
    expect(h.sessions.authorize('s1', 'acknowledge')).toMatchObject({ ok: false, reason: 'no-session' });
    h.audit.mode = 'ok';
    expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: true });
  });

  it('takes effect only once the sign-in is durable', async () => {
    const h = await sessionHarness();
    h.audit.mode = 'deferred';
    const signIn = h.sessions.signIn('nina', '1111', SCREEN);
    while (h.audit.pending.length === 0) await new Promise((r) => setImmediate(r));
    expect(h.sessions.authorize('s1', 'acknowledge')).toMatchObject({ ok: false, reason: 'no-session' });
    h.audit.resolveNext();
    expect(await signIn).toMatchObject({ ok: true, sessionId: 's1' });
    expect(h.sessions.authorize('s1', 'acknowledge').ok).toBe(true);
  });

  it('sign-out ends the session at once and is audited durably', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    expect(await h.sessions.signOut(sessionId)).toBe(true);
    expect(h.sessions.authorize(sessionId, 'acknowledge')).toMatchObject({ ok: false, reason: 'no-session' });
    expect(h.ended).toEqual([{ sessionId, userId: 'nina', reason: 'sign-out', at: T0 }]);
    expect(h.audit.durable.at(-1)).toEqual({ action: 'user.sign-out', actor: { userId: 'nina', role: 'nurse' }, details: { reason: 'sign-out' } });
    expect(await h.sessions.signOut(sessionId)).toBe(false);
  });

  it('sign-out is never refused: with the audit trail down it still signs out, then reports the failure', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    h.audit.mode = 'fail';
    await expect(h.sessions.signOut(sessionId)).rejects.toThrow(/signed out/);
    expect(h.sessions.current(sessionId)).toBeNull();
  });

  it('sessions are independent: signing one user out leaves another signed in', async () => {
    const h = await sessionHarness();
    const nina = await h.signIn('nina');
    const carl = await h.signIn('carl');
    await h.sessions.signOut(nina);
    expect(h.sessions.authorize(carl, 'alarm-reset').ok).toBe(true);
  });
});
