import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProtocolDeviceAlarm } from '../../shared/protocol/device-alarm';
import { newRedisClient, type RedisClient } from '../../gateway/redis-client';
import { RedisJournal } from '../../gateway/redis-journal';
import { redisServerPath, startRedis, type RedisServer } from './redis-server';

const redisBinary = redisServerPath();
const vt = (deviceAlarmId: string, phase: ProtocolDeviceAlarm['phase']): ProtocolDeviceAlarm => ({ bedId: 'bed-01', code: 'VT', message: 'V-Tach', priority: 'HIGH', source: 'device', phase, deviceAlarmId });

/** The Lua side of the shared journal, against a real Redis: two "processes" are two clients with their own RedisJournal. */
describe.skipIf(!redisBinary)('gateway: the episode journal in Redis', () => {
  let redis: RedisServer;
  const clients: RedisClient[] = [];
  let prefix = 0;

  beforeAll(async () => {
    redis = await startRedis(redisBinary!);
  }, 30_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await redis?.stop();
  });

  async function twoProcesses(limits: { maxEntries?: number } = {}): Promise<[RedisJournal, RedisJournal]> {
    const p = `test${++prefix}:`;
    const made = await Promise.all([0, 1].map(async () => {
      const client = newRedisClient(redis.url);
      clients.push(client);
      await client.connect();
      return new RedisJournal(client, p, limits);
    }));
    return made as [RedisJournal, RedisJournal];
  }

  it('one numbering for every process; the same device start racing through two processes is one episode', async () => {
    const [one, two] = await twoProcesses();
    const [a, b] = await Promise.all([one.deviceAlarm(vt('m1', 'start'), 1), two.deviceAlarm(vt('m1', 'start'), 2)]);
    expect([...a.entries, ...b.entries]).toHaveLength(1);
    expect(a.journalId).toBe(b.journalId);
    await two.deviceAlarm(vt('m1', 'end'), 3);
    await one.deviceAlarm(vt('m2', 'start'), 4);
    const page = await two.page(0, 100);
    expect(page.entries.map((e) => e.pos)).toEqual([1, 2, 3]);
    expect(page.entries.map((e) => (e.kind === 'episode' ? [e.episode.deviceAlarmId, e.episode.end?.reason ?? null] : null))).toEqual([
      ['m1', null],
      ['m1', 'ended'],
      ['m2', null],
    ]);
    expect((await one.picture()).episodes.map((e) => e.deviceAlarmId)).toEqual(['m2']);
  });

  it('exactly one claim of an episode wins, whichever process asks; the winner comes back to the loser', async () => {
    const [one, two] = await twoProcesses();
    const claim = (stationId: string) => ({ ackId: `${stationId}:1`, alarm: { episodeId: 'ep-x', bedId: 'bed-01', code: 'VT', origin: 'device' as const, priority: 'HIGH' as const }, by: { stationId, userId: 'nina' }, at: 0 });
    const [a, b] = await Promise.all([one.claim(claim('icu-a')), two.claim(claim('icu-b'))]);
    expect(a.winner).toEqual(b.winner);
    expect([a.journaled, b.journaled].filter((j) => j !== null)).toHaveLength(1);
  });

  it('bounded in size, oldest out; a flushed Redis is a new journal with a new id', async () => {
    const [one] = await twoProcesses({ maxEntries: 3 });
    const first = await one.deviceAlarm(vt('a', 'start'), 1);
    for (const id of ['b', 'c', 'd', 'e']) await one.deviceAlarm(vt(id, 'start'), 1);
    expect(await one.state()).toMatchObject({ journalId: first.journalId, oldest: 3, head: 5 });
    expect((await one.page(0, 10)).entries.map((e) => e.pos)).toEqual([3, 4, 5]);
    await clients[0]!.flushAll();
    const after = await one.state();
    expect(after.journalId).not.toBe(first.journalId);
    expect(after).toMatchObject({ oldest: 1, head: 0 });
  });
});
