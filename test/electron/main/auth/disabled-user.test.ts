import { describe, expect, it } from 'vitest';
import { UserAdminError } from '../../../../electron/main/auth/user-directory';
import { adminOperator, SCREEN, sessionHarness } from './auth-test-kit';

/** A disabled user cannot sign in, and their open sessions stop authorising at once. */
describe('disabled users', () => {
  it("a disabled user's open session stops authorising and is signed out (audited)", async () => {
    const h = await sessionHarness();
    const nina = await h.signIn('nina');
    const carl = await h.signIn('carl');
    const root = await h.signIn('root');
    const admin = h.sessions.authorize(root, 'manage-users');
    if (!admin.ok) throw new Error('admin may manage users');

    await h.directory.disableUser('nina', admin.operator);

    expect(h.sessions.authorize(nina, 'acknowledge')).toMatchObject({ ok: false, reason: 'no-session' });
    expect(h.ended).toEqual([{ sessionId: nina, userId: 'nina', reason: 'user-disabled', at: h.time.now }]);
    await Promise.resolve();
    expect(h.audit.durable.at(-1)).toEqual({ action: 'user.sign-out', actor: 'system', details: { user_id: 'nina', role: 'nurse', reason: 'user-disabled' } });
    expect(h.sessions.authorize(carl, 'acknowledge').ok).toBe(true);
    expect(h.sessions.touch(nina)).toBe(false);
  });

  it('a disabled user cannot sign in even with the right secret; audited as disabled', async () => {
    const h = await sessionHarness();
    await h.directory.disableUser('nina', adminOperator());
    expect(await h.sessions.signIn('nina', '1111', SCREEN)).toMatchObject({ ok: false, reason: 'invalid-credentials' });
    expect(h.audit.recorded.at(-1)?.details).toMatchObject({ user_id: 'nina', reason: 'disabled' });
  });

  it('disabling is audited as a configuration change, durably, and persisted', async () => {
    const h = await sessionHarness();
    await h.directory.disableUser('nina', adminOperator());
    expect(h.audit.durable).toEqual([
      { action: 'config.changed', actor: { userId: 'root', role: 'admin' }, details: { change: 'user.disabled', user_id: 'nina' } },
    ]);
    expect(h.persistence.users.find((u) => u.userId === 'nina')?.disabled).toBe(true);
    expect(h.directory.isActive('nina')).toBe(false);
  });

  it('only an admin acting with manage-users may disable a user', async () => {
    const h = await sessionHarness();
    await expect(h.directory.disableUser('nina', adminOperator('manage-users', 'charge-nurse', 'carl'))).rejects.toBeInstanceOf(UserAdminError);
    await expect(h.directory.disableUser('nina', adminOperator('configure'))).rejects.toBeInstanceOf(UserAdminError);
    expect(h.directory.isActive('nina')).toBe(true);
  });

  it('a disable whose audit write fails does not happen', async () => {
    const h = await sessionHarness();
    const nina = await h.signIn('nina');
    h.audit.mode = 'fail';
    await expect(h.directory.disableUser('nina', adminOperator())).rejects.toThrow();
    expect(h.directory.isActive('nina')).toBe(true);
    expect(h.sessions.authorize(nina, 'acknowledge').ok).toBe(true);
  });
});
