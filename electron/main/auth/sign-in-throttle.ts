import { systemClock, type Clock } from '../time/clock';

/**
 * Slows down guessing at ONE screen without locking anyone out anywhere
 * else. Failed sign-ins are counted per (screen, identifier): after
 * `freeFailures` the next attempt at that screen for that identifier must
 * wait `initialDelayMs`, and every further failure doubles the wait, up to
 * `maxDelayMs`. A nurse who types the right PIN at another screen signs in at
 * once, so a passer-by hammering one screen cannot stop the unit's nurses
 * from acknowledging (which a per-identifier lockout did).
 *
 * - The identifier key is the user when it names one (user name and badge
 *   share a counter) and the typed identifier otherwise, so unknown names
 *   are throttled exactly like real ones and the delay reveals nobody.
 * - Time is the MONOTONIC clock: stepping the system clock neither ends a
 *   backoff early nor stretches it to hours.
 * - Attempts while waiting are refused without being counted, so they do not
 *   extend the wait; a success at a screen clears only that screen's count.
 * - A pair with no failure for `forgetAfterMs` starts over.
 *
 * Guessing spread over many screens is not slowed here; it is reported
 * (failed-sign-in-watch.ts) to admins and charge nurses.
 */
export interface SignInBackoffPolicy {
  freeFailures: number;
  initialDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
}

export const DEFAULT_BACKOFF_POLICY: SignInBackoffPolicy = {
  freeFailures: 3,
  initialDelayMs: 5_000,
  maxDelayMs: 5 * 60_000,
  forgetAfterMs: 15 * 60_000,
};

/** Bounds memory when someone sprays random identifiers or screens. */
const MAX_TRACKED = 10_000;

interface Entry {
  failures: number;
  lastFailureAt: number;
  /** Monotonic time before which this screen may not try this identifier again. */
  blockedUntil: number;
}

export interface SignInThrottleOptions {
  policy?: Partial<SignInBackoffPolicy>;
  clock?: Clock;
}

export class SignInThrottle {
  readonly policy: SignInBackoffPolicy;
  private readonly clock: Clock;
  private readonly entries = new Map<string, Entry>();

  constructor(options: SignInThrottleOptions = {}) {
    this.policy = { ...DEFAULT_BACKOFF_POLICY, ...options.policy };
    this.clock = options.clock ?? systemClock;
  }

  /** How long this screen must still wait before trying this identifier again; 0 if it may try now. */
  waitMs(screen: string, key: string): number {
    const entry = this.live(entryKey(screen, key));
    return entry ? Math.max(0, entry.blockedUntil - this.clock.monotonic()) : 0;
  }

  /** Counts a failure; returns the wait it imposes on this screen for this identifier (0 while failures are free). */
  recordFailure(screen: string, key: string): number {
    const now = this.clock.monotonic();
    const k = entryKey(screen, key);
    const entry = this.live(k) ?? { failures: 0, lastFailureAt: now, blockedUntil: now };
    entry.failures++;
    entry.lastFailureAt = now;
    const over = entry.failures - this.policy.freeFailures;
    const wait = over <= 0 ? 0 : Math.min(this.policy.maxDelayMs, this.policy.initialDelayMs * 2 ** Math.min(over - 1, 30));
    entry.blockedUntil = now + wait;
    // Re-inserted so the map's order is least recently failed first (see evict).
    this.entries.delete(k);
    this.entries.set(k, entry);
    if (this.entries.size > MAX_TRACKED) this.evict(now);
    return wait;
  }

  recordSuccess(screen: string, key: string): void {
    this.entries.delete(entryKey(screen, key));
  }

  private live(k: string): Entry | null {
    const entry = this.entries.get(k);
    if (!entry) return null;
    const now = this.clock.monotonic();
    if (now - entry.lastFailureAt >= this.policy.forgetAfterMs && now >= entry.blockedUntil) {
      this.entries.delete(k);
      return null;
    }
    return entry;
  }

  /** Drops the least recently failed pair that is not waiting: a spray of new names must not release a screen that is. */
  private evict(now: number): void {
    for (const [k, entry] of this.entries) {
      if (entry.blockedUntil <= now) {
        this.entries.delete(k);
        return;
      }
    }
    this.entries.delete(this.entries.keys().next().value!);
  }
}

function entryKey(screen: string, key: string): string {
  return `${screen}\u0000${key}`;
}
