import { describe, expect, it } from 'vitest';
import type { Operator } from '../../../../electron/main/auth/operator';
import { UserAdminError } from '../../../../electron/main/auth/user-directory';
import { adminOperator, SCREEN, sessionHarness, type SessionHarness } from './auth-test-kit';

/** An admin's changes to existing users: each audited durably first, then saved, then in force. */
async function withAdmin(): Promise<{ h: SessionHarness; admin: Operator }> {
  const h = await sessionHarness();
  const root = await h.signIn('root');
  const result = h.sessions.authorize(root, 'manage-users');
  if (!result.ok) throw new Error('root may manage users');
  return { h, admin: result.operator };
}

const changes = (h: SessionHarness) => h.audit.durable.filter((e) => e.action === 'config.changed').map((e) => e.details);

describe('user administration', () => {
  it('disable, then re-enable: the user signs in again with the same PIN, both changes audited under the admin', async () => {
    const { h, admin } = await withAdmin();
    await h.directory.disableUser('nina', admin);
    expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: false });
    await h.directory.enableUser('nina', admin);
    expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: true });
    expect(changes(h)).toEqual([
      { change: 'user.disabled', user_id: 'nina' },
      { change: 'user.enabled', user_id: 'nina' },
    ]);
    expect(h.audit.durable.find((e) => (e.details as { change?: string }).change === 'user.enabled')?.actor).toEqual({ userId: 'root', role: 'admin' });
  });

  it('a role change between clinical roles takes effect at once and ends the user’s open session', async () => {
    const { h, admin } = await withAdmin();
    const nina = await h.signIn('nina');
    expect(h.sessions.authorize(nina, 'limit-change').ok).toBe(false);
    await expect(h.directory.setRole('nina', 'charge-nurse', admin)).resolves.toMatchObject({ userId: 'nina', role: 'charge-nurse' });
    // The old session was granted on the old role.
    expect(h.sessions.authorize(nina, 'acknowledge')).toMatchObject({ ok: false, reason: 'no-session' });
    expect(h.ended.at(-1)).toMatchObject({ userId: 'nina', reason: 'user-changed' });
    const again = await h.signIn('nina');
    expect(h.sessions.authorize(again, 'limit-change').ok).toBe(true);
    expect(changes(h)).toEqual([{ change: 'user.role-changed', user_id: 'nina', from: 'nurse', to: 'charge-nurse' }]);
  });

  it('nobody can change their own role, and an account never crosses between IT and clinical work', async () => {
    const { h, admin } = await withAdmin();
    await expect(h.directory.setRole('root', 'charge-nurse', admin)).rejects.toThrow(/own role/);
    await expect(h.directory.setRole('nina', 'admin', admin)).rejects.toThrow(/separate/);
    // Even an admin's Operator for another admin's account: IT stays IT.
    await expect(h.directory.setRole('root', 'nurse', adminOperator('manage-users', 'admin', 'other-admin'))).rejects.toThrow(/separate/);
    // A charge nurse manages nobody, not even to promote themselves.
    await expect(h.directory.setRole('carl', 'charge-nurse', adminOperator('manage-users', 'charge-nurse', 'carl'))).rejects.toBeInstanceOf(UserAdminError);
    expect(changes(h)).toEqual([]);
  });

  it('a reset PIN replaces the old one and ends the user’s sessions; the PIN rules apply', async () => {
    const { h, admin } = await withAdmin();
    const nina = await h.signIn('nina');
    await expect(h.directory.resetSecret('nina', '1234', admin)).rejects.toThrow(/run of digits/);
    await expect(h.directory.resetSecret('nina', 'badge-nina-01', admin)).rejects.toThrow(/user id or badge/);
    await expect(h.directory.resetSecret('root', 'short', admin)).rejects.toThrow(/at least 10/);
    await h.directory.resetSecret('nina', '4711', admin);
    expect(h.sessions.authorize(nina, 'acknowledge')).toMatchObject({ ok: false, reason: 'no-session' });
    expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: false });
    expect(await h.sessions.signIn('nina', '4711', SCREEN)).toMatchObject({ ok: true });
    // The trail records that it happened, never the PIN.
    expect(changes(h)).toEqual([{ change: 'user.pin-reset', user_id: 'nina' }]);
    expect(JSON.stringify(h.audit.durable)).not.toContain('4711');
  });

  it('a badge can be set, changed and removed, never to one in use', async () => {
    const { h, admin } = await withAdmin();
    await expect(h.directory.setBadge('vera', 'BADGE-CARL-01', admin)).rejects.toThrow(/in use/);
    await expect(h.directory.setBadge('vera', 'carl', admin)).rejects.toThrow(/in use/);
    await expect(h.directory.setBadge('vera', 'BADGE-VERA-01', admin)).resolves.toMatchObject({ badgeId: 'BADGE-VERA-01' });
    expect(h.directory.find('BADGE-VERA-01')).toMatchObject({ user: { userId: 'vera' }, via: 'badge' });
    await h.directory.setBadge('vera', null, admin);
    expect(h.directory.find('BADGE-VERA-01')).toBeNull();
    // Keeping one's own badge is not a collision.
    await expect(h.directory.setBadge('nina', 'BADGE-NINA-01', admin)).resolves.toMatchObject({ badgeId: 'BADGE-NINA-01' });
    expect(changes(h)).toEqual([
      { change: 'user.badge-changed', user_id: 'vera', badge: true },
      { change: 'user.badge-changed', user_id: 'vera', badge: false },
    ]);
  });

  it('an admin cannot disable their own account or the last active admin', async () => {
    const { h, admin } = await withAdmin();
    await expect(h.directory.disableUser('root', admin)).rejects.toThrow(/your own account/);
    await expect(h.directory.disableUser('root', adminOperator('manage-users', 'admin', 'other-admin'))).rejects.toThrow(/last active admin/);
    expect(h.directory.isActive('root')).toBe(true);
  });

  it('a change the audit trail cannot record is not made', async () => {
    const { h, admin } = await withAdmin();
    h.audit.mode = 'fail';
    await expect(h.directory.setRole('nina', 'viewer', admin)).rejects.toThrow();
    await expect(h.directory.resetSecret('nina', '4711', admin)).rejects.toThrow();
    h.audit.mode = 'ok';
    expect(h.directory.find('nina')?.user.role).toBe('nurse');
    expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: true });
  });
});
