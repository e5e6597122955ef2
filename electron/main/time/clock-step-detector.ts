import { instantOf, systemClock, type Clock, type Instant } from './clock';

/** A wall-clock change larger than this is reported; NTP's slewing stays far below it between two checks. */
export const CLOCK_STEP_THRESHOLD_MS = 2000;

export interface ClockStep {
  /** How far the wall clock moved beyond the time that passed: + forward, − back. */
  stepMs: number;
  /** Wall clock right after the step. */
  at: number;
}

/**
 * Notices someone setting the system clock: between two checks the wall
 * clock should move as far as the monotonic clock did; a difference larger
 * than the threshold is a step. Checked every station tick, so two checks
 * are ~40 ms apart and slewing (at most 0.5 ms/s) never adds up to one.
 * A stalled event loop is no step: both clocks move on together. Waking
 * from suspend is one (the monotonic clock does not count the sleep), and
 * is reported as such: durations on this station did not run meanwhile.
 */
export class ClockStepDetector {
  private last: Instant;

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly thresholdMs = CLOCK_STEP_THRESHOLD_MS,
  ) {
    this.last = instantOf(clock);
  }

  /** The step since the previous check, or null. */
  check(): ClockStep | null {
    const now = instantOf(this.clock);
    const drift = now.wall - this.last.wall - (now.mono - this.last.mono);
    this.last = now;
    return Math.abs(drift) > this.thresholdMs ? { stepMs: Math.round(drift), at: now.wall } : null;
  }
}
