import type { Clock } from '../../electron/main/time/clock';

/**
 * A Clock whose two readings tests drive separately: `advance` is time
 * passing (both move), `stepWall` is someone changing the system clock (only
 * the wall clock moves).
 */
export class FakeClock implements Clock {
  private mono: number;
  private wallMs: number;

  constructor(start: { monotonic?: number; wall?: number } = {}) {
    this.mono = start.monotonic ?? 1_000_000;
    this.wallMs = start.wall ?? Date.UTC(2026, 0, 15, 2, 0, 0);
  }

  monotonic(): number {
    return this.mono;
  }

  wall(): number {
    return this.wallMs;
  }

  /** Real time passes: both clocks move by `ms`. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('time does not run backwards; use stepWall for a clock change');
    this.mono += ms;
    this.wallMs += ms;
  }

  /** The system clock is changed by `ms` (negative = backwards); no time passes. */
  stepWall(ms: number): void {
    this.wallMs += ms;
  }
}

/**
 * The two wall-clock steps every duration is tested with, for `describe.each`
 * / `it.each`: someone setting the system clock an hour forward, and back.
 */
export const HOUR_STEPS = [
  ['forward', +3_600_000],
  ['back', -3_600_000],
] as const;
