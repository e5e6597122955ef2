import { describe, expect, it } from 'vitest';
import { createInvokeHandlers, dispatchInvoke } from '../../../../electron/main/ipc/invoke-handlers';
import { silentLogger } from '../../../../electron/main/logging/logger';
import { harnessesClosedAfterEach } from './station-test-kit';

const harness = harnessesClosedAfterEach();

describe('in-app updates over IPC', () => {
  it('an admin sees the update status (off by default) and cannot restart with nothing downloaded; a charge nurse sees nothing', async () => {
    const h = await harness();
    const handlers = createInvokeHandlers(h.station);
    const ask = (channel: string) => dispatchInvoke(handlers, channel, {}, { viewId: h.view.attached.viewId }, silentLogger);
    await h.station.actions.signIn(h.view.attached.viewId, 'charge', '1234');
    expect(await ask('updates:status')).toMatchObject({ ok: false, error: expect.stringMatching(/charge-nurse may not configure/) });
    expect(await ask('updates:restart')).toMatchObject({ ok: false });
    await h.station.actions.signIn(h.view.attached.viewId, 'admin', 'admin1234');
    expect(await ask('updates:status')).toMatchObject({ ok: true, value: { phase: 'off', availableVersion: null, restart: { allowed: false } } });
    expect(await ask('updates:restart')).toMatchObject({ ok: false, error: expect.stringMatching(/no downloaded update is waiting/) });
  });
});
