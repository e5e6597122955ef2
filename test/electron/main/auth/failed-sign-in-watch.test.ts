import { describe, expect, it } from 'vitest';
import type { SecurityNotice } from '../../../../shared/domain/security-notice';
import type { SignInScreen } from '../../../../electron/main/auth/session-manager';
import { DEFAULT_WATCH_POLICY } from '../../../../electron/main/auth/failed-sign-in-watch';
import { HOUR_STEPS } from '../../../support/fake-clock';
import { SCREEN, sessionHarness } from './auth-test-kit';

/**
 * Failed-login alerting: repeated failures for one user, wherever they come
 * from, become a notice for admins and charge nurses ("failed sign-ins for
 * <user> at <screens>"), audited, lapsing 10 quiet minutes after the last.
 */
const SECOND: SignInScreen = { id: 'view-2', label: 'browser 10.0.0.7 (view-2)' };
const THIRD: SignInScreen = { id: 'view-3', label: 'browser 10.0.0.9 (view-3)' };
const MINUTE = 60_000;

describe('failed sign-ins across screens', () => {
  it('the default: 5 failures for one user within 10 minutes raise a notice', () => {
    expect(DEFAULT_WATCH_POLICY).toEqual({ threshold: 5, windowMs: 10 * MINUTE });
  });

  it('raises "failed sign-ins for <user> at <screens>" once the failures add up across screens, and audits it', async () => {
    const h = await sessionHarness();
    const heard: SecurityNotice[][] = [];
    h.sessions.onSecurityNotices((n) => heard.push(n));
    for (let i = 0; i < 2; i++) await h.sessions.signIn('nina', '0000', SCREEN);
    for (let i = 0; i < 2; i++) await h.sessions.signIn('nina', '0000', SECOND);
    expect(h.sessions.securityNotices()).toEqual([]);
    await h.sessions.signIn('nina', '0000', SECOND);
    const [notice] = h.sessions.securityNotices();
    expect(notice).toMatchObject({ kind: 'failed-sign-ins', userId: 'nina', failures: 5, screens: [SCREEN.label, SECOND.label] });
    expect(notice!.message).toBe(`Failed sign-ins for nina at ${SCREEN.label}, ${SECOND.label}`);
    expect(heard.at(-1)).toEqual([notice]);
    expect(h.audit.recorded.filter((e) => e.action === 'user.sign-in-alert').map((e) => e.details)).toEqual([
      { change: 'raised', user_id: 'nina', screens: `${SCREEN.label}, ${SECOND.label}`, failures: 5, notice_id: notice!.noticeId },
    ]);

    // A third screen joins: the same notice grows, and that is audited too.
    await h.sessions.signIn('nina', '0000', THIRD);
    expect(h.sessions.securityNotices()).toEqual([expect.objectContaining({ noticeId: notice!.noticeId, failures: 6, screens: [SCREEN.label, SECOND.label, THIRD.label] })]);
    expect(h.audit.recorded.filter((e) => e.action === 'user.sign-in-alert').at(-1)?.details).toMatchObject({ change: 'new-screen', failures: 6 });
  });

  it('the notice still comes when every attempt is from one screen, and while that screen is throttled', async () => {
    const h = await sessionHarness();
    // Three free failures, then the screen waits: the next two guesses are throttled, yet still counted here.
    for (let i = 0; i < 5; i++) await h.sessions.signIn('nina', '0000', SCREEN);
    expect(h.sessions.securityNotices()).toEqual([expect.objectContaining({ userId: 'nina', failures: 5, screens: [SCREEN.label] })]);
  });

  // The window is monotonic time: the wall clock set an hour forward or back (HOUR_STEPS) changes nothing.
  it.each([['not set', 0], ...HOUR_STEPS] as const)('failures spread wider than the window do not raise one; a notice lapses 10 quiet minutes after the last failure (wall clock: %s)', async (_direction, step) => {
    const h = await sessionHarness();
    const heard: SecurityNotice[][] = [];
    h.sessions.onSecurityNotices((n) => heard.push(n));
    for (let i = 0; i < 6; i++) {
      await h.sessions.signIn('nina', '0000', i % 2 ? SCREEN : SECOND);
      h.clock.advance(2.6 * MINUTE); // 5 failures span 10.4 min
      if (i === 2) h.clock.stepWall(step);
    }
    expect(h.sessions.securityNotices()).toEqual([]);

    for (let i = 0; i < 5; i++) {
      await h.sessions.signIn('carl', '0000', i % 2 ? SCREEN : SECOND);
      if (i === 1) h.clock.stepWall(step);
    }
    expect(h.sessions.securityNotices()).toHaveLength(1);
    h.clock.stepWall(step);
    h.clock.advance(10 * MINUTE - 1);
    h.sessions.tick();
    expect(h.sessions.securityNotices()).toHaveLength(1);
    h.clock.advance(1);
    h.sessions.tick();
    expect(h.sessions.securityNotices()).toEqual([]);
    expect(heard.at(-1)).toEqual([]);
  });

  it('a notice about an identifier that names nobody does not repeat what was typed', async () => {
    const h = await sessionHarness();
    for (let i = 0; i < 5; i++) await h.sessions.signIn('correct-horse-battery', '0000', i < 3 ? SCREEN : SECOND);
    const [notice] = h.sessions.securityNotices();
    expect(notice).toMatchObject({ userId: null, message: `Failed sign-ins for an unknown user name at ${SCREEN.label}, ${SECOND.label}` });
    expect(JSON.stringify([h.sessions.securityNotices(), h.audit.log])).not.toContain('correct-horse');
  });
});
