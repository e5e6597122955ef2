import { SenderClock } from '../../../../shared/time/sender-clock';

/**
 * A bed's samples move to a new offset only when the estimate has moved
 * further than this: far above delivery jitter (tens of ms), so a steady
 * stream keeps one offset and contiguous samples stay contiguous; a
 * sender's clock drifting 50 ppm moves it once an hour or so.
 */
export const REANCHOR_MS = 250;

/**
 * Places each bed's waveform samples on record time. A sample carries its
 * sender's time (a device's, the gateway's, the simulator's), which is never
 * compared with ours: each bed has an offset, record time − sender time,
 * taken from when its samples arrive (record time runs on the monotonic
 * clock) less how late they were (shared/time/sender-clock.ts, the rule the
 * station already applies to numerics). So the waveforms line up with the
 * alarms and numerics the station filed on record time, however the
 * sender's clock is set.
 *
 * The offset is kept while the sender's timing agrees with it within
 * REANCHOR_MS, so a run of samples is stored contiguous, and moved when it
 * does not: a sender's clock set forward is followed at once; one set back
 * is followed once the sender clock confirms it (until then its samples
 * would land in the past over what is already recorded, which the
 * accumulator refuses: they continue the stream instead). A backlog after a
 * stall is placed where it belongs, in the past, into the gap it left.
 */
export class SourceAnchors {
  private readonly beds = new Map<number, { sender: SenderClock; offset: number }>();

  /**
   * The offset (record − sender time) for the bed's samples that arrived at
   * record time `arrivedAt`, the newest of which was taken at sender time
   * `newestSample` (of its fastest channel: the finest grid); `moved` when
   * it changed.
   */
  place(bedIndex: number, newestSample: number, arrivedAt: number): { offset: number; moved: boolean } {
    let bed = this.beds.get(bedIndex);
    if (!bed) {
      bed = { sender: new SenderClock(), offset: NaN };
      this.beds.set(bedIndex, bed);
    }
    const estimate = arrivedAt - bed.sender.lateness(newestSample, arrivedAt) - newestSample;
    const moved = !(Math.abs(estimate - bed.offset) <= REANCHOR_MS);
    if (moved) bed.offset = Math.round(estimate);
    return { offset: bed.offset, moved };
  }

  /** The bed's current offset, or null before its first samples (an alarm's source time is placed with it). */
  offsetOf(bedIndex: number): number | null {
    return this.beds.get(bedIndex)?.offset ?? null;
  }
}
