import { describe, expect, it } from 'vitest';
import { createInvokeHandlers, dispatchInvoke } from '../../../../electron/main/ipc/invoke-handlers';
import { silentLogger } from '../../../../electron/main/logging/logger';
import { harnessesClosedAfterEach } from './station-test-kit';

/**
 * The station end of failed-login alerting: a passer-by guessing a nurse's
 * PIN at two screens does not lock her out anywhere else, and the notice
 * reaches the screens where a charge nurse or an admin is signed in – and no
 * other screen.
 */
const harness = harnessesClosedAfterEach();

describe('failed sign-in notices at the station', () => {
  it('a nurse still signs in at her own screen; charge nurse and admin screens get the notice, a nurse screen does not', async () => {
    const h = await harness();
    const chargeView = h.view;
    const adminView = h.attachView();
    const nurseView = h.attachView();
    const attackerA = h.attachView();
    const attackerB = h.attachView();
    await h.station.actions.signIn(chargeView.attached.viewId, 'charge', '1234');
    await h.station.actions.signIn(adminView.attached.viewId, 'admin', 'admin1234');

    for (let i = 0; i < 4; i++) await expect(h.station.actions.signIn(attackerA.attached.viewId, 'nurse', '0000')).rejects.toThrow();
    await expect(h.station.actions.signIn(attackerB.attached.viewId, 'nurse', '0000')).rejects.toThrow();
    // Attacker A's screen now waits; the nurse at hers is not affected.
    await expect(h.station.actions.signIn(attackerA.attached.viewId, 'nurse', '1234')).rejects.toThrow(/wait \d+ s/);
    await expect(h.station.actions.signIn(nurseView.attached.viewId, 'nurse', '1234')).resolves.toMatchObject({ userId: 'nurse' });

    const expected = { notices: [expect.objectContaining({ userId: 'nurse', failures: 5, message: `Failed sign-ins for nurse at ${attackerA.attached.viewId}, ${attackerB.attached.viewId}` })] };
    expect(chargeView.of('security:notices').at(-1)).toEqual(expected);
    expect(adminView.of('security:notices').at(-1)).toEqual(expected);
    for (const v of [nurseView, attackerA, attackerB]) expect(v.of('security:notices')).toEqual([]);

    // Over IPC: the charge nurse may ask for them; the nurse is refused.
    const handlers = createInvokeHandlers(h.station);
    expect(await dispatchInvoke(handlers, 'security:notices', {}, { viewId: chargeView.attached.viewId }, silentLogger)).toEqual({ ok: true, value: expected });
    expect(await dispatchInvoke(handlers, 'security:notices', {}, { viewId: nurseView.attached.viewId }, silentLogger)).toMatchObject({ ok: false });
  });
});
