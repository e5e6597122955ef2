/**
 * The single rule for "is this bed's data current?", used by the main process
 * watchdog and by the renderer's own check (which must still grey the wall if
 * the main process or the IPC link stalls). Unknown is treated as stale.
 */
export const DEFAULT_NO_DATA_TIMEOUT_MS = 5000;

export function isFresh(lastDataAt: number | null, now: number, timeoutMs: number): boolean {
  if (lastDataAt === null || !Number.isFinite(lastDataAt)) return false;
  const age = now - lastDataAt;
  // A timestamp from the future means a clock we cannot trust: not proven fresh.
  if (age < -timeoutMs) return false;
  return age <= timeoutMs;
}
