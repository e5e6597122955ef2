import { generateKeyPairSync, sign } from 'node:crypto';
import { rmSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditHeadPayload } from '../../../../../shared/protocol/audit-head-payload';
import { AUDIT_HEAD_EVENTS, AuditHeadPutOutcomeSchema, AuditHeadsReplySchema, type SignedAuditHead } from '../../../../../shared/protocol/audit-heads';
import { decodeMessage, encodeJson } from '../../../../../shared/protocol/json-codec';
import { PROTOCOL_VERSION } from '../../../../../shared/protocol/version';
import { keyIdOf, publicKeyBase64 } from '../../../../../electron/main/audit/signing/station-key';
import { ReferenceGateway } from '../../../../../gateway/reference-gateway';
import { redisServerPath, startRedis, type RedisServer } from '../../../../gateway/redis-server';
import { attacker } from '../../audit/attacker';
import { stationAuditDirs, type StationAuditDirs } from '../../audit/audit-test-kit';
import { connectStation, TOKEN, until, type ConnectedStation } from './gateway-test-kit';

/**
 * Issue 14 item 1, the back end's half: it keeps each station's signed
 * heads, and the station compares its chain with them on every reconnect,
 * so a rewrite or truncation of anything the back end has seen is found
 * even by someone holding the station's key. In memory and on a real Redis.
 */
let stations: ConnectedStation[] = [];
afterEach(async () => {
  for (const s of stations.splice(0)) await s.close();
});

async function station(url: string, stationId: string, dirs: StationAuditDirs): Promise<ConnectedStation> {
  const s = await connectStation({ urls: [url], stationId, auditDirs: dirs });
  stations.push(s);
  await until(() => s.feed.status().synced, 10_000, `${stationId} synced`);
  return s;
}

/** A fact of the gateway connection as the admin status screen lists it (the one connection shape, connection.ts). */
function fact(s: ConnectedStation, label: string): string {
  return s.station.status().connections.find((c) => c.name === 'gateway')?.facts.find((f) => f.label === label)?.value ?? '';
}

/** Writes rows until at least `heads` heads were signed and the back end took them. */
async function signAndHandIn(s: ConnectedStation, heads: number): Promise<void> {
  // A head is signed at a commit once 20 rows have passed since the last one.
  for (let i = 0; i < heads * 21; i++) {
    s.audit.record({ action: 'alarm.onset', bedId: 'bed-01', alarmId: `x-${i}`, details: { i } });
    if (i % 21 === 20) await s.audit.flush();
  }
  await until(() => Number(/^(\d+) sent/.exec(fact(s, 'Audit heads at the back end'))?.[1] ?? 0) >= heads, 10_000, 'heads handed in');
}

function auditFailure(s: ConnectedStation) {
  return s.station.alarms.list().find((a) => a.code === 'AUDIT_FAILURE');
}

async function stop(s: ConnectedStation): Promise<void> {
  stations = stations.filter((x) => x !== s);
  await s.close();
}

describe('signed audit heads at the reference gateway', () => {
  let gateway: ReferenceGateway;
  beforeAll(async () => {
    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 5 });
  });
  afterAll(async () => gateway.close());

  it('heads reach the back end as they are signed; on reconnect the chain is checked against them', async () => {
    const dirs = stationAuditDirs();
    const s = await station(gateway.url, 'icu-heads-1', dirs);
    await signAndHandIn(s, 4);
    await stop(s);
    const again = await station(gateway.url, 'icu-heads-1', dirs);
    await until(() => /heads match$/.test(fact(again, 'Audit trail against the back end')), 10_000, 'checked');
    expect(auditFailure(again)).toBeUndefined();
  });

  it('a rewrite by someone holding the station key, while it was off: AUDIT_FAILURE on reconnect', async () => {
    const dirs = stationAuditDirs();
    const s = await station(gateway.url, 'icu-heads-2', dirs);
    await signAndHandIn(s, 4);
    await stop(s);
    attacker(dirs.file, { keyDir: dirs.keyDir }).editAndRehash(25, 'user_id', 'mallory');

    const again = await station(gateway.url, 'icu-heads-2', dirs);
    const alarm = await until(() => auditFailure(again), 10_000, 'AUDIT_FAILURE');
    expect(alarm.message).toMatch(/^Audit trail replaced or truncated/);
    expect(again.audit.problems()).toContainEqual(expect.objectContaining({ code: 'chain-replaced', what: expect.stringContaining('rows rewritten') }));
    expect(fact(again, 'Audit trail against the back end')).toMatch(/^MISMATCH/);
  });

  it('a truncation by someone holding the key: AUDIT_FAILURE on reconnect', async () => {
    const dirs = stationAuditDirs();
    const s = await station(gateway.url, 'icu-heads-3', dirs);
    await signAndHandIn(s, 5);
    const seq = s.audit.chainStatus().headSeq;
    await stop(s);
    attacker(dirs.file, { keyDir: dirs.keyDir }).truncate(seq - 30);
    const again = await station(gateway.url, 'icu-heads-3', dirs);
    await until(() => auditFailure(again), 10_000, 'AUDIT_FAILURE');
    expect(again.audit.problems()).toContainEqual(expect.objectContaining({ what: expect.stringContaining('rows deleted') }));
  });

  it('a deleted database AND key: the new chain is caught by what the back end still holds', async () => {
    const dirs = stationAuditDirs();
    const s = await station(gateway.url, 'icu-heads-4', dirs);
    await signAndHandIn(s, 2);
    await stop(s);
    for (const path of [dirs.file, `${dirs.file}-wal`, `${dirs.file}-shm`, dirs.keyDir]) rmSync(path, { recursive: true, force: true });
    const again = await station(gateway.url, 'icu-heads-4', dirs);
    await until(() => auditFailure(again), 10_000, 'AUDIT_FAILURE');
    expect(again.audit.problems()).toContainEqual(expect.objectContaining({ what: expect.stringContaining('neither continues nor replaces') }));
  });

  it('refuses a head that is not the station’s own, or not signed by the key it names, and never overwrites one it holds', async () => {
    const socket: Socket = io(gateway.url, { transports: ['websocket'], auth: { protocol: PROTOCOL_VERSION, stationId: 'icu-raw', token: TOKEN, heartbeatMs: 1000 }, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const { privateKey, publicKey: keyObject } = generateKeyPairSync('ed25519');
      const publicKey = publicKeyBase64(keyObject);
      const signed = (fields: Omit<SignedAuditHead, 'signature' | 'keyId'>): SignedAuditHead => {
        const head = { ...fields, keyId: keyIdOf(publicKey) };
        return { ...head, signature: sign(null, Buffer.from(auditHeadPayload(head)), privateKey).toString('base64') };
      };
      const put = async (head: SignedAuditHead) => {
        const reply = await socket.timeout(5_000).emitWithAck(AUDIT_HEAD_EVENTS.put, encodeJson({ v: PROTOCOL_VERSION, publicKey, head }));
        const decoded = decodeMessage(AuditHeadPutOutcomeSchema, reply, 1 << 20);
        if (!decoded.ok) throw new Error(decoded.reason);
        return decoded.value;
      };
      const base = { stationId: 'icu-raw', chainId: 'c'.repeat(64), seq: 40, hash: 'a'.repeat(64), utcMs: Date.now() };
      expect(await put(signed(base))).toEqual({ v: PROTOCOL_VERSION, outcome: 'stored' });
      expect(await put(signed(base))).toEqual({ v: PROTOCOL_VERSION, outcome: 'duplicate' });
      expect(await put(signed({ ...base, hash: 'b'.repeat(64) }))).toMatchObject({ outcome: 'conflict', held: { seq: 40, hash: 'a'.repeat(64) } });
      expect(await put(signed({ ...base, stationId: 'icu-other', seq: 41 }))).toMatchObject({ outcome: 'rejected', reason: 'a station hands in only its own heads' });
      expect(await put({ ...signed({ ...base, seq: 42 }), hash: 'd'.repeat(64) })).toMatchObject({ outcome: 'rejected', reason: 'the signature does not verify' });

      const reply = decodeMessage(AuditHeadsReplySchema, await socket.timeout(5_000).emitWithAck(AUDIT_HEAD_EVENTS.list, encodeJson({ v: PROTOCOL_VERSION })), 1 << 22);
      expect(reply.ok && reply.value.heads.map((h) => [h.seq, h.hash])).toEqual([[40, 'a'.repeat(64)]]);
      expect(gateway.rejections.summary()).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'icu-raw', reason: expect.stringContaining('audit-head:') })]));
    } finally {
      socket.close();
    }
  });
});

const redisBinary = redisServerPath();
if (!redisBinary) console.warn('SKIPPED audit heads on Redis: redis-server is not installed (apt-get install redis-server; CI installs it).');

describe.skipIf(!redisBinary)('signed audit heads on Redis: every gateway process holds them, and a restart keeps them', () => {
  let redis: RedisServer;
  const gateways: ReferenceGateway[] = [];
  beforeAll(async () => {
    redis = await startRedis(redisBinary!);
    for (const id of ['gw-a', 'gw-b']) gateways.push(await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 5, redisUrl: redis.url, gatewayId: id }));
  }, 30_000);
  afterAll(async () => {
    for (const g of gateways) await g.close();
    await redis?.stop();
  });

  it('heads handed in through one process catch a rewrite seen through the other, and after both restarted', async () => {
    const dirs = stationAuditDirs();
    const s = await station(gateways[0]!.url, 'icu-redis', dirs);
    await signAndHandIn(s, 4);
    await stop(s);
    attacker(dirs.file, { keyDir: dirs.keyDir }).editAndRehash(30, 'role', 'admin');

    const viaOther = await station(gateways[1]!.url, 'icu-redis', dirs);
    await until(() => auditFailure(viaOther), 10_000, 'AUDIT_FAILURE through the other process');
    await stop(viaOther);

    for (const g of gateways.splice(0)) await g.close();
    gateways.push(await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 5, redisUrl: redis.url, gatewayId: 'gw-c' }));
    const afterRestart = await station(gateways[0]!.url, 'icu-redis', dirs);
    await until(() => auditFailure(afterRestart), 10_000, 'AUDIT_FAILURE after the gateways restarted');
  });
});
