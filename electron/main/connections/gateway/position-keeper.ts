import type { Logger } from '../../logging/logger';
import type { Clock } from '../../time/clock';
import type { PositionFile, SavedPosition } from './position-file';

/** Saves at most this often while entries keep coming (the file is fsync'd each time). */
const SAVE_INTERVAL_MS = 1_000;
/**
 * With no new entry, "complete until" alone is refreshed only this often: a
 * gap after a crash is then named from up to a minute too early (wider, never
 * narrower), and an idle station does not fsync every second.
 */
const REFRESH_MS = 60_000;

/**
 * Moves the persisted position forward only over what the audit trail has
 * made durable: it asks the trail to flush, and saves the position it held
 * before asking once the flush is done. After a crash the station is then
 * shown again what it had applied but not yet audited (at least once: the
 * restarted engine starts empty, so a repeat is shown and audited again),
 * never less. A trail that cannot flush keeps the file where it was.
 */
export class PositionKeeper {
  private latest: SavedPosition | null = null;
  /** Monotonic time `latest` was taken (the refresh interval is a duration: never measured on the wall clock). */
  private latestAt = 0;
  /** The newest position known to be covered by durable audit entries. */
  private durable: SavedPosition | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private saving = false;
  private closed = false;

  constructor(
    private readonly file: PositionFile,
    private readonly audit: { flush(): Promise<void> },
    private readonly log: Logger,
    private readonly clock: Pick<Clock, 'monotonic'>,
  ) {}

  note(saved: SavedPosition): void {
    if (this.closed) return;
    const now = this.clock.monotonic();
    if (this.latest && samePosition(this.latest, saved) && now - this.latestAt < REFRESH_MS) return;
    this.latest = saved;
    this.latestAt = now;
    this.schedule();
  }

  /** Writes the last durable position now (the station is stopping). */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.durable) this.write(this.durable);
  }

  private async save(): Promise<void> {
    this.timer = null;
    const candidate = this.latest;
    if (!candidate) return;
    this.saving = true;
    try {
      await this.audit.flush();
      this.durable = candidate;
      if (!this.closed) this.write(candidate);
    } catch (error) {
      this.log.warn('gateway.position-not-saved', { reason: (error as Error).message.slice(0, 120) });
    } finally {
      this.saving = false;
      if (this.latest !== candidate) this.schedule();
    }
  }

  private schedule(): void {
    if (!this.closed && !this.timer && !this.saving) this.timer = setTimeout(() => void this.save(), SAVE_INTERVAL_MS);
  }

  private write(saved: SavedPosition): void {
    try {
      this.file.save(saved);
    } catch (error) {
      this.log.error('gateway.position-not-saved', { reason: (error as Error).message.slice(0, 120) });
    }
  }
}

function samePosition(a: SavedPosition, b: SavedPosition): boolean {
  return a.position.journalId === b.position.journalId && a.position.pos === b.position.pos;
}
