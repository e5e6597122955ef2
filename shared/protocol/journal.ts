import { z } from 'zod';
import { AckRecordSchema } from './acknowledgement';
import { DeviceEpisodeSchema } from './episode';
import { EscalationRecordSchema } from './escalation';
import { MAX_JOURNAL_PAGE } from './limits';

/**
 * The gateway's EPISODE JOURNAL: every change to the unit's shared alarm
 * state, in order, numbered 1, 2, 3 … without holes (`pos`), kept for a
 * bounded time (at least 24 h) and a bounded size, oldest out first.
 *
 * - `episode`: a device episode's state after a change (onset, end);
 * - `ack`: the winning acknowledgement of an episode;
 * - `escalation`: a new highest escalation level of an episode.
 *
 * Entries carry the whole state they describe, so applying one twice, or an
 * older one after a newer one, changes nothing (state only moves forward:
 * unknown → open → ended; unacknowledged → acknowledged; level up).
 *
 * A journal has an identity, `journalId`, made when it is created. A gateway
 * that restarts without its journal, or a Redis that was flushed, starts a new
 * one with a new id: a station that resumes from a position in the old one
 * then knows it cannot be shown the gap.
 */
export const JournalIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
export type JournalId = z.infer<typeof JournalIdSchema>;

const Position = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Where a station stands: it has applied every entry of `journalId` up to and including `pos`. */
export const JournalPositionSchema = z.object({ journalId: JournalIdSchema, pos: Position }).strict();
export type JournalPosition = z.infer<typeof JournalPositionSchema>;

/**
 * What the journal holds right now: entries `oldest` … `head` (every one of
 * them; `oldest = head + 1` when it holds none). `createdAt` is the journal's
 * own clock, for people.
 */
export const JournalStateSchema = z
  .object({ journalId: JournalIdSchema, oldest: Position.min(1), head: Position, createdAt: z.number().int().nonnegative() })
  .strict()
  .refine((j) => j.oldest <= j.head + 1, { message: 'oldest is past head + 1', path: ['oldest'] });
export type JournalState = z.infer<typeof JournalStateSchema>;

const entry = {
  pos: Position.min(1),
  /** When the journal recorded it (the journal's own clock). */
  at: z.number().int().nonnegative(),
};

export const JournalEntrySchema = z.discriminatedUnion('kind', [
  z.object({ ...entry, kind: z.literal('episode'), episode: DeviceEpisodeSchema }).strict(),
  z.object({ ...entry, kind: z.literal('ack'), ack: AckRecordSchema }).strict(),
  z.object({ ...entry, kind: z.literal('escalation'), escalation: EscalationRecordSchema }).strict(),
]);
export type JournalEntry = z.infer<typeof JournalEntrySchema>;
/** An entry before the journal numbered it. */
export type JournalBody = JournalEntry extends infer E ? (E extends JournalEntry ? Omit<E, 'pos' | 'at'> : never) : never;

/** station → gateway (event `journal`): the entries after `after`, at most `limit`. */
export const JournalRequestSchema = z
  .object({ v: z.number().int(), journalId: JournalIdSchema, after: Position, limit: z.number().int().min(1).max(MAX_JOURNAL_PAGE) })
  .strict();
export type JournalRequest = z.infer<typeof JournalRequestSchema>;

/**
 * gateway → station, the answer: the journal as it is now and the entries
 * after `after` in order, without holes. When `journal.journalId` is not the
 * one asked for, or `journal.oldest > after + 1`, what was asked for is gone.
 */
export const JournalPageSchema = z
  .object({
    v: z.number().int(),
    type: z.literal('journal-page'),
    journal: JournalStateSchema,
    entries: z.array(JournalEntrySchema).max(MAX_JOURNAL_PAGE),
  })
  .strict();
export type JournalPage = z.infer<typeof JournalPageSchema>;

/**
 * Why a station cannot be shown everything since its position:
 * - no-position: it has none (first start, or its record was lost or unreadable);
 * - journal-replaced: the journal is not the one its position is in (gateway restarted without it, Redis flushed);
 * - evicted: entries after its position have already left the journal (the gap was longer than the journal keeps);
 * - journal-behind: the journal is behind its position (it was restored from an older copy): positions were reused.
 */
export const HISTORY_GAP_REASONS = ['no-position', 'journal-replaced', 'evicted', 'journal-behind'] as const;
export type HistoryGapReason = (typeof HISTORY_GAP_REASONS)[number];

export type ResumeVerdict =
  | { complete: true; after: number }
  /** `after`: from where the journal's entries are still worth reading (null: none of them can be placed). */
  | { complete: false; reason: HistoryGapReason; after: number | null };

/**
 * The one rule for "can this station be shown everything since its
 * position?", from positions alone (never from clocks): only if the journal
 * is the same one, still holds the entry right after the position, and is
 * not behind it.
 */
export function judgeResume(position: JournalPosition | null, journal: JournalState): ResumeVerdict {
  if (position === null) return { complete: false, reason: 'no-position', after: null };
  // Every entry of a replacement journal was made after this station last heard anything: all of them are news.
  if (position.journalId !== journal.journalId) return { complete: false, reason: 'journal-replaced', after: journal.oldest - 1 };
  if (position.pos > journal.head) return { complete: false, reason: 'journal-behind', after: null };
  if (position.pos + 1 < journal.oldest) return { complete: false, reason: 'evicted', after: journal.oldest - 1 };
  return { complete: true, after: position.pos };
}
