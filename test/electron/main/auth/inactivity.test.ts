import { describe, expect, it } from 'vitest';
import { DEFAULT_INACTIVITY_TIMEOUT_MS } from '../../../../electron/main/auth/session-manager';
import { sessionHarness, T0 } from './auth-test-kit';
import { HOUR_STEPS } from '../../../support/fake-clock';

/** A workstation signs its user out after 10 minutes without interaction. */
const TEN_MIN = 10 * 60_000;
const HOUR = 3_600_000;

describe('inactivity sign-out', () => {
  it('defaults to 10 minutes and tells the view', async () => {
    expect(DEFAULT_INACTIVITY_TIMEOUT_MS).toBe(TEN_MIN);
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    expect(h.sessions.current(sessionId)?.inactivityTimeoutMs).toBe(TEN_MIN);
  });

  it('tick() signs out a session idle for 10 minutes, not earlier, and audits it', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    h.time.now = T0 + TEN_MIN - 1;
    expect(h.sessions.tick()).toEqual([]);
    h.time.now = T0 + TEN_MIN;
    expect(h.sessions.tick()).toEqual([{ sessionId, userId: 'nina', reason: 'inactivity', at: T0 + TEN_MIN }]);
    expect(h.ended).toEqual([{ sessionId, userId: 'nina', reason: 'inactivity', at: T0 + TEN_MIN }]);
    expect(h.sessions.authorize(sessionId, 'acknowledge')).toMatchObject({ ok: false, reason: 'no-session' });
    await Promise.resolve();
    expect(h.audit.durable.at(-1)).toEqual({ action: 'user.sign-out', actor: 'system', details: { user_id: 'nina', role: 'nurse', reason: 'inactivity' } });
    h.time.now = T0 + 2 * TEN_MIN;
    expect(h.sessions.tick()).toEqual([]);
  });

  it('an expired session is dead even before tick() notices', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    h.time.now = T0 + TEN_MIN;
    expect(h.sessions.authorize(sessionId, 'acknowledge')).toMatchObject({ ok: false, reason: 'no-session' });
    expect(h.ended.map((e) => e.reason)).toEqual(['inactivity']);
  });

  it('touch() counts as activity and extends the session', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    h.time.now = T0 + 9 * 60_000;
    expect(h.sessions.touch(sessionId)).toBe(true);
    h.time.now = T0 + TEN_MIN + 60_000;
    expect(h.sessions.tick()).toEqual([]);
    h.time.now = T0 + 9 * 60_000 + TEN_MIN - 1;
    expect(h.sessions.authorize(sessionId, 'acknowledge').ok).toBe(true);
  });

  it('authorize() counts as activity and extends the session', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    for (let i = 0; i < 6; i++) {
      h.clock.advance(TEN_MIN - 1);
      expect(h.sessions.authorize(sessionId, 'audio-pause').ok, `after ${i + 1} near-timeouts`).toBe(true);
    }
    h.clock.advance(TEN_MIN - 1);
    expect(h.sessions.tick()).toEqual([]);
    h.clock.advance(1);
    expect(h.sessions.tick().map((e) => e.reason)).toEqual(['inactivity']);
  });

  it('touch() cannot revive an expired session', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    h.time.now = T0 + TEN_MIN;
    expect(h.sessions.touch(sessionId)).toBe(false);
    h.clock.advance(1);
    expect(h.sessions.authorize(sessionId, 'acknowledge').ok).toBe(false);
    expect(h.sessions.touch('no-such-session')).toBe(false);
  });

  it('honours a configured timeout', async () => {
    const h = await sessionHarness({ inactivityTimeoutMs: 60_000 });
    const sessionId = await h.signIn('nina');
    h.time.now = T0 + 59_999;
    expect(h.sessions.authorize(sessionId, 'acknowledge').ok).toBe(true);
    h.time.now = T0 + 59_999 + 60_000;
    expect(h.sessions.tick().map((e) => e.sessionId)).toEqual([sessionId]);
  });

  it('signs out each idle session on its own clock', async () => {
    const h = await sessionHarness();
    const nina = await h.signIn('nina');
    const carl = await h.signIn('carl');
    h.time.now = T0 + 5 * 60_000;
    h.sessions.touch(carl);
    h.time.now = T0 + TEN_MIN;
    expect(h.sessions.tick().map((e) => e.sessionId)).toEqual([nina]);
    expect(h.sessions.current(carl)?.userId).toBe('carl');
  });

  describe.each(HOUR_STEPS)('with the wall clock set one hour %s', (_direction, step) => {
    it('a session idle for 10 minutes of elapsed time is signed out, not earlier', async () => {
      const h = await sessionHarness();
      const sessionId = await h.signIn('nina');
      h.clock.advance(60_000);
      h.clock.stepWall(step);
      expect(h.sessions.tick()).toEqual([]);
      expect(h.sessions.current(sessionId)?.userId).toBe('nina');
      h.clock.advance(TEN_MIN - 60_000 - 1);
      expect(h.sessions.tick()).toEqual([]);
      h.clock.advance(1);
      // Ended at the wall time people read, which includes the step.
      expect(h.sessions.tick()).toEqual([{ sessionId, userId: 'nina', reason: 'inactivity', at: T0 + TEN_MIN + step }]);
    });

    it('a 10-minute timeout does not authorise an action after 65 idle minutes', async () => {
      const h = await sessionHarness();
      const sessionId = await h.signIn('nina');
      h.clock.advance(5 * 60_000);
      h.clock.stepWall(step);
      h.clock.advance(60 * 60_000);
      expect(h.sessions.authorize(sessionId, 'acknowledge')).toMatchObject({ ok: false, reason: 'no-session' });
    });

    it('activity after the step still extends the session by 10 minutes of elapsed time', async () => {
      const h = await sessionHarness();
      const sessionId = await h.signIn('nina');
      h.clock.advance(9 * 60_000);
      h.clock.stepWall(step);
      expect(h.sessions.touch(sessionId)).toBe(true);
      h.clock.advance(TEN_MIN - 1);
      expect(h.sessions.authorize(sessionId, 'acknowledge').ok).toBe(true);
    });
  });

  it('shows the sign-in time on the wall clock', async () => {
    const h = await sessionHarness();
    h.clock.stepWall(-HOUR);
    const sessionId = await h.signIn('nina');
    expect(h.sessions.current(sessionId)?.signedInAt).toBe(T0 - HOUR);
  });
});
