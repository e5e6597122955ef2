import { describe, expect, it } from 'vitest';
import { CLINICAL_PERMISSIONS, isClinicalPermission, ROLE_PERMISSIONS } from '../../../../electron/main/auth/permissions';
import { sessionHarness } from './auth-test-kit';

/** A kiosk wall is view-only: clinical actions are refused unless IT set wall.allowClinicalActions. */
describe('wall view-only mode', () => {
  it('refuses every clinical permission, even for a charge nurse', async () => {
    const h = await sessionHarness({ wall: { wallMode: true, allowClinicalActions: false } });
    const sessionId = await h.signIn('carl');
    for (const permission of CLINICAL_PERMISSIONS) {
      expect(h.sessions.authorize(sessionId, permission), permission).toMatchObject({ ok: false, reason: 'wall-view-only' });
    }
    // The view is told only what it may still do: no clinical permission at all, no patient's recorded history, no closing the wall.
    expect(h.sessions.current(sessionId)?.permissions).toEqual(ROLE_PERMISSIONS['charge-nurse'].filter((p) => !isClinicalPermission(p) && p !== 'review-disclosure' && p !== 'quit-station'));
    expect(h.sessions.current(sessionId)?.permissions.some(isClinicalPermission)).toBe(false);
  });

  it('refuses a patient’s full-disclosure record on a wall even where the wall may take clinical actions', async () => {
    const h = await sessionHarness({ wall: { wallMode: true, allowClinicalActions: true } });
    const sessionId = await h.signIn('carl');
    expect(h.sessions.authorize(sessionId, 'acknowledge').ok).toBe(true);
    expect(h.sessions.authorize(sessionId, 'review-disclosure')).toMatchObject({ ok: false, reason: 'wall-view-only' });
    expect(h.sessions.current(sessionId)?.permissions).not.toContain('review-disclosure');
  });

  it('still lets an admin manage users at a wall (not a clinical action)', async () => {
    const h = await sessionHarness({ wall: { wallMode: true, allowClinicalActions: false } });
    const sessionId = await h.signIn('root');
    expect(h.sessions.authorize(sessionId, 'manage-users').ok).toBe(true);
    expect(h.sessions.current(sessionId)?.permissions).toEqual(ROLE_PERMISSIONS.admin.filter((p) => p !== 'quit-station'));
  });

  it('nobody can close a wall from its screen, even where IT allowed clinical actions', async () => {
    for (const allowClinicalActions of [false, true]) {
      const h = await sessionHarness({ wall: { wallMode: true, allowClinicalActions } });
      for (const user of ['carl', 'root'] as const) {
        const sessionId = await h.signIn(user);
        expect(h.sessions.authorize(sessionId, 'quit-station')).toMatchObject({ ok: false, reason: 'wall-view-only', message: 'A wall display cannot be closed from its screen.' });
        expect(h.sessions.current(sessionId)?.permissions).not.toContain('quit-station');
      }
    }
    const workstation = await sessionHarness();
    expect(workstation.sessions.authorize(await workstation.signIn('carl'), 'quit-station').ok).toBe(true);
  });

  it('allows clinical actions when IT set allowClinicalActions', async () => {
    const h = await sessionHarness({ wall: { wallMode: true, allowClinicalActions: true } });
    const sessionId = await h.signIn('carl');
    for (const permission of CLINICAL_PERMISSIONS) expect(h.sessions.authorize(sessionId, permission).ok, permission).toBe(true);
  });

  it('a workstation (not a wall) is not view-only', async () => {
    const h = await sessionHarness({ wall: { wallMode: false, allowClinicalActions: false } });
    const sessionId = await h.signIn('nina');
    expect(h.sessions.authorize(sessionId, 'acknowledge').ok).toBe(true);
  });

  it('the wall still applies the role matrix when actions are allowed', async () => {
    const h = await sessionHarness({ wall: { wallMode: true, allowClinicalActions: true } });
    const sessionId = await h.signIn('nina');
    expect(h.sessions.authorize(sessionId, 'limit-change')).toMatchObject({ ok: false, reason: 'not-permitted' });
  });

  it('sign-ins at a wall are audited as such', async () => {
    const h = await sessionHarness({ wall: { wallMode: true, allowClinicalActions: false } });
    await h.signIn('nina');
    expect(h.audit.durable[0]?.details).toEqual({ via: 'user-id', wall: true });
  });
});
