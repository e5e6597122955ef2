import { describe, expect, it } from 'vitest';
import { createInvokeHandlers, dispatchInvoke } from '../../../../electron/main/ipc/invoke-handlers';
import { silentLogger } from '../../../../electron/main/logging/logger';
import { harnessesClosedAfterEach } from '../station/station-test-kit';

const harness = harnessesClosedAfterEach();
async function setup(wallMode = false) {
  const h = await harness({ wallMode });
  const rejections: Array<[string, string]> = [];
  const caller = { viewId: h.view.attached.viewId };
  const dispatch = (channel: unknown, request: unknown) =>
    dispatchInvoke(createInvokeHandlers(h.station), channel, request, caller, silentLogger, (source, reason) => rejections.push([source, reason]));
  return { h, dispatch, rejections };
}

describe('dispatchInvoke', () => {
  it('answers a valid request', async () => {
    const { dispatch } = await setup();
    const result = await dispatch('unit:get-snapshot', {});
    expect(result.ok).toBe(true);
    expect(result.ok && (result.value as { beds: unknown[] }).beds).toHaveLength(2);
  });

  it('rejects unknown channels, including prototype names, and counts them', async () => {
    const { dispatch, rejections } = await setup();
    for (const channel of ['nope', '__proto__', 'constructor', 42, null]) {
      expect(await dispatch(channel, {})).toEqual({ ok: false, error: 'unknown channel' });
    }
    expect(rejections).toHaveLength(5);
  });

  it('rejects a bad payload with the field named, before any service sees it', async () => {
    const { h, dispatch, rejections } = await setup();
    const result = await dispatch('scenario:trigger', { scenario: 'desaturation', bedId: 'x'.repeat(40) });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^invalid request for scenario:trigger: bedId: /) });
    expect(h.feed.triggered).toEqual([]);
    expect(rejections).toEqual([['ipc', expect.stringMatching(/^scenario:trigger: bedId: /)]]);
  });

  it('turns a service refusal into a rejection, not a throw', async () => {
    const { dispatch } = await setup(true);
    const result = await dispatch('scenario:trigger', { scenario: 'feed-drop' });
    expect(result).toEqual({ ok: false, error: 'scenario controls are not enabled on this station' });
  });

  it('refuses a limit change that was not confirmed, and one without a session', async () => {
    const { dispatch } = await setup();
    expect(await dispatch('limits:change', { bedId: 'bed-1', parameter: 'hr', high: 130 })).toEqual({
      ok: false,
      error: expect.stringMatching(/^invalid request for limits:change: confirmed: /),
    });
    expect(await dispatch('limits:change', { bedId: 'bed-1', parameter: 'hr', high: 130, confirmed: true })).toEqual({ ok: false, error: 'Sign in first.' });
  });

  it('speaks for the calling view: a sign-in at one view is not a session at another', async () => {
    const { h, dispatch } = await setup();
    const signIn = await dispatch('session:sign-in', { identifier: 'charge', secret: '1234' });
    expect(signIn).toMatchObject({ ok: true, value: { userId: 'charge', role: 'charge-nurse' } });
    const other = h.attachView();
    const fromOther = await dispatchInvoke(createInvokeHandlers(h.station), 'session:current', {}, { viewId: other.attached.viewId }, silentLogger);
    expect(fromOther).toEqual({ ok: true, value: null });
    expect(await dispatch('limits:get', { bedId: 'bed-2' })).toMatchObject({ ok: true, value: { profile: 'adult', profiles: ['adult', 'paediatric', 'neonatal'] } });
  });
});
