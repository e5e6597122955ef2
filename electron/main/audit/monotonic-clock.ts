import { systemClock, type Clock } from '../time/clock';

/**
 * The audit row's mono_ms: the process's start time plus the monotonic time
 * since (performance.timeOrigin + the clock's monotonic reading). It orders
 * events within one run even when NTP moves the wall clock, and restarts
 * with the process. Part of the hashed row format since the first chain, so
 * it keeps this meaning; durations are never computed from stored values.
 */
export function monotonicStamp(clock: Clock): number {
  return Math.floor(performance.timeOrigin + clock.monotonic());
}

/** monotonicStamp on the system clock (the writer thread, the command-line tools). */
export function monotonicMs(): number {
  return monotonicStamp(systemClock);
}
