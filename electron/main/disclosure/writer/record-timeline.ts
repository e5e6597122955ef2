import type { ClockEntry } from '../../../../shared/disclosure/record-time';
import { CLOCK_STEP_THRESHOLD_MS } from '../../time/clock-step-detector';

/**
 * The record's time axis for one run of the recorder (shared/disclosure/
 * record-time.ts says why there is one). Everything the recorder is given
 * carries readings of the station's monotonic clock (never stored: the
 * readings mean nothing outside this process); this turns them into record
 * time and keeps the wall clock's offset from it.
 *
 * - A run begins at the wall clock, or just after the last thing the store
 *   holds if the wall clock is behind it (it was set back while the station
 *   was off, or the station restarted within the same second): the record
 *   never goes back over itself.
 * - It then advances with the monotonic clock only: a wall-clock step while
 *   it runs moves nothing recorded and nothing measured (retention, block
 *   timing), it only adds a clock entry so that what people read is the
 *   wall time again.
 */
export class RecordTimeline {
  private origin: { record: number; mono: number } | null = null;
  private entry: ClockEntry = { from: 0, offset: 0 };

  /**
   * Starts the run at monotonic reading `mono`, wall clock `wall`; `through`
   * is the latest record time the store holds (null for an empty or
   * unreadable store). Returns the run's clock entry.
   */
  begin(mono: number, wall: number, through: number | null): ClockEntry {
    const start = through === null ? wall : Math.max(wall, Math.floor(through) + 1);
    this.origin = { record: start, mono };
    this.entry = { from: start, offset: Math.round(wall - start) };
    return this.entry;
  }

  get begun(): boolean {
    return this.origin !== null;
  }

  /** Record time of a monotonic reading (before the run began: the reading taken as its start). */
  at(mono: number): number {
    if (!this.origin) throw new Error('the record timeline has not begun');
    return this.origin.record + (mono - this.origin.mono);
  }

  /** Where the run began on record time. */
  get start(): number {
    if (!this.origin) throw new Error('the record timeline has not begun');
    return this.origin.record;
  }

  /** The offset in effect now. */
  get offset(): number {
    return this.entry.offset;
  }

  /**
   * A wall-clock reading taken with monotonic reading `mono`: when the wall
   * clock has moved away from record time + offset by more than a clock
   * step (the station's own threshold, time/clock-step-detector.ts), a new
   * entry from now on; otherwise null. NTP's slewing stays below it for
   * days; it is caught up with the next step or run.
   */
  observeWall(mono: number, wall: number): { entry: ClockEntry; stepMs: number } | null {
    const now = this.at(mono);
    const stepMs = Math.round(wall - now - this.entry.offset);
    if (Math.abs(stepMs) <= CLOCK_STEP_THRESHOLD_MS) return null;
    this.entry = { from: now, offset: Math.round(wall - now) };
    return { entry: this.entry, stepMs };
  }
}
