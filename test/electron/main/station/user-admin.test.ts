import { describe, expect, it } from 'vitest';
import { createInvokeHandlers, dispatchInvoke } from '../../../../electron/main/ipc/invoke-handlers';
import { silentLogger } from '../../../../electron/main/logging/logger';
import { harnessesClosedAfterEach } from './station-test-kit';

const harness = harnessesClosedAfterEach();

async function setup() {
  const h = await harness();
  const handlers = createInvokeHandlers(h.station);
  const as = (viewId: string) => (channel: string, request: unknown) => dispatchInvoke(handlers, channel, request, { viewId }, silentLogger);
  return { h, admin: as(h.view.attached.viewId), other: h.attachView() };
}

describe('user administration over IPC', () => {
  it('an admin adds a nurse, who can then sign in; the change is audited under the admin', async () => {
    const { h, admin, other } = await setup();
    await h.station.actions.signIn(h.view.attached.viewId, 'admin', 'admin1234');
    const added = await admin('users:add', { userId: 'JDoe', displayName: 'Jane Doe', role: 'nurse', badgeId: 'BADGE-0042', secret: '2468' });
    expect(added).toEqual({ ok: true, value: { userId: 'jdoe', displayName: 'Jane Doe', role: 'nurse', badgeId: 'BADGE-0042', disabled: false } });
    const session = await h.station.actions.signIn(other.attached.viewId, 'BADGE-0042', '2468');
    expect(session.userId).toBe('jdoe');
    const row = (await h.audit.query({ action: 'config.changed', userId: 'admin', limit: 1 })).rows[0]!;
    expect(JSON.parse(row.details)).toMatchObject({ change: 'user.added', user_id: 'jdoe', role: 'nurse' });
    // Never a secret or a hash on the way out.
    const list = (await admin('users:list', {})) as { ok: true; value: object[] };
    expect(JSON.stringify(list.value)).not.toMatch(/2468|scrypt|hash|salt/);
  });

  it('disabling a user ends their sessions and refuses their sign-in', async () => {
    const { h, admin, other } = await setup();
    await h.station.actions.signIn(h.view.attached.viewId, 'admin', 'admin1234');
    await h.station.actions.signIn(other.attached.viewId, 'nurse', '1234');
    expect(await admin('users:disable', { userId: 'nurse' })).toEqual({ ok: true, value: { disabled: true } });
    expect(h.station.actions.current(other.attached.viewId)).toBeNull();
    await expect(h.station.actions.signIn(other.attached.viewId, 'nurse', '1234')).rejects.toThrow(/Sign-in failed/);
  });

  it('only an admin manages users; a duplicate id is refused with the reason', async () => {
    const { h, admin } = await setup();
    await h.station.actions.signIn(h.view.attached.viewId, 'charge', '1234');
    expect(await admin('users:add', { userId: 'x1', displayName: 'X', role: 'nurse', secret: '1234' })).toEqual({ ok: false, error: 'A charge-nurse may not manage users.' });
    await h.station.actions.signIn(h.view.attached.viewId, 'admin', 'admin1234');
    expect(await admin('users:add', { userId: 'nurse', displayName: 'Other', role: 'nurse', secret: '1234' })).toEqual({ ok: false, error: 'user id nurse is already in use' });
  });

  it('an admin re-enables, changes the role and badge of, and resets the PIN of a user, each audited; the user’s session ends on a role or PIN change', async () => {
    const { h, admin, other } = await setup();
    await h.station.actions.signIn(h.view.attached.viewId, 'admin', 'admin1234');
    await h.station.actions.signIn(other.attached.viewId, 'nurse', '1234');
    expect(await admin('users:set-role', { userId: 'nurse', role: 'charge-nurse' })).toMatchObject({ ok: true, value: { userId: 'nurse', role: 'charge-nurse' } });
    // Her screen learns at its next request that the session granted as a nurse is over.
    expect(h.station.actions.current(other.attached.viewId)).toBeNull();
    expect(other.of('session:changed').at(-1)).toBeNull();
    expect(await admin('users:reset-pin', { userId: 'nurse', secret: '1111' })).toEqual({ ok: false, error: 'a PIN may not be one digit repeated (such as 0000)' });
    expect(await admin('users:reset-pin', { userId: 'nurse', secret: '5829' })).toMatchObject({ ok: true });
    await expect(h.station.actions.signIn(other.attached.viewId, 'nurse', '1234')).rejects.toThrow(/Sign-in failed/);
    expect((await h.station.actions.signIn(other.attached.viewId, 'nurse', '5829')).role).toBe('charge-nurse');
    expect(await admin('users:set-badge', { userId: 'viewer', badgeId: 'BADGE-7777' })).toMatchObject({ ok: true, value: { badgeId: 'BADGE-7777' } });
    expect(await admin('users:disable', { userId: 'viewer' })).toMatchObject({ ok: true });
    expect(await admin('users:enable', { userId: 'viewer' })).toEqual({ ok: true, value: { enabled: true } });
    const trail = (await h.audit.query({ action: 'config.changed', userId: 'admin', limit: 10 })).rows.map((r) => JSON.parse(r.details) as { change: string });
    expect(trail.map((d) => d.change).reverse()).toEqual(['user.role-changed', 'user.pin-reset', 'user.badge-changed', 'user.disabled', 'user.enabled']);
    expect(JSON.stringify(trail)).not.toContain('5829');
  });

  it('nobody changes their own role over IPC, and an admin has no clinical rights', async () => {
    const { h, admin } = await setup();
    await h.station.actions.signIn(h.view.attached.viewId, 'admin', 'admin1234');
    expect(await admin('users:set-role', { userId: 'admin', role: 'charge-nurse' })).toEqual({ ok: false, error: 'nobody can change their own role' });
    expect(await admin('alarm:acknowledge', { alarmId: 'any' })).toMatchObject({ ok: false, error: expect.stringMatching(/admin may not acknowledge/) });
    expect(await admin('alarm:reset', {})).toMatchObject({ ok: false, error: expect.stringMatching(/admin may not alarm reset/) });
    expect(await admin('audio:pause', {})).toMatchObject({ ok: false, error: expect.stringMatching(/admin may not audio pause/) });
  });
});
