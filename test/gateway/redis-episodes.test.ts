import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayFeedEvent } from '../../electron/main/connections/gateway/gateway-feed';
import { tempDir } from '../electron/main/audit/audit-test-kit';
import { alarmsWithCode, auditRows, connectStation, deviceAlarm, positionSaved, TOKEN, until, type ConnectedStation } from '../electron/main/connections/gateway/gateway-test-kit';
import { LoopbackLink } from '../electron/main/connections/gateway/loopback-link';
import { injectDeviceAlarm } from './admin-client';
import { startGatewayProcess, type GatewayProcess } from './gateway-process';
import { redisServerPath, startRedis, type RedisServer } from './redis-server';

const redisBinary = redisServerPath();
const ADMIN = 'admin-token-for-tests';

if (!redisBinary) console.warn('SKIPPED redis episode tests: redis-server is not installed (apt-get install redis-server; CI installs it).');

const gaps = (s: ConnectedStation) => s.events.filter((e): e is Extract<GatewayFeedEvent, { type: 'history-incomplete' }> => e.type === 'history-incomplete');

/**
 * Issue 12.1 and 12.6 past one process: two (then three) real gateway
 * processes (the CLI) on one real Redis, which holds the one episode journal
 * and the stations' presence.
 */
describe.skipIf(!redisBinary)('reference gateway on Redis: episodes and presence across processes', () => {
  let redis: RedisServer;
  const gateways: GatewayProcess[] = [];
  const links: LoopbackLink[] = [];
  const stations: ConnectedStation[] = [];
  const common = () => ({ token: TOKEN, 'admin-token': ADMIN, beds: 4, seed: 8, redis: redis.url, port: 0, 'peer-offline-after-ms': 3000 });

  beforeAll(async () => {
    redis = await startRedis(redisBinary!);
    gateways.push(...(await Promise.all([startGatewayProcess({ ...common(), 'gateway-id': 'gw-1' }), startGatewayProcess({ ...common(), 'gateway-id': 'gw-2' })])));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(stations.map((s) => s.close()));
    await Promise.all(links.map((l) => l.close()));
    await Promise.all(gateways.map((g) => g.kill('SIGTERM')));
    await redis?.stop();
  });

  async function behindLink(gateway: GatewayProcess, options: { stationId: string; positionFile?: string; label?: string }): Promise<{ s: ConnectedStation; link: LoopbackLink }> {
    const link = new LoopbackLink(gateway.port);
    await link.open();
    links.push(link);
    const s = await connectStation({ urls: [link.url], ...options });
    stations.push(s);
    await until(() => s.feed.status().synced, 10_000, `${options.stationId} synced`);
    return { s, link };
  }

  it('a VT that starts and ends at another process while the station is cut off reaches it latched after reconnect', async () => {
    const { s: a, link } = await behindLink(gateways[0]!, { stationId: 'icu-a' });
    const gapsBefore = gaps(a).length;
    await link.cut();
    await until(() => a.alarm((x) => x.code === 'COMMS_LOST'), 5_000);
    await injectDeviceAlarm(gateways[1]!.url, ADMIN, deviceAlarm({ bedId: 'bed-02', code: 'VT', deviceAlarmId: 'redis-vt-gap', phase: 'start' }));
    await injectDeviceAlarm(gateways[1]!.url, ADMIN, deviceAlarm({ bedId: 'bed-02', code: 'VT', deviceAlarmId: 'redis-vt-gap', phase: 'end' }));
    await link.open();
    await until(() => !a.alarm((x) => x.code === 'COMMS_LOST'), 10_000, 'COMMS_LOST cleared');
    const vt = a.alarm((x) => x.code === 'VT');
    expect(vt).toMatchObject({ bedId: 'bed-02', state: 'resolved', latching: true, acknowledged: false });
    expect(a.station.alarms.auditory()?.alarmId).toBe(vt!.alarmId);
    const [onset] = await auditRows(a.audit, { action: 'alarm.onset', alarmId: vt!.alarmId });
    expect(onset?.parsed).toMatchObject({ delivered: 'resync', source_onset_at: vt!.onsetAt });
    expect(gaps(a)).toHaveLength(gapsBefore);
  }, 40_000);

  it('a gateway process started later reads the same journal: a station restarted onto it gets the episodes of its downtime, with no gap', async () => {
    const positionFile = join(tempDir('vigil-redis-pos-'), 'gateway-position.json');
    const { s: first } = await behindLink(gateways[0]!, { stationId: 'icu-r', positionFile });
    await positionSaved(first, positionFile);
    await first.close();
    stations.splice(stations.indexOf(first), 1);
    await injectDeviceAlarm(gateways[1]!.url, ADMIN, deviceAlarm({ bedId: 'bed-03', code: 'VF', message: 'VF', deviceAlarmId: 'redis-vf-down', phase: 'start' }));
    await injectDeviceAlarm(gateways[1]!.url, ADMIN, deviceAlarm({ bedId: 'bed-03', code: 'VF', message: 'VF', deviceAlarmId: 'redis-vf-down', phase: 'end' }));

    const late = await startGatewayProcess({ ...common(), 'gateway-id': 'gw-3' });
    gateways.push(late);
    const second = await connectStation({ urls: [late.url], stationId: 'icu-r', positionFile });
    stations.push(second);
    await until(() => second.feed.status().synced, 10_000);
    expect(second.alarm((x) => x.code === 'VF')).toMatchObject({ state: 'resolved', latching: true, acknowledged: false });
    expect(gaps(second)).toEqual([]);
  }, 40_000);

  it('a station on one process goes dark: a station on another shows it offline, then clears it when it is back; a killed process takes its stations dark too', async () => {
    const a = stations.find((s) => s.stationId === 'icu-a')!;
    const { s: b, link } = await behindLink(gateways[1]!, { stationId: 'icu4-central', label: 'ICU 4 central' });
    await link.cut();
    const offline = await until(() => a.alarm((x) => x.code === 'PEER_STATION_OFFLINE' && x.message === 'ICU 4 central offline'), 10_000, 'offline at A');
    expect(offline.priority).toBe('MEDIUM');
    await link.open();
    await until(() => b.feed.status().synced, 10_000);
    await until(() => !a.alarm((x) => x.code === 'PEER_STATION_OFFLINE' && x.message === 'ICU 4 central offline'), 10_000, 'cleared at A');

    // The process serving B dies: nobody says goodbye, nobody is left to tell; B's liveness in Redis expires.
    const gw2 = gateways[1]!;
    await gw2.kill('SIGKILL');
    await until(() => a.alarm((x) => x.code === 'PEER_STATION_OFFLINE' && x.message === 'ICU 4 central offline'), 10_000, 'offline at A after the kill');
  }, 60_000);

  it('a Redis that lost its data (FLUSHALL): the journal is new, and the station says its history is incomplete', async () => {
    const a = stations.find((s) => s.stationId === 'icu-a')!;
    const before = gaps(a).length;
    const client = createClient({ url: redis.url });
    await client.connect();
    await client.flushAll();
    await client.close();
    await until(() => gaps(a).length > before, 10_000, 'gap reported');
    expect(gaps(a).at(-1)!.reason).toBe('journal-replaced');
    expect(alarmsWithCode(a, 'HISTORY_INCOMPLETE').length).toBeGreaterThan(0);
  }, 30_000);
});
