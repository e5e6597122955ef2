import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { JournalPositionSchema, type JournalPosition } from '../../../../shared/protocol/journal';
import { writeFileDurably } from '../../storage/durable-file';

/**
 * This station's place in the gateway's episode journal, kept across
 * restarts in a small file in dataDir, so a station that was off overnight
 * is shown every episode it missed (or told, loudly, that it cannot be).
 *
 * - `completeUntil`: this station's wall time up to which it provably had
 *   every episode (the start of the span a history gap names).
 * - No file: the station has no position: it has never been connected with
 *   this dataDir, or the file was removed. Either way it cannot know what
 *   came before, and says so (HISTORY_INCOMPLETE, "no-position").
 * - An unreadable file, or one for another station: the same, "unknown is
 *   unsafe"; it is never taken as a position.
 *
 * Written atomically: a temporary file, fsync, rename over the old one,
 * fsync of the folder. A crash leaves the old or the new file, never half
 * of one.
 */
const PositionFileSchema = z
  .object({
    format: z.literal(1),
    stationId: z.string().min(1).max(48),
    position: JournalPositionSchema,
    completeUntil: z.number().int().nonnegative(),
  })
  .strict();

export interface SavedPosition {
  position: JournalPosition;
  completeUntil: number;
}

export type LoadedPosition = { kind: 'saved'; saved: SavedPosition } | { kind: 'none' } | { kind: 'unreadable'; reason: string };

export class PositionFile {
  constructor(
    /** null: kept in memory only (every start is a start without a position). */
    private readonly file: string | null,
    private readonly stationId: string,
  ) {}

  load(): LoadedPosition {
    if (this.file === null) return { kind: 'none' };
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? { kind: 'none' } : { kind: 'unreadable', reason: code ?? 'read failed' };
    }
    try {
      const parsed = PositionFileSchema.safeParse(JSON.parse(text));
      if (!parsed.success) return { kind: 'unreadable', reason: 'invalid' };
      if (parsed.data.stationId !== this.stationId) return { kind: 'unreadable', reason: 'another station' };
      return { kind: 'saved', saved: { position: parsed.data.position, completeUntil: parsed.data.completeUntil } };
    } catch {
      return { kind: 'unreadable', reason: 'not JSON' };
    }
  }

  /** Synchronous and durable when it returns; throws if it could not be written. */
  save(saved: SavedPosition): void {
    if (this.file === null) return;
    const text = JSON.stringify({ format: 1, stationId: this.stationId, position: saved.position, completeUntil: Math.floor(saved.completeUntil) });
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileDurably(this.file, text);
  }
}
