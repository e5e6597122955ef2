/**
 * How long to wait before the next round of connection attempts after every
 * gateway URL failed: exponential (250 ms, 500 ms, 1 s, …) capped at 10 s,
 * with "equal jitter" (half the delay fixed, half random) so the stations of
 * a hospital that all lost the back end at once do not come back in lockstep,
 * while none of them ever retries in a tight loop.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 10_000 };

/** `round` counts failed rounds since the last successful connection, from 0. */
export function backoffDelay(round: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(round, 0), 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
