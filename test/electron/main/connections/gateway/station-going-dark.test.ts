import { afterEach, describe, expect, it } from 'vitest';
import { ReferenceGateway } from '../../../../../gateway/reference-gateway';
import { auditRows, connectStation, TOKEN, until, type ConnectedStation } from './gateway-test-kit';
import { LoopbackLink } from './loopback-link';

/**
 * Issue 12.6, second half: a station going dark is an alarm at the others.
 * One that vanishes (no goodbye) is "offline" once the gateway's grace
 * period has passed; one closed by an approved (clinical) quit says goodbye
 * first and is shown "closed"; one stopped any other way (OS shutdown, a
 * signal) says nothing and is "offline", as its next start will audit an
 * unclean stop (create-station-goodbye.test.ts); either clears when the
 * station is back.
 */
describe('gateway: another station going dark', () => {
  let gateway: ReferenceGateway;
  let link: LoopbackLink;
  const stations: ConnectedStation[] = [];

  afterEach(async () => {
    await Promise.all(stations.splice(0).map((s) => s.close()));
    await link?.close();
    await gateway?.close();
  });

  async function setUp(): Promise<{ a: ConnectedStation; b: ConnectedStation }> {
    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 10, peerOfflineAfterMs: 500, housekeepingMs: 100 });
    link = new LoopbackLink(gateway.listeningPort);
    await link.open();
    const a = await connectStation({ urls: [gateway.url], stationId: 'icu-a', label: 'ICU 3 central' });
    const b = await connectStation({ urls: [link.url], stationId: 'icu4-central', label: 'ICU 4 central' });
    stations.push(a, b);
    await until(() => a.feed.status().synced && b.feed.status().synced, 10_000, 'both synced');
    return { a, b };
  }

  const peerAlarms = (s: ConnectedStation) => s.station.alarms.list().filter((x) => x.code.startsWith('PEER_STATION_'));

  it('a station that disconnects without a goodbye: the others show "ICU 4 central offline" until it is back', async () => {
    const { a, b } = await setUp();
    await link.cut();
    const offline = await until(() => a.alarm((x) => x.code === 'PEER_STATION_OFFLINE'), 5_000, 'offline at A');
    expect(offline).toMatchObject({ message: 'ICU 4 central offline', priority: 'MEDIUM', source: 'technical', bedId: null, state: 'active' });
    const [onset] = await auditRows(a.audit, { action: 'alarm.onset', alarmId: offline.alarmId });
    expect(onset?.parsed).toMatchObject({ code: 'PEER_STATION_OFFLINE', station: 'icu4-central' });
    // IT sees it on the status screen too, in the gateway connection's own description.
    const gatewayFacts = () => a.station.status().connections.find((c) => c.name === 'gateway')?.facts ?? [];
    expect(gatewayFacts()).toContainEqual({ label: 'Other stations', value: '0 online, 1 offline (ICU 4 central)' });

    await link.open();
    await until(() => b.feed.status().synced && !b.alarm((x) => x.code === 'COMMS_LOST'), 10_000, 'B back');
    await until(() => peerAlarms(a).length === 0, 5_000, 'cleared at A');
    expect(gatewayFacts()).toContainEqual({ label: 'Other stations', value: '1 online' });
  }, 30_000);

  it('a station stopped without an approved quit (OS shutdown, a signal) says no goodbye: the others show it offline, not closed', async () => {
    const { a, b } = await setUp();
    await b.close();
    stations.splice(stations.indexOf(b), 1);
    const offline = await until(() => a.alarm((x) => x.code === 'PEER_STATION_OFFLINE'), 5_000, 'offline at A');
    expect(offline).toMatchObject({ message: 'ICU 4 central offline', priority: 'MEDIUM' });
    expect(peerAlarms(a).map((x) => x.code)).toEqual(['PEER_STATION_OFFLINE']);
  }, 30_000);

  it('a station closed by a clinical quit says goodbye: the others show it closed (LOW), not offline', async () => {
    const { a, b } = await setUp();
    await b.quitClinically();
    stations.splice(stations.indexOf(b), 1);
    const closed = await until(() => a.alarm((x) => x.code === 'PEER_STATION_CLOSED'), 5_000, 'closed at A');
    expect(closed).toMatchObject({ message: 'ICU 4 central closed', priority: 'LOW', state: 'active' });
    // A station that connects later is told too; and "closed" never turned into "offline" (grace 500 ms).
    await until(() => gateway.stationCount === 1, 5_000);
    const b2 = await connectStation({ urls: [gateway.url], stationId: 'icu-c' });
    stations.push(b2);
    await until(() => b2.feed.status().synced, 10_000);
    expect(b2.alarm((x) => x.code === 'PEER_STATION_CLOSED')?.message).toBe('ICU 4 central closed');
    expect(peerAlarms(a).map((x) => x.code)).toEqual(['PEER_STATION_CLOSED']);
  }, 30_000);
});
