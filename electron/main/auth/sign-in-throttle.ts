/**
 * Failed sign-ins per identifier: after `maxFailures` within `windowMs` the
 * identifier is locked for `lockoutMs`. The key is the user when the
 * identifier names one (so user name and badge share a counter) and the
 * typed identifier otherwise, so unknown names lock exactly like real ones
 * and the lockout says nothing about who exists.
 */
export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = { maxFailures: 5, windowMs: 5 * 60_000, lockoutMs: 5 * 60_000 };

/** Bounds memory when someone sprays random identifiers. */
const MAX_TRACKED = 10_000;

interface Entry {
  failures: number[];
  lockedUntil: number | null;
}

export class SignInThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY) {}

  lockedUntil(key: string, now: number): number | null {
    const entry = this.entries.get(key);
    if (!entry?.lockedUntil) return null;
    if (now < entry.lockedUntil) return entry.lockedUntil;
    this.entries.delete(key);
    return null;
  }

  /** Returns the lock end when this failure locked the key. */
  recordFailure(key: string, now: number): number | null {
    const entry = this.entries.get(key) ?? { failures: [], lockedUntil: null };
    entry.failures = entry.failures.filter((t) => now - t < this.policy.windowMs);
    entry.failures.push(now);
    if (entry.failures.length >= this.policy.maxFailures) {
      entry.failures = [];
      entry.lockedUntil = now + this.policy.lockoutMs;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_TRACKED) this.evict(now);
    return entry.lockedUntil;
  }

  recordSuccess(key: string): void {
    this.entries.delete(key);
  }

  /** Drops the oldest unlocked entry: a spray of new names must not unlock anyone. */
  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.lockedUntil === null || entry.lockedUntil <= now) {
        this.entries.delete(key);
        return;
      }
    }
    this.entries.delete(this.entries.keys().next().value!);
  }
}
