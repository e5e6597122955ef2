import { randomBytes } from 'node:crypto';
import type { AckRecord } from '../shared/protocol/acknowledgement';
import type { ProtocolDeviceAlarm } from '../shared/protocol/device-alarm';
import type { DeviceEpisode } from '../shared/protocol/episode';
import type { EscalationRecord } from '../shared/protocol/escalation';
import type { JournalBody, JournalEntry, JournalState } from '../shared/protocol/journal';
import { decideDeviceEpisode, deviceKey } from './device-episodes';
import { DEFAULT_JOURNAL_MAX_ENTRIES, DEFAULT_JOURNAL_RETENTION_MS, newest, type Journaled, type JournalLimits, type JournalPicture, type JournalStore } from './journal-store';

/** A new journal's identity: random, so a restarted gateway's journal is never taken for the one before. */
export function newJournalId(): string {
  return `j-${randomBytes(8).toString('hex')}`;
}

/**
 * The episode journal of a single gateway process, in memory: lost when the
 * process stops, which is exactly what its new `journalId` tells every
 * station that resumes from a position in the old one.
 *
 * Retention runs on `wall`, the gateway's own wall clock, which is the
 * journal's own clock (`at` of its entries): a step forward drops entries
 * early, and a station that needed them is told its history is incomplete;
 * a step back keeps them longer, within the size bound.
 */
export class MemoryJournal implements JournalStore {
  readonly journalId = newJournalId();
  private readonly createdAt: number;
  /** entries[first] is the oldest entry held (a queue without shifting a 100,000-element array per eviction). */
  private entries: JournalEntry[] = [];
  private first = 0;
  /** Position of entries[first]; everything before it has been dropped. */
  private oldest = 1;
  private head = 0;
  /** Latest episode per device key (ended ones stay until their end entry leaves the journal, so a repeated end is recognised). */
  private readonly latest = new Map<string, DeviceEpisode>();
  private readonly acks = new Map<string, { ack: AckRecord; pos: number }>();
  private readonly escalations = new Map<string, { record: EscalationRecord; pos: number }>();
  private readonly limits: JournalLimits;

  constructor(
    private readonly wall: () => number,
    limits: Partial<JournalLimits> = {},
  ) {
    this.limits = { retentionMs: limits.retentionMs ?? DEFAULT_JOURNAL_RETENTION_MS, maxEntries: limits.maxEntries ?? DEFAULT_JOURNAL_MAX_ENTRIES };
    this.createdAt = wall();
  }

  async state(): Promise<JournalState> {
    return this.describe();
  }

  async deviceAlarm(alarm: ProtocolDeviceAlarm, now: number): Promise<Journaled> {
    const key = deviceKey(alarm);
    const decision = decideDeviceEpisode(this.latest.get(key) ?? null, alarm, now);
    if (decision.changes.length === 0) return { journalId: this.journalId, entries: [] };
    this.latest.set(key, decision.latest!);
    return this.append(decision.changes.map((episode) => ({ kind: 'episode' as const, episode })));
  }

  async claim(candidate: AckRecord): Promise<{ winner: AckRecord; journaled: Journaled | null }> {
    const known = this.acks.get(candidate.alarm.episodeId);
    if (known) return { winner: known.ack, journaled: null };
    const journaled = this.append([{ kind: 'ack', ack: candidate }]);
    this.acks.set(candidate.alarm.episodeId, { ack: candidate, pos: journaled.entries[0]!.pos });
    return { winner: candidate, journaled };
  }

  async escalate(record: EscalationRecord): Promise<Journaled | null> {
    const known = this.escalations.get(record.alarm.episodeId);
    if (known && known.record.level >= record.level) return null;
    const journaled = this.append([{ kind: 'escalation', escalation: record }]);
    this.escalations.set(record.alarm.episodeId, { record, pos: journaled.entries[0]!.pos });
    return journaled;
  }

  async page(after: number, limit: number): Promise<{ journal: JournalState; entries: JournalEntry[] }> {
    this.trimNow();
    const from = Math.max(after + 1, this.oldest);
    const start = this.first + (from - this.oldest);
    return { journal: this.describe(), entries: this.entries.slice(start, start + Math.max(0, limit)) };
  }

  async picture(): Promise<JournalPicture> {
    this.trimNow();
    const byPos = <T>(m: Map<string, { pos: number } & T>) => [...m.values()].sort((a, b) => a.pos - b.pos);
    return {
      journal: this.describe(),
      episodes: newest([...this.latest.values()].filter((e) => e.end === null)),
      acks: newest(byPos(this.acks).map((a) => a.ack)),
      escalations: newest(byPos(this.escalations).map((e) => e.record)),
    };
  }

  async trim(): Promise<void> {
    this.trimNow();
  }

  private append(bodies: JournalBody[]): Journaled {
    const at = this.wall();
    const added = bodies.map((body) => ({ ...body, pos: ++this.head, at }) as JournalEntry);
    this.entries.push(...added);
    this.trimNow();
    return { journalId: this.journalId, entries: added };
  }

  private trimNow(): void {
    const cutoff = this.wall() - this.limits.retentionMs;
    while (this.first < this.entries.length && (this.entries.length - this.first > this.limits.maxEntries || this.entries[this.first]!.at < cutoff)) {
      this.evicted(this.entries[this.first]!);
      this.first++;
      this.oldest++;
    }
    if (this.first > 1024 && this.first * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.first);
      this.first = 0;
    }
  }

  /** State that only this entry kept alive goes with it: the journal bounds everything the gateway remembers. */
  private evicted(entry: JournalEntry): void {
    if (entry.kind === 'episode') {
      const key = deviceKey(entry.episode);
      const latest = this.latest.get(key);
      if (latest && latest.episodeId === entry.episode.episodeId && latest.end !== null && entry.episode.end !== null) this.latest.delete(key);
    } else if (entry.kind === 'ack') {
      if (this.acks.get(entry.ack.alarm.episodeId)?.pos === entry.pos) this.acks.delete(entry.ack.alarm.episodeId);
    } else if (this.escalations.get(entry.escalation.alarm.episodeId)?.pos === entry.pos) {
      this.escalations.delete(entry.escalation.alarm.episodeId);
    }
  }

  private describe(): JournalState {
    return { journalId: this.journalId, oldest: this.oldest, head: this.head, createdAt: this.createdAt };
  }
}
