import { systemClock, type Clock } from '../time/clock';

/** AUDIO PAUSED: 120 s unless asked otherwise, never more than 300 s. */
export const DEFAULT_AUDIO_PAUSE_MS = 120_000;
export const MAX_AUDIO_PAUSE_MS = 300_000;

/**
 * Station-wide AUDIO PAUSED. It is time-limited by design (never an
 * indefinite AUDIO OFF) and ends by itself on the first tick at or after
 * its end. The end is kept on the monotonic clock: a system clock set back
 * an hour must not keep the alarms quiet for an hour, and one set forward
 * must not end the pause early (see time/clock.ts). Views get the time that
 * is left, never this reading.
 *
 * A HIGH alarm condition that begins during the pause sounds anyway: the
 * pause overrides nothing that the nurse could not have known about. It
 * does not END the pause, though: the nurse paused the alarms she was
 * dealing with (say, while turning a patient) and un-muting those as a side
 * effect would add noise exactly when a new emergency needs attention.
 * New MEDIUM/LOW conditions show at once and sound when the pause ends.
 * "Began during the pause" is decided by alarm creation order (seq), not by
 * time, so an alarm created in the same millisecond is never ambiguous.
 */
export class AudioPause {
  /** Monotonic end of the pause, or null when not paused. */
  private until: number | null = null;
  private lastSeqBefore = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  get paused(): boolean {
    return this.until !== null;
  }

  /** Milliseconds of pause left (0 once due to end), or null when not paused. */
  remainingMs(): number | null {
    if (this.until === null) return null;
    return Math.max(0, this.until - this.clock.monotonic());
  }

  /** Starts (or restarts) the pause for `durationMs` from now; returns the time left, i.e. `durationMs`. */
  start(durationMs: number, lastSeq: number): number {
    if (!(durationMs > 0 && durationMs <= MAX_AUDIO_PAUSE_MS)) throw new RangeError(`audio pause must be 1 ms to ${MAX_AUDIO_PAUSE_MS / 1000} s`);
    this.until = this.clock.monotonic() + durationMs;
    this.lastSeqBefore = lastSeq;
    return durationMs;
  }

  /** True when this call ended the pause. */
  expire(): boolean {
    if (this.until === null || this.clock.monotonic() < this.until) return false;
    this.until = null;
    return true;
  }

  /** The pause keeps alarms quiet now: started and not yet due to end (even before a tick has ended it). */
  inEffect(): boolean {
    return this.until !== null && this.clock.monotonic() < this.until;
  }

  /** Whether the pause keeps this alarm quiet (never once the pause is due to end, even before a tick has ended it). */
  silences(alarm: { seq: number; priority: string }): boolean {
    if (!this.inEffect()) return false;
    return !(alarm.priority === 'HIGH' && alarm.seq > this.lastSeqBefore);
  }
}
