import { SignedAuditHeadSchema, type SignedAuditHead } from '../shared/protocol/audit-heads';
import { KEEP_PER_CHAIN, LIST_DAILY, LIST_NEWEST, utcDay, type AuditHeadStore, type HeadPutResult } from './audit-head-store';
import type { RedisClient } from './redis-client';

/**
 * The put rule of audit-head-store.ts as one Lua script, so that two gateway
 * processes storing heads of the same station at once still never overwrite
 * one: KEYS = heads (zset by seq), daily (hash), chains (zset by last seen),
 * keys (hash); ARGV = seq, head JSON, hash, UTC day, chain id, utc, key id,
 * public key, how many heads to keep.
 */
const PUT_SCRIPT = `
local existing = redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])
if #existing > 0 then
  local ok, held = pcall(cjson.decode, existing[1])
  if ok and type(held) == 'table' and held.hash == ARGV[3] then return {'duplicate'} end
  return {'conflict', existing[1]}
end
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSETNX', KEYS[2], ARGV[4], ARGV[2])
redis.call('ZADD', KEYS[3], 'GT', ARGV[6], ARGV[5])
redis.call('HSETNX', KEYS[4], ARGV[7], ARGV[8])
local n = redis.call('ZCARD', KEYS[1])
local keep = tonumber(ARGV[9])
if n > keep then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, n - keep - 1) end
return {'stored'}
`;

function parseHead(text: string): SignedAuditHead | null {
  try {
    const result = SignedAuditHeadSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/**
 * The heads on Redis, shared by every gateway process and kept across their
 * restarts. It runs on the backplane's command connection, like the journal
 * and presence (redis-backplane.ts owns and closes it); its keys live under
 * `<prefix>audit-heads:`, apart from the journal's `<prefix>journal:`.
 */
export class RedisAuditHeadStore implements AuditHeadStore {
  constructor(
    private readonly client: RedisClient,
    private readonly prefix: string,
  ) {}

  async put(publicKey: string, head: SignedAuditHead): Promise<HeadPutResult> {
    const station = this.key(head.stationId);
    const reply = (await this.client.eval(PUT_SCRIPT, {
      keys: [`${station}:${head.chainId}:heads`, `${station}:${head.chainId}:daily`, `${station}:chains`, `${station}:keys`],
      arguments: [String(head.seq), JSON.stringify(head), head.hash, utcDay(head.utcMs), head.chainId, String(head.utcMs), head.keyId, publicKey, String(KEEP_PER_CHAIN)],
    })) as string[];
    if (reply[0] === 'stored') return { outcome: 'stored' };
    if (reply[0] === 'duplicate') return { outcome: 'duplicate' };
    const held = parseHead(reply[1] ?? '');
    if (!held) throw new Error('the head held at this seq is unreadable');
    return { outcome: 'conflict', held };
  }

  async list(stationId: string) {
    const station = this.key(stationId);
    const chains = await this.client.zRange(`${station}:chains`, 0, 1, { REV: true });
    const heads = new Map<string, SignedAuditHead>();
    for (const chainId of chains) {
      const [newest, daily] = await Promise.all([
        this.client.zRange(`${station}:${chainId}:heads`, 0, LIST_NEWEST - 1, { REV: true }),
        this.client.hVals(`${station}:${chainId}:daily`),
      ]);
      const anchors = daily.map(parseHead).filter((h): h is SignedAuditHead => h !== null).sort((a, b) => b.seq - a.seq).slice(0, LIST_DAILY);
      for (const head of [...newest.map(parseHead).filter((h): h is SignedAuditHead => h !== null), ...anchors]) heads.set(`${head.chainId}:${head.seq}`, head);
    }
    const keys = await this.client.hGetAll(`${station}:keys`);
    return {
      heads: [...heads.values()].sort((a, b) => b.utcMs - a.utcMs || b.seq - a.seq),
      keys: Object.entries(keys).map(([keyId, publicKey]) => ({ keyId, publicKey })),
    };
  }

  private key(stationId: string): string {
    return `${this.prefix}audit-heads:${stationId}`;
  }
}
