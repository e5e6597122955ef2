import { describe, expect, it } from 'vitest';
import { DEFAULT_INACTIVITY_TIMEOUT_MS } from '../../../../electron/main/auth/session-manager';
import { sessionHarness, T0 } from './auth-test-kit';

/** A workstation signs its user out after 10 minutes without interaction. */
const TEN_MIN = 10 * 60_000;

describe('inactivity sign-out', () => {
  it('defaults to 10 minutes and tells the view', async () => {
    expect(DEFAULT_INACTIVITY_TIMEOUT_MS).toBe(TEN_MIN);
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    expect(h.sessions.current(sessionId, T0)?.inactivityTimeoutMs).toBe(TEN_MIN);
  });

  it('tick() signs out a session idle for 10 minutes, not earlier, and audits it', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    expect(h.sessions.tick(T0 + TEN_MIN - 1)).toEqual([]);
    expect(h.sessions.tick(T0 + TEN_MIN)).toEqual([{ sessionId, userId: 'nina', reason: 'inactivity', at: T0 + TEN_MIN }]);
    expect(h.ended).toEqual([{ sessionId, userId: 'nina', reason: 'inactivity', at: T0 + TEN_MIN }]);
    expect(h.sessions.authorize(sessionId, 'acknowledge', T0 + TEN_MIN)).toMatchObject({ ok: false, reason: 'no-session' });
    await Promise.resolve();
    expect(h.audit.durable.at(-1)).toEqual({ action: 'user.sign-out', actor: 'system', details: { user_id: 'nina', role: 'nurse', reason: 'inactivity' } });
    expect(h.sessions.tick(T0 + 2 * TEN_MIN)).toEqual([]);
  });

  it('an expired session is dead even before tick() notices', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    expect(h.sessions.authorize(sessionId, 'acknowledge', T0 + TEN_MIN)).toMatchObject({ ok: false, reason: 'no-session' });
    expect(h.ended.map((e) => e.reason)).toEqual(['inactivity']);
  });

  it('touch() counts as activity and extends the session', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    expect(h.sessions.touch(sessionId, T0 + 9 * 60_000)).toBe(true);
    expect(h.sessions.tick(T0 + TEN_MIN + 60_000)).toEqual([]);
    expect(h.sessions.authorize(sessionId, 'acknowledge', T0 + 9 * 60_000 + TEN_MIN - 1).ok).toBe(true);
  });

  it('authorize() counts as activity and extends the session', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    let t = T0;
    for (let i = 0; i < 6; i++) {
      t += TEN_MIN - 1;
      expect(h.sessions.authorize(sessionId, 'audio-pause', t).ok, `after ${i + 1} near-timeouts`).toBe(true);
    }
    expect(h.sessions.tick(t + TEN_MIN - 1)).toEqual([]);
    expect(h.sessions.tick(t + TEN_MIN).map((e) => e.reason)).toEqual(['inactivity']);
  });

  it('touch() cannot revive an expired session', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    expect(h.sessions.touch(sessionId, T0 + TEN_MIN)).toBe(false);
    expect(h.sessions.authorize(sessionId, 'acknowledge', T0 + TEN_MIN + 1).ok).toBe(false);
    expect(h.sessions.touch('no-such-session', T0)).toBe(false);
  });

  it('honours a configured timeout', async () => {
    const h = await sessionHarness({ inactivityTimeoutMs: 60_000 });
    const sessionId = await h.signIn('nina');
    expect(h.sessions.authorize(sessionId, 'acknowledge', T0 + 59_999).ok).toBe(true);
    expect(h.sessions.tick(T0 + 59_999 + 60_000).map((e) => e.sessionId)).toEqual([sessionId]);
  });

  it('signs out each idle session on its own clock', async () => {
    const h = await sessionHarness();
    const nina = await h.signIn('nina');
    const carl = await h.signIn('carl');
    h.sessions.touch(carl, T0 + 5 * 60_000);
    expect(h.sessions.tick(T0 + TEN_MIN).map((e) => e.sessionId)).toEqual([nina]);
    expect(h.sessions.current(carl, T0 + TEN_MIN)?.userId).toBe('carl');
  });
});
