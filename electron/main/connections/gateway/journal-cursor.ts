import type { JournalPosition } from '../../../../shared/protocol/journal';

/** Entries ahead of a hole kept before the hole counts as a gap on its own (a resync reads it from the journal). */
const MAX_AHEAD = 10_000;

/**
 * Where this station stands in the gateway's episode journal: `pos` is the
 * highest position up to which it has applied EVERY entry. Entries can
 * arrive out of order (several gateway processes relay to each other) or
 * twice (live and again in a journal page): each is applied once, and the
 * position only moves over a contiguous run, so a hole is never skipped.
 */
export class JournalCursor {
  private journalId: string | null;
  private pos: number;
  private readonly ahead = new Set<number>();

  constructor(start: JournalPosition | null) {
    this.journalId = start?.journalId ?? null;
    this.pos = start?.pos ?? 0;
  }

  position(): JournalPosition | null {
    return this.journalId === null ? null : { journalId: this.journalId, pos: this.pos };
  }

  get journal(): string | null {
    return this.journalId;
  }

  /**
   * An entry arrived: `apply` it (first time), it was already `seen`, or it
   * is `foreign` (another journal: the one we follow was replaced).
   */
  take(journalId: string, pos: number): 'apply' | 'seen' | 'foreign' {
    if (journalId !== this.journalId) return 'foreign';
    if (pos <= this.pos || this.ahead.has(pos)) return 'seen';
    this.ahead.add(pos);
    while (this.ahead.delete(this.pos + 1)) this.pos++;
    return 'apply';
  }

  /** The station cannot place what came before: it follows `journalId` from `pos` on (entries after it are still news). */
  restart(journalId: string, pos: number): void {
    if (journalId !== this.journalId) this.ahead.clear();
    this.journalId = journalId;
    this.pos = pos;
    for (const p of [...this.ahead]) if (p <= pos) this.ahead.delete(p);
    while (this.ahead.delete(this.pos + 1)) this.pos++;
  }

  /** Whether every entry up to `head` has been applied. */
  caughtUp(head: number): boolean {
    return this.pos >= head;
  }

  /** Entries are waiting behind a hole, or too many of them for a hole that will fill by itself. */
  get holeAhead(): boolean {
    return this.ahead.size > 0;
  }

  get overflowing(): boolean {
    return this.ahead.size > MAX_AHEAD;
  }
}
