import type { AckRecord } from '../shared/protocol/acknowledgement';
import type { ProtocolDeviceAlarm } from '../shared/protocol/device-alarm';
import type { DeviceEpisode } from '../shared/protocol/episode';
import type { EscalationRecord } from '../shared/protocol/escalation';
import type { JournalEntry, JournalState } from '../shared/protocol/journal';
import { MAX_LEDGER_ENTRIES } from '../shared/protocol/limits';

/** The journal keeps at least this long (issue 12: at least 24 h) … */
export const DEFAULT_JOURNAL_RETENTION_MS = 24 * 3_600_000;
/** … and at most this many entries, whichever is reached first (oldest out first). */
export const DEFAULT_JOURNAL_MAX_ENTRIES = 100_000;

export interface JournalLimits {
  retentionMs: number;
  maxEntries: number;
}

/** Entries just journaled, and the journal they went into. */
export interface Journaled {
  journalId: string;
  entries: JournalEntry[];
}

/** Everything a resync snapshot needs, consistent with `journal.head`. */
export interface JournalPicture {
  journal: JournalState;
  /** Device episodes that have not ended. */
  episodes: DeviceEpisode[];
  acks: AckRecord[];
  escalations: EscalationRecord[];
}

/**
 * The gateway's episode journal (shared/protocol/journal.ts) and the shared
 * alarm state it implies. One process: MemoryJournal. Several processes:
 * RedisJournal, where every change is one atomic Lua script, so all
 * processes number one journal and agree on who won an acknowledgement.
 *
 * Every method journals its change in the same atomic step as it decides
 * it: nothing is decided that is not journaled, and nothing journaled that
 * was not decided.
 */
export interface JournalStore {
  state(): Promise<JournalState>;
  /** A device's alarm message: the episode changes it makes (see device-episodes.ts), journaled. */
  deviceAlarm(alarm: ProtocolDeviceAlarm, now: number): Promise<Journaled>;
  /**
   * The first claim of an episode (by `alarm.episodeId`, exactly) wins and
   * is journaled; a later one gets that winner back and journals nothing.
   */
  claim(candidate: AckRecord): Promise<{ winner: AckRecord; journaled: Journaled | null }>;
  /** Journaled only when it raises the episode's highest known level. */
  escalate(record: EscalationRecord): Promise<Journaled | null>;
  /** Entries after `after` (from the oldest still held when those are gone), at most `limit`. */
  page(after: number, limit: number): Promise<{ journal: JournalState; entries: JournalEntry[] }>;
  picture(): Promise<JournalPicture>;
  /** Drops what is past the retention time or beyond the size bound. */
  trim(): Promise<void>;
}

export function isSameAck(a: AckRecord, b: AckRecord): boolean {
  return a.ackId === b.ackId && a.by.stationId === b.by.stationId;
}

/** The most recent `MAX_LEDGER_ENTRIES` of a list ordered oldest first (a snapshot stays within the protocol's bounds). */
export function newest<T>(items: readonly T[]): T[] {
  return items.length > MAX_LEDGER_ENTRIES ? items.slice(items.length - MAX_LEDGER_ENTRIES) : [...items];
}
