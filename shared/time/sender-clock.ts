/** Lateness beyond this makes a message suspect: delivered late, or its sender's clock went back. */
const SUSPECT_LATE_MS = 1000;
/** A new timeline must hold this long (local time) before it counts as the sender's clock having stepped back. */
const CONFIRM_MS = 2000;
/** Jitter allowed within a new timeline while it is being confirmed. */
const CONFIRM_TOLERANCE_MS = 500;
/** How fast another machine's clock may drift from ours (ms per ms): 1000 ppm, far beyond any crystal. */
const MAX_DRIFT = 0.001;

/**
 * How late messages from one sender arrive, judged from when they arrive on
 * this machine's monotonic clock and what the sender's own clock said when
 * it sent them, never by comparing the two clocks' readings: the sender may
 * be set to another time, or another time zone, and ours may be set back.
 * Used by the station for numerics (station/current-numerics.ts) and by the
 * renderer to play waveform samples out on its own clock.
 *
 * The offset `arrival (monotonic) − sent (sender's clock)` is constant for
 * messages that travel equally fast, whatever either clock reads; the
 * smallest offset seen is the fastest delivery, and a message whose offset
 * is larger arrived that much later (a backlog, a stalled link). The
 * baseline may rise by at most MAX_DRIFT so a slowly drifting sender clock
 * is followed.
 *
 * A sender clock set forward lowers the offset: followed at once. One set
 * back raises it like a backlog; it is taken for a clock change only once
 * the new offset has held steady for CONFIRM_MS of local time (a backlog
 * arrives in a burst and catches up, so its offsets never hold still that
 * long). Until then its messages count as late, which costs at most
 * CONFIRM_MS of data, less than any no-data timeout.
 */
export class SenderClock {
  private baseline: number | null = null;
  private lastMono = 0;
  private candidate: { offset: number; since: number } | null = null;

  /**
   * How late (ms, ≥ 0) a message its sender stamped `sentAt` (the sender's
   * clock) is, arriving at `arrivedAt` (this machine's monotonic clock).
   */
  lateness(sentAt: number, arrivedAt: number): number {
    const offset = arrivedAt - sentAt;
    if (this.baseline === null) {
      this.baseline = offset;
      this.lastMono = arrivedAt;
      return 0;
    }
    const baseline = Math.min(offset, this.baseline + MAX_DRIFT * (arrivedAt - this.lastMono));
    this.lastMono = arrivedAt;
    const late = offset - baseline;
    if (late <= SUSPECT_LATE_MS) {
      this.baseline = baseline;
      this.candidate = null;
      return late;
    }
    if (this.candidate === null || Math.abs(offset - this.candidate.offset) > CONFIRM_TOLERANCE_MS) {
      this.candidate = { offset, since: arrivedAt };
    } else if (arrivedAt - this.candidate.since >= CONFIRM_MS) {
      // The sender's clock was set back: its messages run on the new timeline, on time.
      this.baseline = Math.min(offset, this.candidate.offset);
      this.candidate = null;
      return offset - this.baseline;
    }
    this.baseline = baseline;
    return late;
  }
}
