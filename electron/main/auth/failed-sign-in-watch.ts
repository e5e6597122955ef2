import type { SecurityNotice } from '../../../shared/domain/security-notice';
import { systemClock, type Clock } from '../time/clock';

/**
 * Failed sign-ins for one identifier, across every screen of the station.
 * The per-screen backoff (sign-in-throttle.ts) slows guessing at one screen;
 * this sees guessing anywhere: once `threshold` failures for the same
 * identifier fall within `windowMs`, a notice "failed sign-ins for <user> at
 * <screens>" goes to admins and charge nurses. The notice follows further
 * failures (count, screens) and lapses `windowMs` after the last one.
 *
 * Windows are measured on the monotonic clock; the wall clock only stamps the
 * times people read.
 */
export interface FailedSignInWatchPolicy {
  threshold: number;
  windowMs: number;
}

export const DEFAULT_WATCH_POLICY: FailedSignInWatchPolicy = { threshold: 5, windowMs: 10 * 60_000 };

/** What changed with a failure, for the audit trail. */
export type WatchChange = { kind: 'raised' | 'new-screen'; notice: SecurityNotice } | null;

const MAX_KEYS = 10_000;
const MAX_SCREENS = 64;

interface Track {
  userId: string | null;
  /** Failures within the window, monotonic time and screen (at most `threshold` kept: older ones cannot matter). */
  recent: Array<{ at: number; screen: string }>;
  lastAtMono: number;
  notice: SecurityNotice | null;
}

export class FailedSignInWatch {
  readonly policy: FailedSignInWatchPolicy;
  private readonly clock: Clock;
  private readonly tracks = new Map<string, Track>();
  private readonly listeners = new Set<(notices: SecurityNotice[]) => void>();
  private nextId = 1;

  constructor(options: { policy?: Partial<FailedSignInWatchPolicy>; clock?: Clock } = {}) {
    this.policy = { ...DEFAULT_WATCH_POLICY, ...options.policy };
    this.clock = options.clock ?? systemClock;
  }

  /** `key` groups attempts (the user, or the typed identifier); `userId` is null when it names nobody. */
  recordFailure(key: string, userId: string | null, screen: string): WatchChange {
    const now = this.clock.monotonic();
    this.expire();
    const track = this.tracks.get(key) ?? { userId, recent: [], lastAtMono: now, notice: null };
    track.recent = track.recent.filter((f) => now - f.at < this.policy.windowMs);
    track.recent.push({ at: now, screen });
    if (track.recent.length > this.policy.threshold) track.recent.shift();
    track.lastAtMono = now;
    this.tracks.delete(key);
    this.tracks.set(key, track);
    if (this.tracks.size > MAX_KEYS) this.evict();

    let change: WatchChange = null;
    const wall = this.clock.wall();
    if (track.notice) {
      const notice = track.notice;
      const newScreen = !notice.screens.includes(screen) && notice.screens.length < MAX_SCREENS;
      const screens = newScreen ? [...notice.screens, screen] : notice.screens;
      track.notice = { ...notice, screens, failures: notice.failures + 1, lastAt: wall, message: message(track.userId, screens) };
      if (newScreen) change = { kind: 'new-screen', notice: track.notice };
    } else if (track.recent.length >= this.policy.threshold) {
      const firstAt = wall - Math.round(now - track.recent[0]!.at);
      const screens = [...new Set(track.recent.map((f) => f.screen))];
      track.notice = {
        noticeId: `failed-sign-ins-${this.nextId++}`,
        kind: 'failed-sign-ins',
        userId: track.userId,
        screens,
        failures: track.recent.length,
        firstAt,
        lastAt: wall,
        message: message(track.userId, screens),
      };
      change = { kind: 'raised', notice: track.notice };
    }
    if (track.notice) this.emit();
    return change;
  }

  /** The notices still current (lapsed ones are dropped first). */
  notices(): SecurityNotice[] {
    this.expire();
    return [...this.tracks.values()].flatMap((t) => (t.notice ? [t.notice] : []));
  }

  /** Drops lapsed notices and stale counts; listeners hear about a notice that lapsed. Call it now and then (each tick). */
  expire(): void {
    const now = this.clock.monotonic();
    let lapsed = false;
    for (const [key, track] of this.tracks) {
      if (now - track.lastAtMono < this.policy.windowMs) continue;
      if (track.notice) lapsed = true;
      this.tracks.delete(key);
    }
    if (lapsed) this.emit();
  }

  onChange(listener: (notices: SecurityNotice[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const notices = [...this.tracks.values()].flatMap((t) => (t.notice ? [t.notice] : []));
    for (const listener of this.listeners) listener(notices);
  }

  /** Drops the least recently failed identifier without a notice; a spray of names must not clear a real notice. */
  private evict(): void {
    for (const [key, track] of this.tracks) {
      if (!track.notice) {
        this.tracks.delete(key);
        return;
      }
    }
    this.tracks.delete(this.tracks.keys().next().value!);
  }
}

function message(userId: string | null, screens: readonly string[]): string {
  return `Failed sign-ins for ${userId ?? 'an unknown user name'} at ${screens.join(', ')}`;
}
