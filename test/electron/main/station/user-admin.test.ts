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
});
