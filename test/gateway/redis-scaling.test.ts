import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, connectStation, deviceAlarm, TOKEN, until, type ConnectedStation } from '../electron/main/connections/gateway/gateway-test-kit';
import { injectDeviceAlarm } from './admin-client';
import { startGatewayProcess, type GatewayProcess } from './gateway-process';
import { redisServerPath, startRedis, type RedisServer } from './redis-server';

const redisBinary = redisServerPath();
const ADMIN = 'admin-token-for-tests';

if (!redisBinary) console.warn('SKIPPED redis scaling test: redis-server is not installed (apt-get install redis-server; CI installs it).');

/**
 * Past one process: two real gateway processes (the CLI) on one real Redis
 * (@socket.io/redis-adapter for the relay, a Lua script for the decision).
 * A station on each sees the other's acknowledgement, and a race across the
 * two processes still has exactly one winner.
 */
describe.skipIf(!redisBinary)('reference gateway on Redis: two processes', () => {
  let redis: RedisServer;
  const gateways: GatewayProcess[] = [];
  let a: ConnectedStation;
  let b: ConnectedStation;

  beforeAll(async () => {
    redis = await startRedis(redisBinary!);
    const common = { token: TOKEN, 'admin-token': ADMIN, beds: 4, seed: 8, redis: redis.url, port: 0 };
    gateways.push(...(await Promise.all([startGatewayProcess({ ...common, 'gateway-id': 'gw-1' }), startGatewayProcess({ ...common, 'gateway-id': 'gw-2' })])));
    a = await connectStation({ urls: [gateways[0]!.url], stationId: 'icu-a' });
    b = await connectStation({ urls: [gateways[1]!.url], stationId: 'icu-b' });
    await until(() => a.feed.status().synced && b.feed.status().synced, 10_000, 'both synced');
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all(gateways.map((g) => g.kill('SIGTERM')));
    await redis?.stop();
  });

  it('a device alarm entering at one process reaches stations on both; an acknowledgement on one shows on the other', async () => {
    await injectDeviceAlarm(gateways[0]!.url, ADMIN, deviceAlarm({ bedId: 'bed-02', code: 'VT', deviceAlarmId: 'r-vt-1' }));
    const atA = await until(() => a.alarm((x) => x.code === 'VT'), 5_000, 'VT at A');
    const atB = await until(() => b.alarm((x) => x.code === 'VT'), 5_000, 'VT at B (via the other process)');
    const started = Date.now();
    await a.acknowledge(atA.alarmId);
    await until(() => b.alarm((x) => x.alarmId === atB.alarmId && x.state === 'acknowledged'), 3_000, 'acknowledged at B');
    console.info(`acknowledgement across two gateway processes in ${Date.now() - started} ms`);
    expect(Date.now() - started).toBeLessThan(500);
    const rows = await auditRows(b.audit, { action: 'alarm.acknowledged', alarmId: atB.alarmId });
    expect(rows).toEqual([expect.objectContaining({ role: 'remote', parsed: expect.objectContaining({ via_station: 'icu-a' }) })]);
  });

  it('simultaneous acknowledgements through the two processes: exactly one wins', async () => {
    await injectDeviceAlarm(gateways[1]!.url, ADMIN, deviceAlarm({ bedId: 'bed-03', code: 'ASYSTOLE', deviceAlarmId: 'r-asy-1' }));
    const atA = await until(() => a.alarm((x) => x.code === 'ASYSTOLE'), 5_000);
    const atB = await until(() => b.alarm((x) => x.code === 'ASYSTOLE'), 5_000);
    const [ra, rb] = await Promise.all([a.acknowledge(atA.alarmId, 'nurse-a'), b.acknowledge(atB.alarmId, 'nurse-b')]);
    const outcome = async (s: ConnectedStation, alarmId: string) => {
      const e = await until(() => s.events.find((x) => x.type === 'ack-decided' && x.alarmId === alarmId), 5_000);
      return e.type === 'ack-decided' ? e.outcome : null;
    };
    if (!ra.applied || !rb.applied) {
      // The winner's relay reached the other station before its own acknowledgement was durable: applied there
      // first, nothing left to claim; the one claim made won.
      const [winner, alarmId, other, otherAlarmId] = ra.applied ? [a, atA.alarmId, b, atB.alarmId] : [b, atB.alarmId, a, atA.alarmId];
      expect((await outcome(winner, alarmId))?.outcome).toBe('won');
      expect(other.alarm((x) => x.alarmId === otherAlarmId)?.state).toBe('acknowledged');
      return;
    }
    const [oa, ob] = await Promise.all([outcome(a, atA.alarmId), outcome(b, atB.alarmId)]);
    expect([oa?.outcome, ob?.outcome].sort()).toEqual(['superseded', 'won']);
    expect(oa && 'winner' in oa ? oa.winner : null).toEqual(ob && 'winner' in ob ? ob.winner : undefined);
  });

  it('a gateway process started later loads the shared alarm state from Redis', async () => {
    const late = await startGatewayProcess({ token: TOKEN, beds: 4, seed: 8, redis: redis.url, port: 0, 'gateway-id': 'gw-3' });
    gateways.push(late);
    const c = await connectStation({ urls: [late.url], stationId: 'icu-c' });
    try {
      await until(() => c.feed.status().synced, 10_000);
      expect(c.alarm((x) => x.code === 'VT')?.state).toBe('acknowledged');
      expect(c.alarm((x) => x.code === 'ASYSTOLE')?.state).toBe('acknowledged');
    } finally {
      await c.close();
    }
  }, 30_000);
});
