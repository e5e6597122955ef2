/** AUDIO PAUSED: 120 s unless asked otherwise, never more than 300 s. */
export const DEFAULT_AUDIO_PAUSE_MS = 120_000;
export const MAX_AUDIO_PAUSE_MS = 300_000;

/**
 * Station-wide AUDIO PAUSED. It is time-limited by design (never an
 * indefinite AUDIO OFF) and ends by itself on the first tick at or after
 * `pausedUntil`.
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
  private until: number | null = null;
  private lastSeqBefore = 0;

  get pausedUntil(): number | null {
    return this.until;
  }

  start(now: number, durationMs: number, lastSeq: number): number {
    this.until = now + durationMs;
    this.lastSeqBefore = lastSeq;
    return this.until;
  }

  /** True when this call ended the pause. */
  expire(now: number): boolean {
    if (this.until === null || now < this.until) return false;
    this.until = null;
    return true;
  }

  /** Whether the pause keeps this alarm quiet. */
  silences(alarm: { seq: number; priority: string }): boolean {
    if (this.until === null) return false;
    return !(alarm.priority === 'HIGH' && alarm.seq > this.lastSeqBefore);
  }
}
