import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { z } from 'zod';
import { AckRecordSchema, type AckRecord } from '../shared/protocol/acknowledgement';
import { ProtocolDeviceAlarmSchema, type ProtocolDeviceAlarm } from '../shared/protocol/device-alarm';
import { EscalationRecordSchema, type EscalationRecord } from '../shared/protocol/escalation';
import { EPISODE_WINDOW_MS, type AckArbiter } from './ack-arbiter';
import { deviceEpisodeKey, LEDGER_RETENTION_MS } from './alarm-ledger';

const newClient = (url: string) => createClient({ url });
type RedisClient = ReturnType<typeof newClient>;

/**
 * The acknowledgement rule of ack-arbiter.ts as one Lua script: Redis runs it
 * atomically, so of two claims racing through two gateway processes exactly
 * one is recorded as the winner and both get that winner back.
 */
const CLAIM_SCRIPT = `
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if cur then
  local ok, w = pcall(cjson.decode, cur)
  if ok and type(w) == 'table' then
    local c = cjson.decode(ARGV[2])
    if w.ackId == c.ackId and w.by.stationId == c.by.stationId then return cur end
    if tonumber(ARGV[4]) - w.at <= tonumber(ARGV[6]) then
      if ARGV[3] == '1' then return cur end
      if c.alarm.onsetAt <= w.at and math.abs(c.alarm.onsetAt - w.alarm.onsetAt) <= tonumber(ARGV[5]) then return cur end
    end
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return ARGV[2]
`;

export interface PersistedLedger {
  devices: ProtocolDeviceAlarm[];
  acks: Array<[string, AckRecord]>;
  escalations: Array<[string, EscalationRecord]>;
}

/**
 * Scaling past one process with existing parts only: @socket.io/redis-adapter
 * (pub/sub between the processes' socket.io servers, which carries the relay
 * of alarm events), a Lua script for the acknowledgement decision, and three
 * Redis hashes holding the shared alarm state for processes that start later.
 */
export class RedisBackplane implements AckArbiter {
  private constructor(
    private readonly pub: RedisClient,
    private readonly sub: RedisClient,
    private readonly prefix: string,
  ) {}

  static async connect(url: string, prefix = 'vigil:gateway:'): Promise<RedisBackplane> {
    const pub = newClient(url);
    const sub = pub.duplicate();
    // Errors surface as rejected commands; an unhandled 'error' event would kill the process.
    pub.on('error', () => undefined);
    sub.on('error', () => undefined);
    await Promise.all([pub.connect(), sub.connect()]);
    return new RedisBackplane(pub, sub, prefix);
  }

  adapter(): ReturnType<typeof createAdapter> {
    return createAdapter(this.pub, this.sub, { key: `${this.prefix}socket.io` });
  }

  async claim(key: string, candidate: AckRecord, exact: boolean, now: number): Promise<AckRecord> {
    const reply = await this.pub.eval(CLAIM_SCRIPT, {
      keys: [this.key('acks')],
      arguments: [key, JSON.stringify(candidate), exact ? '1' : '0', String(now), String(EPISODE_WINDOW_MS), String(LEDGER_RETENTION_MS)],
    });
    return AckRecordSchema.parse(JSON.parse(String(reply)));
  }

  async putDeviceAlarm(alarm: ProtocolDeviceAlarm): Promise<void> {
    const field = deviceEpisodeKey(alarm.bedId, alarm.deviceAlarmId);
    if (alarm.phase === 'end') {
      await this.pub.hDel(this.key('devices'), field);
      // Its acknowledgements and escalations, one per priority it reached (see AlarmLedger.episodeKeyOf).
      const priorities = ['HIGH', 'MEDIUM', 'LOW'].map((p) => `${field}|${p}`);
      await this.pub.hDel(this.key('acks'), [field, ...priorities]);
      await this.pub.hDel(this.key('escalations'), [field, ...priorities]);
    } else await this.pub.hSet(this.key('devices'), field, JSON.stringify(alarm));
  }

  async putEscalation(key: string, record: EscalationRecord): Promise<void> {
    await this.pub.hSet(this.key('escalations'), key, JSON.stringify(record));
  }

  /** The shared state, for a process that starts while others already run; unreadable entries are skipped. */
  async load(now: number): Promise<PersistedLedger> {
    const [devices, acks, escalations] = await Promise.all([
      this.pub.hGetAll(this.key('devices')),
      this.pub.hGetAll(this.key('acks')),
      this.pub.hGetAll(this.key('escalations')),
    ]);
    const recent = (at: number) => now - at <= LEDGER_RETENTION_MS;
    return {
      devices: parsed(devices, ProtocolDeviceAlarmSchema).map(([, d]) => d),
      acks: parsed(acks, AckRecordSchema).filter(([, a]) => recent(a.at)),
      escalations: parsed(escalations, EscalationRecordSchema).filter(([, e]) => recent(e.at)),
    };
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pub.close(), this.sub.close()]);
  }

  private key(name: string): string {
    return `${this.prefix}${name}`;
  }
}

function parsed<T>(hash: Record<string, string>, schema: z.ZodType<T>): Array<[string, T]> {
  const out: Array<[string, T]> = [];
  for (const [field, text] of Object.entries(hash)) {
    try {
      const result = schema.safeParse(JSON.parse(text));
      if (result.success) out.push([field, result.data]);
    } catch {
      // A damaged entry is skipped, not fatal.
    }
  }
  return out;
}
