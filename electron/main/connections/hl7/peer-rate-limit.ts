import { systemClock, type Clock } from '../../time/clock';

/**
 * A token bucket per sender and kind of message: `messagesPerSecond`
 * sustained, `burst` at once. Alarms (PCD-04) and everything else are
 * counted apart, so a sender whose numerics flood keeps its alarms' allowance
 * (at many sites one integration engine forwards every monitor: one peer).
 *
 * A message over the limit is not dropped quietly: the receiver answers it
 * AE (the sender must send it again; never AA for something not taken),
 * counts it, and the listener raises a technical alarm naming the sender
 * while it is being throttled. Time is the monotonic clock.
 */
export type MessageKind = 'alarms' | 'other';

export interface RateLimitPolicy {
  messagesPerSecond: number;
  burst: number;
}

/** Senders tracked at most; with an allow-list there are few. Past this, the longest-idle full bucket goes. */
const MAX_BUCKETS = 2048;

interface Bucket {
  tokens: number;
  at: number;
}

export class PeerRateLimit {
  private readonly buckets = new Map<string, Bucket>();
  /** Monotonic time each sender was last refused a message. */
  private readonly lastThrottled = new Map<string, number>();
  private readonly clock: Clock;

  constructor(
    private readonly policy: RateLimitPolicy,
    clock: Clock = systemClock,
    /** Told (synchronously) when a sender not throttled until now is refused a message. */
    private readonly onNewlyThrottled: (peer: string) => void = () => undefined,
  ) {
    this.clock = clock;
  }

  /** Takes one message's allowance; false when the sender is over its limit (the message must be refused). */
  take(peer: string, kind: MessageKind): boolean {
    const now = this.clock.monotonic();
    const key = `${peer}\u0000${kind}`;
    const bucket = this.buckets.get(key) ?? { tokens: this.policy.burst, at: now };
    bucket.tokens = Math.min(this.policy.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.policy.messagesPerSecond);
    bucket.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > MAX_BUCKETS) this.evict(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    const fresh = !this.lastThrottled.has(peer);
    this.lastThrottled.set(peer, now);
    if (fresh) this.onNewlyThrottled(peer);
    return false;
  }

  /** Senders refused a message within the last `withinMs` (for the technical alarm and the status screen). */
  throttledPeers(withinMs: number): string[] {
    const now = this.clock.monotonic();
    const out: string[] = [];
    for (const [peer, at] of this.lastThrottled) {
      if (now - at < withinMs) out.push(peer);
      else this.lastThrottled.delete(peer);
    }
    return out.sort();
  }

  private evict(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const refilled = bucket.tokens + ((now - bucket.at) / 1000) * this.policy.messagesPerSecond;
      if (refilled >= this.policy.burst) {
        this.buckets.delete(key);
        return;
      }
    }
    // All busy: drop the least recently used, which at worst gives one sender a fresh burst.
    this.buckets.delete(this.buckets.keys().next().value!);
  }
}
