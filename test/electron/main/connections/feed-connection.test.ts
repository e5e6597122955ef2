import { describe, expect, it } from 'vitest';
import { FeedConnection } from '../../../../electron/main/connections/feed-connection';
import type { FeedStationPort, UnitFeed } from '../../../../electron/main/connections/unit-feed';

/** The back-end feed in the one connection shape: started, described, stopped like the HL7 listeners. */
describe('FeedConnection', () => {
  it('starts the feed once, reports what the feed reported (down with its reason), and stops it once', async () => {
    const calls: string[] = [];
    const down = new Map<string, string>();
    const feed: UnitFeed & Required<Pick<UnitFeed, 'attach'>> = {
      kind: 'gateway',
      beds: [],
      pull: () => ({ segments: [], numerics: [] }),
      attach: () => {
        calls.push('attach');
        return () => void calls.push('detach');
      },
      describe: () => [{ label: 'Gateway', value: 'https://gw1.hospital.local' }],
    };
    const connection = new FeedConnection(feed, {} as FeedStationPort, (name) => down.get(name) ?? null);
    expect(connection.describe()).toMatchObject({ name: 'gateway', kind: 'gateway', state: 'stopped' });
    await connection.start();
    await connection.start();
    expect(connection.describe()).toEqual({ name: 'gateway', kind: 'gateway', state: 'up', reason: '', facts: [{ label: 'Gateway', value: 'https://gw1.hospital.local' }], warnings: [] });
    down.set('gateway', 'connect ECONNREFUSED');
    expect(connection.describe()).toMatchObject({ state: 'down', reason: 'connect ECONNREFUSED' });
    await connection.stop();
    await connection.stop();
    expect(calls).toEqual(['attach', 'detach']);
    expect(connection.describe().state).toBe('stopped');
  });

  it('passes the station’s goodbye (an approved quit) to the feed and resolves only once the feed has said it', async () => {
    const stops: Array<{ goodbye: boolean }> = [];
    let said: () => void = () => undefined;
    const feed: UnitFeed & Required<Pick<UnitFeed, 'attach'>> = {
      kind: 'gateway',
      beds: [],
      pull: () => ({ segments: [], numerics: [] }),
      attach: () => (how) => {
        stops.push(how);
        return new Promise<void>((resolve) => (said = resolve));
      },
    };
    const connection = new FeedConnection(feed, {} as FeedStationPort, () => null);
    await connection.start();
    let stopped = false;
    const stopping = connection.stop({ goodbye: true }).then(() => (stopped = true));
    // A second stop (closeStation after a failed first attempt) is the same stop, not a second goodbye.
    void connection.stop({ goodbye: false });
    await Promise.resolve();
    expect(stops).toEqual([{ goodbye: true }]);
    expect(stopped).toBe(false);
    said();
    await stopping;
    expect(stopped).toBe(true);
    // Stopping is final: the feed is not attached again.
    await connection.start();
    expect(connection.describe().state).toBe('stopped');
  });
});
