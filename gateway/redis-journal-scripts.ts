/**
 * The Lua scripts of RedisJournal (redis-journal.ts). Each one runs
 * atomically in Redis, so every gateway process sees one journal: one
 * numbering without holes, one winner per acknowledged episode, one latest
 * episode per device.
 *
 * KEYS (always all five): 1 meta (hash: id, head, oldest, createdAt),
 * 2 entries (hash pos → stored entry), 3 latest (hash device key → latest
 * episode), 4 acks (hash episode id → winner), 5 escalations (hash episode
 * id → highest level).
 * ARGV 1..3 (always): a fresh journal id (used only if there is no journal:
 * first start, or Redis was flushed), retention ms, max entries.
 *
 * A stored entry is `at \t kind \t ref \t extra \t flag \t json` (json
 * without pos/at, which the reader adds): trimming reads the header without
 * decoding JSON. For an episode: ref = device key, extra = episode id, flag =
 * 1 when ended; for an ack or escalation: ref = episode id.
 * latest: `episodeId \t ended(0|1) \t json`; acks: `pos \t json`;
 * escalations: `pos \t level \t json`.
 *
 * `at` and the retention cutoff come from Redis's own TIME: the journal's
 * clock is the journal's server, whichever process asks.
 */
const PRELUDE = `
local meta, entries, latest, acks, escalations = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local id = redis.call('HGET', meta, 'id')
if not id then
  id = ARGV[1]
  redis.call('DEL', entries, latest, acks, escalations)
  redis.call('HSET', meta, 'id', id, 'head', 0, 'oldest', 1, 'createdAt', now)
end
local function append(kind, ref, extra, flag, json)
  local pos = redis.call('HINCRBY', meta, 'head', 1)
  redis.call('HSET', entries, pos, now .. '\\t' .. kind .. '\\t' .. ref .. '\\t' .. extra .. '\\t' .. flag .. '\\t' .. json)
  return pos
end
local function trim()
  local retention, maxEntries = tonumber(ARGV[2]), tonumber(ARGV[3])
  local head = tonumber(redis.call('HGET', meta, 'head'))
  local oldest = tonumber(redis.call('HGET', meta, 'oldest'))
  local n = 0
  while oldest <= head and n < 1000 do
    local v = redis.call('HGET', entries, oldest)
    if v then
      local at, kind, ref, extra, flag = string.match(v, '^(%d+)\\t([^\\t]*)\\t([^\\t]*)\\t([^\\t]*)\\t([^\\t]*)\\t')
      -- An unreadable entry (nobody but these scripts writes here) is dropped rather than kept forever.
      if at and head - oldest + 1 <= maxEntries and tonumber(at) >= now - retention then break end
      redis.call('HDEL', entries, oldest)
      if kind == 'episode' and flag == '1' then
        local cur = redis.call('HGET', latest, ref)
        if cur and string.sub(cur, 1, string.len(extra) + 3) == extra .. '\\t1\\t' then redis.call('HDEL', latest, ref) end
      elseif kind == 'ack' or kind == 'escalation' then
        local hash = (kind == 'ack') and acks or escalations
        local cur = redis.call('HGET', hash, ref)
        if cur and string.match(cur, '^(%d+)\\t') == tostring(oldest) then redis.call('HDEL', hash, ref) end
      end
    end
    oldest = oldest + 1
    n = n + 1
  end
  redis.call('HSET', meta, 'oldest', oldest)
end
local function describe()
  local m = redis.call('HMGET', meta, 'id', 'oldest', 'head', 'createdAt')
  return {m[1], tonumber(m[2]), tonumber(m[3]), tonumber(m[4])}
end
`;

/** → {id, oldest, head, createdAt}. Also trims (the processes call it every second). */
export const STATE_SCRIPT = `${PRELUDE}
trim()
return describe()
`;

/**
 * A device alarm's episode changes, if the device key's latest episode is
 * still the one the caller decided against (compare and set: two processes
 * taking messages for one device cannot both start an episode).
 * ARGV 4 device key, 5 expected latest episode id ('' = none), 6 expected
 * ended flag ('' = none), 7 new latest value, 8.. json of each changed
 * episode, in order (each: episode id, ended flag, json → 3 args).
 * → {'ok', id, at, pos…} or {'conflict', id, current latest or ''}.
 */
export const DEVICE_SCRIPT = `${PRELUDE}
local cur = redis.call('HGET', latest, ARGV[4])
local curId, curEnded = '', ''
if cur then curId, curEnded = string.match(cur, '^([^\\t]*)\\t([^\\t]*)\\t') end
if curId ~= ARGV[5] or curEnded ~= ARGV[6] then return {'conflict', id, cur or ''} end
local out = {'ok', id, now}
local i = 8
while ARGV[i] do
  table.insert(out, append('episode', ARGV[4], ARGV[i], ARGV[i + 1], ARGV[i + 2]))
  i = i + 3
end
redis.call('HSET', latest, ARGV[4], ARGV[7])
trim()
return out
`;

/**
 * ARGV 4 episode id, 5 candidate ack json.
 * → {'won', id, at, pos} or {'known', id, winner json}.
 */
export const CLAIM_SCRIPT = `${PRELUDE}
local cur = redis.call('HGET', acks, ARGV[4])
if cur then return {'known', id, string.match(cur, '^%d+\\t(.*)$')} end
local pos = append('ack', ARGV[4], '', '', ARGV[5])
redis.call('HSET', acks, ARGV[4], pos .. '\\t' .. ARGV[5])
trim()
return {'won', id, now, pos}
`;

/** ARGV 4 episode id, 5 level, 6 record json. → {'new', id, at, pos} or {'known', id}. */
export const ESCALATE_SCRIPT = `${PRELUDE}
local cur = redis.call('HGET', escalations, ARGV[4])
if cur then
  local level = string.match(cur, '^%d+\\t(%d+)\\t')
  if tonumber(level) >= tonumber(ARGV[5]) then return {'known', id} end
end
local pos = append('escalation', ARGV[4], '', '', ARGV[6])
redis.call('HSET', escalations, ARGV[4], pos .. '\\t' .. ARGV[5] .. '\\t' .. ARGV[6])
trim()
return {'new', id, now, pos}
`;

/** ARGV 4 after, 5 limit. → {id, oldest, head, createdAt, first pos, stored entry…}. */
export const PAGE_SCRIPT = `${PRELUDE}
trim()
local d = describe()
local from = math.max(tonumber(ARGV[4]) + 1, d[2])
local to = math.min(d[3], tonumber(ARGV[4]) + tonumber(ARGV[5]))
local out = {d[1], d[2], d[3], d[4], from}
for pos = from, to do table.insert(out, redis.call('HGET', entries, pos) or '') end
return out
`;

/** → {id, oldest, head, createdAt, latest values…, '', acks values…, '', escalations values…}: one consistent picture. */
export const PICTURE_SCRIPT = `${PRELUDE}
trim()
local out = describe()
for _, v in ipairs(redis.call('HVALS', latest)) do table.insert(out, v) end
table.insert(out, '')
for _, v in ipairs(redis.call('HVALS', acks)) do table.insert(out, v) end
table.insert(out, '')
for _, v in ipairs(redis.call('HVALS', escalations)) do table.insert(out, v) end
return out
`;
