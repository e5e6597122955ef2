import { describe, expect, it } from 'vitest';
import { AdtListenerConfigSchema } from '../../../../shared/hl7/adt-config';
import { StationConfigSchema } from '../../../../shared/config/station-config';
import { hashSecret } from '../../../../electron/main/auth/password-hash';
import { isPublishedCredential, realFeedReason, removeTrainingAccounts, seedTrainingAccounts, trainingAccountPolicy } from '../../../../electron/main/auth/training-accounts';
import { UserDirectory, UserAdminError } from '../../../../electron/main/auth/user-directory';
import { adminOperator, FakeAuditSink, MemoryUsers, TEST_COST, unitUsers } from './auth-test-kit';

/**
 * The training accounts' PINs are in the README. They exist only while the
 * simulator is the only feed; anywhere else every credential from the README
 * is refused at sign-in and removed from the user file (audited).
 */
describe('training accounts', () => {
  it('are allowed only with the simulator feed, no HL7 listener and no ADT feed', () => {
    const gateway = { kind: 'gateway', urls: ['https://gw.ward.local'], token: 'station-token-1' } as const;
    const beds = [{ bedId: 'icu-01', label: 'Bed 1', patient: null }];
    expect(trainingAccountPolicy(StationConfigSchema.parse({}))).toBe('allowed');
    expect(trainingAccountPolicy(StationConfigSchema.parse({ feed: gateway, beds }))).toBe('refused');
    const simWithMonitors = StationConfigSchema.parse({ feed: { kind: 'simulator', beds: 2 }, hl7: { port: 0, bedMap: [{ bedId: 'bed-01', location: 'A^^1' }] } });
    expect(trainingAccountPolicy(simWithMonitors)).toBe('refused');
    // The ADT feed brings real patients' names and numbers onto simulated beds: no published credential may read or change them.
    // (The config refuses an ADT feed on the simulated unit; the policy does not rely on that.)
    const simWithAdt = { ...StationConfigSchema.parse({}), adt: AdtListenerConfigSchema.parse({ port: 2576, bedMap: [{ bedId: 'bed-01', location: 'A^^1' }] }) };
    expect(trainingAccountPolicy(simWithAdt)).toBe('refused');
    expect(realFeedReason(simWithAdt)).toBe('real feed: ADT listener');
    expect(realFeedReason(simWithMonitors)).toBe('real feed: HL7 listener');
  });

  it('every published credential is recognised, by user id (any case) or badge, and nothing else', () => {
    expect(isPublishedCredential('charge', '1234')).toBe(true);
    expect(isPublishedCredential(' CHARGE ', '1234')).toBe(true);
    expect(isPublishedCredential('BADGE-CHARGE', '1234')).toBe(true);
    expect(isPublishedCredential('admin', 'admin1234')).toBe(true);
    expect(isPublishedCredential('admin', '1234')).toBe(false);
    expect(isPublishedCredential('charge', '12345')).toBe(false);
    expect(isPublishedCredential('badge-charge', '1234')).toBe(false); // badges are exact, like sign-in's lookup
  });

  it('a directory on a real feed refuses them at sign-in (by name and by badge); the simulated unit accepts them', async () => {
    const persistence = new MemoryUsers();
    const audit = new FakeAuditSink();
    await seedTrainingAccounts(persistence, audit, { hashCost: TEST_COST });
    const real = await UserDirectory.open(persistence, { audit, hashCost: TEST_COST, trainingAccounts: 'refused' });
    expect(await real.authenticate('charge', '1234')).toEqual({ ok: false, reason: 'training-account', userId: 'charge' });
    expect(await real.authenticate('BADGE-ADMIN', 'admin1234')).toEqual({ ok: false, reason: 'training-account', userId: 'admin' });
    const simulated = await UserDirectory.open(persistence, { audit, hashCost: TEST_COST, trainingAccounts: 'allowed' });
    expect(await simulated.authenticate('charge', '1234')).toMatchObject({ ok: true, user: { userId: 'charge' } });
    // Safe by default: a directory nobody configured refuses them.
    expect(await (await UserDirectory.open(persistence, { audit, hashCost: TEST_COST })).authenticate('nurse', '1234')).toMatchObject({ reason: 'training-account' });
  });

  it('on a real feed an admin cannot recreate one by hand (the README PIN on a training id or badge)', async () => {
    const persistence = new MemoryUsers(await unitUsers());
    const directory = await UserDirectory.open(persistence, { audit: new FakeAuditSink(), hashCost: TEST_COST });
    await expect(directory.addUser({ userId: 'charge', displayName: 'C', role: 'charge-nurse', secret: '1234' }, adminOperator())).rejects.toThrow(UserAdminError);
    await expect(directory.addUser({ userId: 'cora', displayName: 'C', role: 'charge-nurse', badgeId: 'BADGE-CHARGE', secret: '1234' }, adminOperator())).rejects.toThrow(/published training credential/);
    await expect(directory.addUser({ userId: 'charge', displayName: 'C', role: 'charge-nurse', secret: '8642' }, adminOperator())).resolves.toMatchObject({ userId: 'charge' });
  });

  it('on a real feed no admin change gives an account a README credential: added, PIN reset, or a training badge on the published PIN', async () => {
    const admin = adminOperator();
    // The PIN rules alone let one through: a clinical account "admin" with the training admin's password.
    const simulated = await UserDirectory.open(new MemoryUsers(await unitUsers()), { audit: new FakeAuditSink(), hashCost: TEST_COST, trainingAccounts: 'allowed' });
    await expect(simulated.addUser({ userId: 'admin', displayName: 'A', role: 'nurse', secret: 'admin1234' }, admin)).resolves.toMatchObject({ userId: 'admin' });

    const persistence = new MemoryUsers(await unitUsers());
    const real = await UserDirectory.open(persistence, { audit: new FakeAuditSink(), hashCost: TEST_COST, trainingAccounts: 'refused' });
    await expect(real.addUser({ userId: 'admin', displayName: 'A', role: 'nurse', secret: 'admin1234' }, admin)).rejects.toThrow(/published training credential/);
    // A PIN reset to the published one, on an account a training badge names.
    await real.addUser({ userId: 'cora', displayName: 'C', role: 'nurse', badgeId: 'BADGE-ADMIN', secret: '8642' }, admin);
    await expect(real.resetSecret('cora', 'admin1234', admin)).rejects.toThrow(/published training credential/);
    await real.setBadge('cora', null, admin);
    // A training badge on an account whose PIN is the published one.
    await real.addUser({ userId: 'dora', displayName: 'D', role: 'nurse', secret: 'admin1234' }, admin);
    await expect(real.setBadge('dora', 'BADGE-ADMIN', admin)).rejects.toThrow(/published training credential/);
    await expect(real.setBadge('dora', 'BADGE-DORA-01', admin)).resolves.toMatchObject({ badgeId: 'BADGE-DORA-01' });
    expect(await real.authenticate('cora', '8642')).toMatchObject({ ok: true });
    expect(persistence.users.find((u) => u.userId === 'dora')?.badgeId).toBe('BADGE-DORA-01');
  });

  it('removal takes every account the README opens – seeded, or recreated by hand – keeps real users, and is audited before the file changes', async () => {
    const persistence = new MemoryUsers();
    const audit = new FakeAuditSink();
    await seedTrainingAccounts(persistence, audit, { hashCost: TEST_COST });
    const handMade = { userId: 'cora', displayName: 'Cora', role: 'charge-nurse' as const, badgeId: 'BADGE-CHARGE', disabled: false, secret: await hashSecret('1234', TEST_COST), createdAt: 1 };
    const realNurse = { userId: 'nurse', displayName: 'A real nurse called Nurse', role: 'nurse' as const, badgeId: null, disabled: false, secret: await hashSecret('8642', TEST_COST), createdAt: 1 };
    persistence.users = [...persistence.users.filter((u) => u.userId !== 'nurse'), handMade, realNurse, ...(await unitUsers())];
    const savesBefore = persistence.saves;
    audit.mode = 'deferred';

    const removing = removeTrainingAccounts(persistence, audit, 'real feed: hospital back end');
    while (audit.pending.length === 0) await new Promise((r) => setImmediate(r));
    // Audited first: until the entry is durable, nothing is removed.
    expect(persistence.saves).toBe(savesBefore);
    expect(audit.pending[0]!.event.details).toEqual({ change: 'training-accounts.removed', count: 4, user_ids: 'charge,viewer,admin,cora', reason: 'real feed: hospital back end' });
    audit.resolveNext();
    expect(await removing).toEqual(['charge', 'viewer', 'admin', 'cora']);
    expect(persistence.users.map((u) => u.userId)).toEqual(['nurse', 'nina', 'carl', 'vera', 'root']);
  });

  it('if the removal cannot be audited nothing is removed, and the refusal at sign-in still holds', async () => {
    const persistence = new MemoryUsers();
    const audit = new FakeAuditSink();
    await seedTrainingAccounts(persistence, audit, { hashCost: TEST_COST });
    audit.mode = 'fail';
    await expect(removeTrainingAccounts(persistence, audit, 'real feed')).rejects.toThrow();
    expect(persistence.users).toHaveLength(4);
    const directory = await UserDirectory.open(persistence, { audit, hashCost: TEST_COST, trainingAccounts: 'refused' });
    expect(await directory.authenticate('nurse', '1234')).toMatchObject({ ok: false, reason: 'training-account' });
  });
});
