import type { RedisClient } from './redis-client';
import type { z } from 'zod';
import { AckRecordSchema, type AckRecord } from '../shared/protocol/acknowledgement';
import type { ProtocolDeviceAlarm } from '../shared/protocol/device-alarm';
import { DeviceEpisodeSchema, type DeviceEpisode } from '../shared/protocol/episode';
import { EscalationRecordSchema, type EscalationRecord } from '../shared/protocol/escalation';
import { JournalEntrySchema, type JournalEntry, type JournalState } from '../shared/protocol/journal';
import { decideDeviceEpisode, deviceKey } from './device-episodes';
import { DEFAULT_JOURNAL_MAX_ENTRIES, DEFAULT_JOURNAL_RETENTION_MS, newest, type Journaled, type JournalLimits, type JournalPicture, type JournalStore } from './journal-store';
import { newJournalId } from './memory-journal';
import { CLAIM_SCRIPT, DEVICE_SCRIPT, ESCALATE_SCRIPT, PAGE_SCRIPT, PICTURE_SCRIPT, STATE_SCRIPT } from './redis-journal-scripts';

type Reply = Array<string | number>;

/** A device alarm racing another process for the same device key is decided again, at most this often. */
const MAX_DEVICE_ATTEMPTS = 5;

/**
 * The episode journal shared by every gateway process through Redis: each
 * change is one atomic Lua script (redis-journal-scripts.ts), so positions
 * are numbered once for all processes, without holes, and a process started
 * later reads the same journal (same `journalId`). A Redis that lost its data
 * (flushed, restarted without persistence) has no journal: the next script
 * makes a new one with a new id, and stations resuming from the old one are
 * told their history is incomplete.
 *
 * Device episodes are decided in TypeScript (device-episodes.ts, the same
 * code as the in-memory journal) and journaled with compare-and-set on the
 * device key's latest episode; on a conflict the decision is made again
 * against what the other process wrote.
 */
export class RedisJournal implements JournalStore {
  private readonly keys: string[];
  private readonly limits: JournalLimits;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    limits: Partial<JournalLimits> = {},
  ) {
    this.keys = ['meta', 'entries', 'latest', 'acks', 'escalations'].map((k) => `${prefix}journal:${k}`);
    this.limits = { retentionMs: limits.retentionMs ?? DEFAULT_JOURNAL_RETENTION_MS, maxEntries: limits.maxEntries ?? DEFAULT_JOURNAL_MAX_ENTRIES };
  }

  async state(): Promise<JournalState> {
    return describe(await this.run(STATE_SCRIPT, []));
  }

  async deviceAlarm(alarm: ProtocolDeviceAlarm, now: number): Promise<Journaled> {
    const key = deviceKey(alarm);
    let latest = await this.latestOf(key);
    for (let attempt = 0; attempt < MAX_DEVICE_ATTEMPTS; attempt++) {
      const decision = decideDeviceEpisode(latest, alarm, now);
      if (decision.changes.length === 0) return { journalId: (await this.state()).journalId, entries: [] };
      const args = [key, latest?.episodeId ?? '', latest ? flag(latest) : '', stored(decision.latest!)];
      for (const episode of decision.changes) args.push(episode.episodeId, flag(episode), JSON.stringify(episode));
      const reply = await this.run(DEVICE_SCRIPT, args);
      if (reply[0] === 'ok') {
        const [, journalId, at, ...positions] = reply;
        const entries = decision.changes.map((episode, i) => ({ kind: 'episode' as const, episode, pos: Number(positions[i]), at: Number(at) }));
        return { journalId: String(journalId), entries };
      }
      latest = parseLatest(String(reply[2] ?? ''));
    }
    throw new Error(`device alarm for ${key}: the latest episode kept changing under us`);
  }

  async claim(candidate: AckRecord): Promise<{ winner: AckRecord; journaled: Journaled | null }> {
    const reply = await this.run(CLAIM_SCRIPT, [candidate.alarm.episodeId, JSON.stringify(candidate)]);
    if (reply[0] === 'known') return { winner: AckRecordSchema.parse(JSON.parse(String(reply[2]))), journaled: null };
    const entry: JournalEntry = { kind: 'ack', ack: candidate, pos: Number(reply[3]), at: Number(reply[2]) };
    return { winner: candidate, journaled: { journalId: String(reply[1]), entries: [entry] } };
  }

  async escalate(record: EscalationRecord): Promise<Journaled | null> {
    const reply = await this.run(ESCALATE_SCRIPT, [record.alarm.episodeId, String(record.level), JSON.stringify(record)]);
    if (reply[0] === 'known') return null;
    return { journalId: String(reply[1]), entries: [{ kind: 'escalation', escalation: record, pos: Number(reply[3]), at: Number(reply[2]) }] };
  }

  async page(after: number, limit: number): Promise<{ journal: JournalState; entries: JournalEntry[] }> {
    const reply = await this.run(PAGE_SCRIPT, [String(after), String(limit)]);
    const first = Number(reply[4]);
    const entries: JournalEntry[] = [];
    reply.slice(5).forEach((text, i) => {
      const entry = parseEntry(String(text), first + i);
      // Only these scripts write the journal; an unreadable entry would be a bug or tampering. Leaving it out leaves a
      // hole the station notices (its position cannot pass it), which is the loud outcome we want.
      if (entry) entries.push(entry);
    });
    return { journal: describe(reply), entries };
  }

  async picture(): Promise<JournalPicture> {
    const reply = await this.run(PICTURE_SCRIPT, []);
    const rest = reply.slice(4).map(String);
    const gap1 = rest.indexOf('');
    const gap2 = rest.indexOf('', gap1 + 1);
    const episodes = rest.slice(0, gap1).map(parseLatest).filter((e): e is DeviceEpisode => e !== null && e.end === null);
    const byPos = <T>(values: string[], schema: z.ZodType<T>, skip: number) =>
      values
        .map((v) => ({ pos: Number(v.split('\t', 1)[0]), value: parseJson(v.split('\t').slice(skip).join('\t'), schema) }))
        .filter((x): x is { pos: number; value: T } => x.value !== null)
        .sort((a, b) => a.pos - b.pos)
        .map((x) => x.value);
    return {
      journal: describe(reply),
      episodes: newest(episodes),
      acks: newest(byPos(rest.slice(gap1 + 1, gap2), AckRecordSchema, 1)),
      escalations: newest(byPos(rest.slice(gap2 + 1), EscalationRecordSchema, 2)),
    };
  }

  async trim(): Promise<void> {
    await this.state();
  }

  private async latestOf(key: string): Promise<DeviceEpisode | null> {
    const value = await this.redis.hGet(this.keys[2]!, key);
    return value ? parseLatest(value) : null;
  }

  private async run(script: string, args: string[]): Promise<Reply> {
    const reply = await this.redis.eval(script, {
      keys: this.keys,
      arguments: [newJournalId(), String(this.limits.retentionMs), String(this.limits.maxEntries), ...args],
    });
    return reply as Reply;
  }
}

function flag(episode: DeviceEpisode): string {
  return episode.end === null ? '0' : '1';
}

function stored(episode: DeviceEpisode): string {
  return `${episode.episodeId}\t${flag(episode)}\t${JSON.stringify(episode)}`;
}

function parseLatest(value: string): DeviceEpisode | null {
  const parts = value.split('\t');
  return parts.length < 3 ? null : parseJson(parts.slice(2).join('\t'), DeviceEpisodeSchema);
}

function parseEntry(text: string, pos: number): JournalEntry | null {
  const parts = text.split('\t');
  if (parts.length < 6) return null;
  const body = parseJson(parts.slice(5).join('\t'), null);
  const kind = parts[1];
  const field = kind === 'episode' ? 'episode' : kind === 'ack' ? 'ack' : 'escalation';
  const result = JournalEntrySchema.safeParse({ kind, pos, at: Number(parts[0]), [field]: body });
  return result.success ? result.data : null;
}

function parseJson<T>(text: string, schema: z.ZodType<T> | null): T | null {
  try {
    const value = JSON.parse(text) as unknown;
    if (schema === null) return value as T;
    const result = schema.safeParse(value);
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

function describe(reply: Reply): JournalState {
  return { journalId: String(reply[0]), oldest: Number(reply[1]), head: Number(reply[2]), createdAt: Number(reply[3]) };
}
