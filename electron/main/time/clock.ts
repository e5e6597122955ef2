/**
 * The station's two clocks (see docs/architecture.md, "Two clocks").
 *
 * - `monotonic()` measures durations: condition delays, hysteresis,
 *   escalation, AUDIO PAUSED, no-data detection, session inactivity,
 *   sign-in backoff, rate limits, watchdogs. It never steps; its origin is arbitrary, so a
 *   monotonic reading means nothing outside this process and is never shown,
 *   stored or sent.
 * - `wall()` is epoch milliseconds for what people read: displayed times,
 *   audit timestamps, exported files. NTP, a daylight-saving mistake or a
 *   technician can step it at any moment; no clinical behaviour may depend
 *   on it.
 *
 * Everything that takes time takes a Clock, so tests drive the two
 * separately (test/support/fake-clock.ts).
 */
export interface Clock {
  /** Milliseconds since an arbitrary origin; never goes backwards, never jumps. */
  monotonic(): number;
  /** Epoch milliseconds, as the operating system says now. */
  wall(): number;
}

/** The real clocks: performance.now() (CLOCK_MONOTONIC under Node and Chromium) and Date.now(). */
export const systemClock: Clock = {
  monotonic: () => performance.now(),
  wall: () => Date.now(),
};

/**
 * One moment read from both clocks: `mono` for durations, `wall` for what
 * people read. Kept together where something that happened is acted on
 * later (a device alarm held back in a flood starts, for the nurse and for
 * escalation, when it came).
 */
export interface Instant {
  mono: number;
  wall: number;
}

export function instantOf(clock: Clock): Instant {
  return { mono: clock.monotonic(), wall: clock.wall() };
}
