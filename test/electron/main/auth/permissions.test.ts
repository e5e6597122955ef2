import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES } from '../../../../shared/domain/session';
import { CLINICAL_PERMISSIONS, hasPermission, isClinicalPermission, ROLE_PERMISSIONS } from '../../../../electron/main/auth/permissions';
import { AlarmActionRefused } from '../../../../electron/main/alarms/alarm-action-refused';
import { harness, raiseHigh } from '../alarms/alarm-test-kit';
import { sessionHarness, type UserName } from './auth-test-kit';

/**
 * Who may do what: viewer nothing; nurse acknowledge and audio pause; charge
 * nurse also alarm reset and limit change; admin (IT) manages users and
 * configuration and has NO clinical rights. Reviewing history (nurse and up)
 * and the audit trail (charge nurse, admin) is not a clinical action. The
 * census: nurses and charge nurses see it (names, numbers); only a charge
 * nurse changes it, and that is clinical (a kiosk wall refuses it). IT sees
 * no patient's name. A bed's full-disclosure record is for the nurses caring
 * for the patient: nurse and charge nurse, never a viewer or IT.
 */
const MATRIX = {
  viewer: [],
  nurse: ['acknowledge', 'audio-pause', 'review-history', 'review-disclosure', 'census-view'],
  'charge-nurse': ['acknowledge', 'audio-pause', 'alarm-reset', 'limit-change', 'review-history', 'review-disclosure', 'review-audit', 'census-view', 'census-edit', 'security-notices', 'quit-station'],
  admin: ['review-history', 'review-audit', 'manage-users', 'configure', 'security-notices', 'quit-station'],
} as const;

describe('permission matrix', () => {
  it('is exactly the documented matrix', () => {
    expect(ROLE_PERMISSIONS).toEqual(MATRIX);
  });

  it('hasPermission answers every role × permission pair from the matrix', () => {
    for (const role of ROLES) {
      for (const permission of PERMISSIONS) {
        expect(hasPermission(role, permission), `${role} ${permission}`).toBe((MATRIX[role] as readonly string[]).includes(permission));
      }
    }
  });

  it('admin has no clinical right, and clinical roles have no admin right', () => {
    expect(CLINICAL_PERMISSIONS).toEqual(['acknowledge', 'audio-pause', 'alarm-reset', 'limit-change', 'census-edit']);
    for (const p of CLINICAL_PERMISSIONS) {
      expect(hasPermission('admin', p)).toBe(false);
      expect(isClinicalPermission(p)).toBe(true);
    }
    for (const p of ['review-history', 'review-audit', 'manage-users', 'configure', 'census-view', 'security-notices', 'quit-station'] as const) expect(isClinicalPermission(p)).toBe(false);
    expect(hasPermission('admin', 'census-view')).toBe(false);
    for (const p of ['manage-users', 'configure'] as const) {
      for (const role of ['viewer', 'nurse', 'charge-nurse'] as const) expect(hasPermission(role, p)).toBe(false);
    }
  });

  it('whoever may review a bed’s full disclosure may see the census: its screens and print-outs name the patient', () => {
    for (const role of ROLES) if (hasPermission(role, 'review-disclosure')) expect(hasPermission(role, 'census-view'), role).toBe(true);
  });

  it('SessionManager.authorize() applies the matrix to signed-in users', async () => {
    const h = await sessionHarness();
    const sessionOf: Record<UserName, string> = { vera: '', nina: '', carl: '', root: '' };
    for (const user of Object.keys(sessionOf) as UserName[]) sessionOf[user] = await h.signIn(user);
    const roleOf = { vera: 'viewer', nina: 'nurse', carl: 'charge-nurse', root: 'admin' } as const;
    for (const user of Object.keys(sessionOf) as UserName[]) {
      for (const permission of PERMISSIONS) {
        const result = h.sessions.authorize(sessionOf[user], permission);
        const allowed = (MATRIX[roleOf[user]] as readonly string[]).includes(permission);
        expect(result.ok ? 'ok' : result.reason, `${user} ${permission}`).toBe(allowed ? 'ok' : 'not-permitted');
      }
    }
  });

  it('the Operator names the user, role, session and the one permission it was checked for', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    const result = h.sessions.authorize(sessionId, 'acknowledge');
    expect(result.ok && { ...result.operator }).toEqual({ userId: 'nina', role: 'nurse', sessionId, permission: 'acknowledge' });
    expect(result.ok && Object.isFrozen(result.operator)).toBe(true);
  });

  it('the engine takes an Operator only for the action it was authorised for', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    const engine = harness();
    const id = raiseHigh(engine);
    const forAck = h.sessions.authorize(sessionId, 'acknowledge');
    if (!forAck.ok) throw new Error('nurse may acknowledge');
    await expect(engine.engine.pauseAudio(forAck.operator)).rejects.toBeInstanceOf(AlarmActionRefused);
    await expect(engine.engine.pauseAudio(forAck.operator)).rejects.toMatchObject({ reason: 'not-permitted' });
    expect(engine.engine.audioPauseRemainingMs).toBeNull();
    await expect(engine.engine.acknowledge(id, forAck.operator)).resolves.toMatchObject({ applied: true });
  });

  it('a limit change by a nurse cannot even be authorised', async () => {
    const h = await sessionHarness();
    const sessionId = await h.signIn('nina');
    expect(h.sessions.authorize(sessionId, 'limit-change')).toMatchObject({ ok: false, reason: 'not-permitted' });
  });
});
