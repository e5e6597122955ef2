import type { Clock } from './clock';

export interface MonotonicTimer {
  cancel(): void;
}

/** How long a pending timer waits at most before it reads its clock again. */
export const DEFAULT_RECHECK_MS = 1_000;

/**
 * Calls `fn` once `delayMs` have passed on `clock.monotonic()`, never
 * synchronously. Node's timer only paces the checks; the Clock decides when
 * the time is up, so a wall-clock step can neither bring it forward nor hold
 * it back, and a test's FakeClock drives it like every other duration. The
 * clock is read again at least every `recheckMs` (with the system clock the
 * first check is already on time; a FakeClock that is advanced is noticed
 * within that). `unref`: a pending timer does not keep the process alive.
 */
export function afterMonotonic(clock: Clock, delayMs: number, fn: () => void, options: { recheckMs?: number; unref?: boolean } = {}): MonotonicTimer {
  const due = clock.monotonic() + delayMs;
  const recheckMs = options.recheckMs ?? DEFAULT_RECHECK_MS;
  let handle: NodeJS.Timeout | null = null;
  let cancelled = false;
  const arm = (waitMs: number) => {
    handle = setTimeout(check, Math.max(1, Math.min(waitMs, recheckMs)));
    if (options.unref) handle.unref?.();
  };
  const check = () => {
    handle = null;
    if (cancelled) return;
    const remaining = due - clock.monotonic();
    if (remaining > 0) arm(remaining);
    else fn();
  };
  arm(delayMs);
  return {
    cancel: () => {
      cancelled = true;
      if (handle) clearTimeout(handle);
      handle = null;
    },
  };
}
