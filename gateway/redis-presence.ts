import type { RedisClient } from './redis-client';
import { StationPresenceSchema, type StationPresence } from '../shared/protocol/presence';
import { DEFAULT_PEER_OFFLINE_AFTER_MS, PRESENCE_MEMORY_MS, type PresenceStore } from './station-presence';


/**
 * Presence shared by every gateway process (see station-presence.ts). Per
 * station: a record (label, state, since) kept PRESENCE_MEMORY_MS, and a
 * liveness key that expires after the grace period unless the process
 * serving the station refreshes it (every sweep, ~1 s: the grace period must
 * be several sweeps long, the CLI insists on 3 s). Whoever sweeps first
 * after it expired marks the station offline, and online again once a
 * process refreshes it. Durations are Redis's own key expiry: no process
 * compares its clock with another's.
 *
 * ARGV[1] of every script is the key prefix.
 */
const CONNECTED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rec = ARGV[1] .. 'presence:rec:' .. ARGV[2]
local since = now
local cur = redis.call('GET', rec)
if cur then
  local ok, r = pcall(cjson.decode, cur)
  if ok and r.state == 'online' then since = r.since end
end
redis.call('SADD', ARGV[1] .. 'presence:ids', ARGV[2])
redis.call('SET', rec, cjson.encode({stationId = ARGV[2], label = ARGV[3], state = 'online', since = since}), 'PX', ARGV[4])
redis.call('SET', ARGV[1] .. 'presence:live:' .. ARGV[2], '1', 'PX', ARGV[5])
`;

const ALIVE = `
for i = 4, #ARGV do
  redis.call('SET', ARGV[1] .. 'presence:live:' .. ARGV[i], '1', 'PX', ARGV[3])
  redis.call('PEXPIRE', ARGV[1] .. 'presence:rec:' .. ARGV[i], ARGV[2])
end
`;

const CLOSED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rec = ARGV[1] .. 'presence:rec:' .. ARGV[2]
local cur = redis.call('GET', rec)
if not cur then return end
local ok, r = pcall(cjson.decode, cur)
if not ok then return end
r.state = 'closed'
r.since = now
redis.call('SET', rec, cjson.encode(r), 'KEEPTTL')
redis.call('DEL', ARGV[1] .. 'presence:live:' .. ARGV[2])
`;

const SWEEP = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', ARGV[1] .. 'presence:ids')) do
  local rec = ARGV[1] .. 'presence:rec:' .. id
  local cur = redis.call('GET', rec)
  if not cur then
    redis.call('SREM', ARGV[1] .. 'presence:ids', id)
  else
    local ok, r = pcall(cjson.decode, cur)
    if ok then
      local live = redis.call('EXISTS', ARGV[1] .. 'presence:live:' .. id) == 1
      -- Online without liveness: gone past the grace period. Offline with liveness: a process serves it again.
      if (r.state == 'online' and not live) or (r.state == 'offline' and live) then
        r.state = live and 'online' or 'offline'
        r.since = now
        cur = cjson.encode(r)
        redis.call('SET', rec, cur, 'KEEPTTL')
      end
      table.insert(out, cur)
    end
  end
end
return out
`;

export class RedisPresence implements PresenceStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly offlineAfterMs = DEFAULT_PEER_OFFLINE_AFTER_MS,
  ) {}

  async connected(stationId: string, label: string): Promise<void> {
    await this.redis.eval(CONNECTED, { arguments: [this.prefix, stationId, label, String(PRESENCE_MEMORY_MS), String(this.offlineAfterMs)] });
  }

  async alive(stationIds: readonly string[]): Promise<void> {
    if (stationIds.length === 0) return;
    await this.redis.eval(ALIVE, { arguments: [this.prefix, String(PRESENCE_MEMORY_MS), String(this.offlineAfterMs), ...stationIds] });
  }

  async closed(stationId: string): Promise<void> {
    await this.redis.eval(CLOSED, { arguments: [this.prefix, stationId] });
  }

  async vanished(): Promise<void> {
    // Nothing to do: its liveness key expires by itself unless another process serves it by then.
  }

  async all(): Promise<StationPresence[]> {
    const reply = (await this.redis.eval(SWEEP, { arguments: [this.prefix] })) as string[];
    const out: StationPresence[] = [];
    for (const text of reply) {
      try {
        const parsed = StationPresenceSchema.safeParse(JSON.parse(text));
        if (parsed.success) out.push(parsed.data);
      } catch {
        // A damaged record is skipped, not fatal.
      }
    }
    return out;
  }
}
