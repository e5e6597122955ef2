import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceEpisode } from '../../../../../shared/protocol/episode';
import { alarmsWithCode, connectStation, onsetCount, until, type ConnectedStation } from './gateway-test-kit';
import { ScriptedGateway } from './scripted-gateway';

const T = Date.UTC(2026, 0, 15, 2, 14);

function episode(overrides: Partial<DeviceEpisode>): DeviceEpisode {
  return { bedId: 'bed-02', code: 'VT', message: 'V-Tach', priority: 'HIGH', source: 'device', deviceAlarmId: 'mon-2', episodeId: 'ep-vt', onsetAt: T, end: null, ...overrides };
}

/**
 * Episodes delivered more than once (live twice, live and again in a journal
 * page, the start after the end) never make a second alarm: each journal
 * position is applied once, and the engine knows every episode by its id.
 */
describe('gateway feed: an episode delivered twice is one alarm', () => {
  let gateway: ScriptedGateway;
  let s: ConnectedStation | null = null;

  afterEach(async () => {
    await s?.close();
    await gateway.close();
  });

  it('repeats, out-of-order arrivals and a journal page overlapping live delivery raise each episode once', async () => {
    gateway = await ScriptedGateway.start();
    s = await connectStation({ urls: [gateway.url], stationId: 'icu-a', heartbeatMs: 5000 });
    const station = s;
    await until(() => station.feed.status().synced, 5_000);
    const socket = await gateway.waitForStation();
    const send = (bytes: Uint8Array) => socket.emit('m', bytes);

    // pos 1: a VT starts; the same entry arrives again (a relay repeated it).
    const vtStart = gateway.episodeMessage(episode({}));
    send(vtStart);
    const again = JSON.parse(new TextDecoder().decode(vtStart)) as { seq: number };
    send(new TextEncoder().encode(JSON.stringify({ ...again, seq: ++gateway.seqs.events })));
    await until(() => station.feed.status().journal?.pos === 1 && station.feed.status().inbound.messages >= 2, 5_000);
    expect(alarmsWithCode(station, 'VT')).toHaveLength(1);

    // pos 2 (an asystole starts) never reaches this connection; pos 3 (it ends) does: one latched alarm, with both times.
    gateway.journalOnly(episode({ episodeId: 'ep-asy', code: 'ASYSTOLE', deviceAlarmId: 'mon-2b', onsetAt: T + 60_000 }));
    send(gateway.episodeMessage(episode({ episodeId: 'ep-asy', code: 'ASYSTOLE', deviceAlarmId: 'mon-2b', onsetAt: T + 60_000, end: { at: T + 90_000, reason: 'ended' } })));
    await until(() => alarmsWithCode(station, 'ASYSTOLE').length === 1, 5_000, 'asystole shown');
    expect(station.feed.status().journal?.pos).toBe(1); // cannot move past the hole at 2

    // The heartbeat shows the events stream ahead: resync, and the journal page brings 2 and 3 again.
    const pagesBefore = gateway.journalRequests;
    gateway.heartbeat({ ...gateway.seqs, events: gateway.seqs.events + 1 });
    await until(() => station.feed.status().journal?.pos === 3, 5_000, 'hole filled from the journal');
    expect(gateway.journalRequests).toBeGreaterThan(pagesBefore);

    // pos 4: the VT ends; then its start (pos 1) once more, late.
    send(gateway.episodeMessage(episode({ end: { at: T + 120_000, reason: 'ended' } })));
    await until(() => station.alarm((x) => x.code === 'VT')?.state === 'resolved', 5_000, 'VT ended');
    send(new TextEncoder().encode(JSON.stringify({ ...again, seq: ++gateway.seqs.events })));
    await until(() => station.feed.status().inbound.messages >= 5, 5_000);

    expect(alarmsWithCode(station, 'VT')).toEqual([expect.objectContaining({ state: 'resolved', latching: true, onsetAt: T })]);
    expect(alarmsWithCode(station, 'ASYSTOLE')).toEqual([expect.objectContaining({ state: 'resolved', latching: true, onsetAt: T + 60_000 })]);
    expect(await onsetCount(station, 'VT')).toBe(1);
    expect(await onsetCount(station, 'ASYSTOLE')).toBe(1);
  });
});
