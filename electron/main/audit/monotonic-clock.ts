/**
 * Milliseconds on a clock that never steps: the process's start time plus the
 * monotonic time since. It orders events and measures intervals within one run
 * even when NTP moves the wall clock; it restarts with the process.
 */
export function monotonicMs(): number {
  return Math.floor(performance.timeOrigin + performance.now());
}
