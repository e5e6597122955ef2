import { describe, expect, it } from 'vitest';
import { StationConfigSchema } from '../../../../shared/config/station-config';
import { createInvokeHandlers, dispatchInvoke } from '../../../../electron/main/ipc/invoke-handlers';
import { silentLogger } from '../../../../electron/main/logging/logger';
import { Station } from '../../../../electron/main/station/station';
import { FakeFeed } from '../fake-feed';

function handlers(wallMode = false) {
  const feed = new FakeFeed(2);
  const station = new Station({ config: StationConfigSchema.parse({}), feed, wallMode, now: () => 1000 });
  return { feed, handlers: createInvokeHandlers(station) };
}

describe('dispatchInvoke', () => {
  it('answers a valid request', async () => {
    const result = await dispatchInvoke(handlers().handlers, 'unit:get-snapshot', {}, silentLogger);
    expect(result.ok).toBe(true);
    expect(result.ok && (result.value as { beds: unknown[] }).beds).toHaveLength(2);
  });

  it('rejects unknown channels, including prototype names', async () => {
    for (const channel of ['nope', '__proto__', 'constructor', 42, null]) {
      expect(await dispatchInvoke(handlers().handlers, channel, {}, silentLogger)).toEqual({ ok: false, error: 'unknown channel' });
    }
  });

  it('rejects a bad payload with the field named, before any service sees it', async () => {
    const { feed, handlers: h } = handlers();
    const result = await dispatchInvoke(h, 'scenario:trigger', { scenario: 'desaturation', bedId: 'x'.repeat(40) }, silentLogger);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^invalid request for scenario:trigger: bedId: /) });
    expect(feed.triggered).toEqual([]);
  });

  it('turns a service refusal into a rejection, not a throw', async () => {
    const result = await dispatchInvoke(handlers(true).handlers, 'scenario:trigger', { scenario: 'feed-drop' }, silentLogger);
    expect(result).toEqual({ ok: false, error: 'scenario controls are not enabled on this station' });
  });
});
