import type { AckRecord } from '../../../../shared/protocol/acknowledgement';
import type { DeviceEpisode } from '../../../../shared/protocol/episode';
import type { EscalationRecord } from '../../../../shared/protocol/escalation';
import type { HeartbeatMessage } from '../../../../shared/protocol/gateway-message';
import { judgeResume, type HistoryGapReason, type JournalEntry, type JournalPage, type JournalPosition } from '../../../../shared/protocol/journal';
import type { Snapshot } from '../../../../shared/protocol/snapshot';
import type { Logger } from '../../logging/logger';
import type { Clock } from '../../time/clock';
import type { HistoryGapAlarm } from './history-gap-alarm';
import { JournalCursor } from './journal-cursor';
import type { LoadedPosition } from './position-file';
import type { PositionKeeper } from './position-keeper';

/** A hole in the journal that has not filled by itself in this long (a relay lost between gateway processes) is read from the journal. */
export const JOURNAL_HOLE_MS = 2_000;

export interface JournalReaderDeps {
  episodes: {
    /** station.ingestEpisode: false for a bed this station does not show. */
    ingest(episode: DeviceEpisode, delivered: 'live' | 'resync'): boolean;
    isOpen(episodeId: string): boolean;
    endUnknown(episodeId: string): void;
  };
  acks: { applyRemote(ack: AckRecord): unknown };
  escalations: { remoteEscalation(record: EscalationRecord): void; replace(records: readonly EscalationRecord[]): void };
  gap: Pick<HistoryGapAlarm, 'raise'>;
  positions: Pick<PositionKeeper, 'note'>;
  loaded: LoadedPosition;
  log: Logger;
  clock: Clock;
}

/**
 * Reads the gateway's episode journal for this station (shared/protocol/
 * journal.ts): live entries as they come, and on every resync everything
 * after this station's position, up to the snapshot's head. Every entry is
 * applied once (JournalCursor), episodes through the alarm engine with their
 * source onset and end, acknowledgements and escalation levels through their
 * relays. When the journal cannot show everything since the position
 * (judgeResume), the gap becomes a HISTORY_INCOMPLETE alarm naming the span,
 * and the station carries on from what the journal still holds.
 */
export class JournalReader {
  private readonly cursor: JournalCursor;
  /** This station's wall time up to which it provably had every entry (null: never). */
  private completeUntil: number | null;
  /** Device episodes shown here and not ended, with the journal position of their newest entry. */
  private readonly open = new Map<string, JournalPosition>();
  private behindSince: number | null = null;

  constructor(private readonly deps: JournalReaderDeps) {
    const loaded = deps.loaded;
    this.cursor = new JournalCursor(loaded.kind === 'saved' ? loaded.saved.position : null);
    this.completeUntil = loaded.kind === 'saved' ? loaded.saved.completeUntil : null;
    if (loaded.kind === 'unreadable') deps.log.error('gateway.position-unreadable', { reason: loaded.reason });
  }

  position(): JournalPosition | null {
    return this.cursor.position();
  }

  /** A live entry. 'resync' when the station must read the journal (another journal, or a hole too far back). */
  live(journalId: string, entry: JournalEntry): 'ok' | 'resync' {
    const verdict = this.cursor.take(journalId, entry.pos);
    if (verdict === 'foreign') return 'resync';
    if (verdict === 'apply') this.apply(journalId, entry, 'live');
    return this.cursor.overflowing ? 'resync' : 'ok';
  }

  /**
   * A resync: the snapshot's current picture first, then the journal after
   * this station's position up to the snapshot's head (`fetch` asks for one
   * page; null if it could not be had, and the link is then dropped and
   * retried). Resolves true once caught up.
   */
  async catchUp(snapshot: Snapshot, fetch: (after: number) => Promise<JournalPage | null>): Promise<boolean> {
    let journal = snapshot.journal;
    const openBefore = [...this.open];
    const at = { journalId: journal.journalId, pos: journal.head };
    for (const episode of snapshot.episodes) this.applyEpisode(episode, 'resync', at);
    this.deps.escalations.replace(snapshot.escalations);
    for (const ack of snapshot.acks) this.deps.acks.applyRemote(ack);

    let gap: HistoryGapReason | null = null;
    const verdict = judgeResume(this.cursor.position(), journal);
    if (!verdict.complete) {
      gap = verdict.reason;
      this.cursor.restart(journal.journalId, verdict.after ?? journal.head);
    }
    while (!this.cursor.caughtUp(journal.head)) {
      const after = this.cursor.position()!.pos;
      const page = await fetch(after);
      if (page === null) return false;
      if (page.journal.journalId !== journal.journalId || page.journal.oldest > after + 1) {
        // Replaced or trimmed while we read: what we have not read is gone. Read on from what is left.
        gap ??= page.journal.journalId !== journal.journalId ? 'journal-replaced' : 'evicted';
        journal = page.journal;
        this.cursor.restart(journal.journalId, journal.oldest - 1);
      }
      for (const entry of page.entries) if (this.cursor.take(journal.journalId, entry.pos) === 'apply') this.apply(journal.journalId, entry, 'resync');
      if (this.cursor.position()!.pos === after && page.entries.length === 0) throw new Error(`journal ${journal.journalId} gave nothing after ${after} (head ${journal.head})`);
    }
    if (gap) this.deps.gap.raise(gap, this.completeUntil, this.deps.clock.wall());

    // Open here, not open at the gateway, and not ended by anything we read: it ended while nobody could tell us when.
    const active = new Set(snapshot.episodes.map((e) => e.episodeId));
    for (const [episodeId, seenAt] of openBefore) {
      if (!this.open.has(episodeId) || active.has(episodeId)) continue;
      if (seenAt.journalId === snapshot.journal.journalId && seenAt.pos > snapshot.journal.head) continue;
      if (!gap) this.deps.log.error('gateway.episode-end-missing', { episodeId });
      this.open.delete(episodeId);
      this.deps.episodes.endUnknown(episodeId);
    }
    this.markComplete();
    return true;
  }

  /** 'resync' when the journal was replaced, or a hole has not filled within JOURNAL_HOLE_MS. */
  heartbeat(heartbeat: HeartbeatMessage): 'ok' | 'resync' {
    if (heartbeat.journal.journalId !== this.cursor.journal) return 'resync';
    if (this.cursor.caughtUp(heartbeat.journal.head) && !this.cursor.holeAhead) {
      this.behindSince = null;
      this.markComplete();
      return 'ok';
    }
    const now = this.deps.clock.monotonic();
    this.behindSince ??= now;
    if (now - this.behindSince < JOURNAL_HOLE_MS) return 'ok';
    this.behindSince = null;
    return 'resync';
  }

  private markComplete(): void {
    this.completeUntil = this.deps.clock.wall();
    const position = this.cursor.position();
    if (position) this.deps.positions.note({ position, completeUntil: this.completeUntil });
  }

  private apply(journalId: string, entry: JournalEntry, delivered: 'live' | 'resync'): void {
    if (entry.kind === 'episode') this.applyEpisode(entry.episode, delivered, { journalId, pos: entry.pos });
    else if (entry.kind === 'ack') this.deps.acks.applyRemote(entry.ack);
    else this.deps.escalations.remoteEscalation(entry.escalation);
  }

  private applyEpisode(episode: DeviceEpisode, delivered: 'live' | 'resync', at: JournalPosition): void {
    if (!this.deps.episodes.ingest(episode, delivered)) return;
    if (episode.end === null && this.deps.episodes.isOpen(episode.episodeId)) this.open.set(episode.episodeId, at);
    else this.open.delete(episode.episodeId);
  }
}
