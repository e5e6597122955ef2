import { describe, expect, it } from 'vitest';
import { UserAdminError, UserDirectory, type NewUser } from '../../../../electron/main/auth/user-directory';
import { adminOperator, FakeAuditSink, MemoryUsers, T0, TEST_COST, unitUsers } from './auth-test-kit';

/** User administration: admins only, audited before it is saved, saved before it is visible. */
async function emptyDirectory() {
  const audit = new FakeAuditSink();
  const persistence = new MemoryUsers();
  const directory = await UserDirectory.open(persistence, { audit, hashCost: TEST_COST, clock: () => T0 });
  return { audit, persistence, directory };
}

async function unitDirectory() {
  const audit = new FakeAuditSink();
  const persistence = new MemoryUsers(await unitUsers());
  const directory = await UserDirectory.open(persistence, { audit, hashCost: TEST_COST, clock: () => T0 });
  return { audit, persistence, directory };
}

const newNurse = (overrides: Partial<NewUser> = {}): NewUser => ({ userId: 'olga', displayName: 'Olga', role: 'nurse', secret: '4711', ...overrides });

describe('user directory', () => {
  it('initial setup adds the first user only while the directory is empty, and only an admin', async () => {
    const { directory, audit } = await emptyDirectory();
    await expect(directory.addUser(newNurse(), 'initial-setup')).rejects.toThrow(/first user must be an admin/);
    await expect(directory.addUser({ userId: 'Root', displayName: 'IT', role: 'admin', secret: 'long-password' }, 'initial-setup')).resolves.toEqual({
      userId: 'root',
      displayName: 'IT',
      role: 'admin',
      badgeId: null,
      disabled: false,
    });
    expect(audit.durable).toEqual([
      { action: 'config.changed', actor: 'system', details: { change: 'user.added', user_id: 'root', role: 'admin', badge: false, initial_setup: true } },
    ]);
    await expect(directory.addUser({ userId: 'mallory', displayName: 'M', role: 'admin', secret: 'long-password' }, 'initial-setup')).rejects.toThrow(/only possible while there are no users/);
  });

  it('adding a user needs an admin Operator minted for manage-users', async () => {
    const { directory } = await unitDirectory();
    await expect(directory.addUser(newNurse(), adminOperator('manage-users', 'charge-nurse', 'carl'))).rejects.toBeInstanceOf(UserAdminError);
    await expect(directory.addUser(newNurse(), adminOperator('configure'))).rejects.toBeInstanceOf(UserAdminError);
    await expect(directory.addUser(newNurse(), adminOperator())).resolves.toMatchObject({ userId: 'olga', role: 'nurse' });
  });

  it('the listing never carries the secret or its hash', async () => {
    const { directory } = await unitDirectory();
    for (const user of directory.list()) expect(Object.keys(user).sort()).toEqual(['badgeId', 'disabled', 'displayName', 'role', 'userId']);
  });

  it.each([
    { input: { userId: 'system' }, why: 'the reserved id system' },
    { input: { userId: 'has space' }, why: 'an invalid user id' },
    { input: { userId: 'nina' }, why: 'a user id already in use' },
    { input: { userId: 'NINA' }, why: 'a user id in use in another case' },
    { input: { badgeId: 'BADGE-NINA-01' }, why: 'a badge already in use' },
    { input: { badgeId: 'carl' }, why: "a badge equal to someone's user id" },
    { input: { badgeId: 'CARL' }, why: "a badge equal to someone's user id in another case" },
    { input: { userId: 'badge-nina-01' }, why: "a user id equal to someone's badge (ignoring case)" },
    { input: { badgeId: 'olga' }, why: 'a badge equal to the new user id' },
    { input: { badgeId: 'ab' }, why: 'a badge that is too short' },
    { input: { secret: '123' }, why: 'a PIN shorter than 4' },
    { input: { secret: 'x'.repeat(129) }, why: 'a secret longer than 128' },
  ])('refuses $why', async ({ input }) => {
    const { directory, audit, persistence } = await unitDirectory();
    const before = directory.list();
    await expect(directory.addUser(newNurse(input), adminOperator())).rejects.toBeInstanceOf(UserAdminError);
    expect(directory.list()).toEqual(before);
    expect(audit.durable).toEqual([]);
    expect(persistence.saves).toBe(0);
  });

  it('one identifier, one person: a badge that matches a user id in another case cannot sign in as someone else', async () => {
    const { directory } = await unitDirectory();
    // If this were accepted, find('BADGE-NINA-01') would resolve to the new user, not to Nina.
    await expect(directory.addUser(newNurse({ userId: 'badge-nina-01' }), adminOperator())).rejects.toBeInstanceOf(UserAdminError);
    expect(directory.find('BADGE-NINA-01')).toMatchObject({ user: { userId: 'nina' }, via: 'badge' });
  });

  it('concurrent additions are all kept (no lost update), and each id is taken once', async () => {
    const { directory, persistence } = await unitDirectory();
    const added = await Promise.allSettled([
      directory.addUser(newNurse({ userId: 'olga' }), adminOperator()),
      directory.addUser(newNurse({ userId: 'pete' }), adminOperator()),
      directory.addUser(newNurse({ userId: 'olga', displayName: 'Other Olga' }), adminOperator()),
    ]);
    expect(added.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    const ids = directory.list().map((u) => u.userId);
    expect(ids).toEqual(['nina', 'carl', 'vera', 'root', 'olga', 'pete']);
    expect(persistence.users.map((u) => u.userId)).toEqual(ids);
  });

  it('an addition whose audit write fails is not made', async () => {
    const { directory, audit, persistence } = await unitDirectory();
    audit.mode = 'fail';
    await expect(directory.addUser(newNurse(), adminOperator())).rejects.toThrow();
    expect(directory.find('olga')).toBeNull();
    expect(persistence.saves).toBe(0);
  });

  it('an addition that cannot be saved is not made, and the trail says so', async () => {
    const { directory, audit, persistence } = await unitDirectory();
    persistence.failSave = true;
    await expect(directory.addUser(newNurse(), adminOperator())).rejects.toThrow(/disk full/);
    expect(directory.find('olga')).toBeNull();
    expect(audit.recorded).toEqual([expect.objectContaining({ action: 'config.changed', details: expect.objectContaining({ user_id: 'olga', outcome: 'save-failed' }) })]);
  });

  it('find() takes a user id in any case or an exact badge id', async () => {
    const { directory } = await unitDirectory();
    expect(directory.find(' Carl ')).toMatchObject({ user: { userId: 'carl' }, via: 'user-id' });
    expect(directory.find('BADGE-CARL-01')).toMatchObject({ user: { userId: 'carl' }, via: 'badge' });
    expect(directory.find('nobody')).toBeNull();
  });

  it('authenticate() checks the secret before saying a user is disabled', async () => {
    const { directory } = await unitDirectory();
    await directory.disableUser('nina', adminOperator());
    expect(await directory.authenticate('nina', '0000')).toEqual({ ok: false, reason: 'bad-secret', userId: 'nina' });
    expect(await directory.authenticate('nina', '1111')).toEqual({ ok: false, reason: 'disabled', userId: 'nina' });
    expect(await directory.authenticate('nobody', '1111')).toEqual({ ok: false, reason: 'unknown-user', userId: null });
    expect(await directory.authenticate('BADGE-CARL-01', '2222')).toMatchObject({ ok: true, via: 'badge', user: { userId: 'carl' } });
  });
});
