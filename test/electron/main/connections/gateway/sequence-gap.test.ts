import { afterEach, describe, expect, it } from 'vitest';
import { connectStation, until, type ConnectedStation } from './gateway-test-kit';
import { ScriptedGateway } from './scripted-gateway';

describe('gateway feed: sequence numbers', () => {
  let gateway: ScriptedGateway;
  let station: ConnectedStation | null = null;

  afterEach(async () => {
    await station?.close();
    await gateway.close();
  });

  async function synced(): Promise<ConnectedStation> {
    gateway = await ScriptedGateway.start();
    station = await connectStation({ urls: [gateway.url], stationId: 'icu-a', heartbeatMs: 5000 });
    const s = station;
    await until(() => s.events.find((e) => e.type === 'resynced'));
    expect(gateway.resyncRequests).toBe(1);
    return s;
  }

  it('a gap in a state stream triggers a resync rather than a silent hole', async () => {
    const s = await synced();
    gateway.numerics(1);
    gateway.numerics(2);
    await until(() => s.feed.status().inbound.messages >= 2);
    expect(gateway.resyncRequests).toBe(1);
    gateway.numerics(4); // 3 was lost
    const resync = await s.nextEvent('resynced', (e) => e.reason === 'gap');
    expect(resync.reason).toBe('gap');
    expect(gateway.resyncRequests).toBe(2);
    expect(s.feed.status().inbound.stateGaps).toBe(1);
    // After the resync the stream continues from the snapshot's position without another gap.
    gateway.numerics(5);
    await until(() => s.feed.status().inbound.messages >= 4);
    expect(gateway.resyncRequests).toBe(2);
  });

  it('a heartbeat ahead of the stream reveals a lost last message', async () => {
    const s = await synced();
    gateway.heartbeat({ waveform: 0, numerics: 0, events: 3 });
    await s.nextEvent('resynced', (e) => e.reason === 'gap');
    expect(gateway.resyncRequests).toBe(2);
  });

  it('an old or repeated sequence number is rejected and counted, not applied twice', async () => {
    const s = await synced();
    gateway.numerics(1);
    gateway.numerics(1);
    await until(() => s.feed.status().inbound.rejected >= 1);
    expect(s.station.rejections.summary()).toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'stale-seq:numerics', count: 1 })]));
    expect(gateway.resyncRequests).toBe(1);
  });

  it('a gap in the waveform stream is counted (a gap in the trace) without a resync', async () => {
    const s = await synced();
    gateway.waveform(1);
    gateway.waveform(3);
    await until(() => s.feed.status().inbound.waveformFrames >= 2);
    expect(s.feed.status().inbound.waveformGaps).toBe(1);
    expect(gateway.resyncRequests).toBe(1);
  });
});
