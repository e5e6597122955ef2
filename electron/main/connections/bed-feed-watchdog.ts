import type { BedFeedState, BedStatus } from '../../../shared/domain/bed-status';
import { isFresh } from '../../../shared/domain/freshness';
import { systemClock, type Clock } from '../time/clock';

export interface BedFeedWatchdogOptions {
  /** Silence is measured on `clock.monotonic()`; `wall()` only dates `lastDataAt` for people. Default systemClock. */
  clock?: Clock;
  /**
   * Monitoring begins now: a bed never heard from is `unknown` for one
   * timeout, then `no-data`. Without it such a bed stays `unknown`.
   */
  watchFromStart?: boolean;
}

/**
 * Tracks, per bed, when its newest data was measured and whether the ECG
 * lead is off, and reports status changes. It only ever moves a bed to
 * `live` on proof (data inside the timeout); silence, or never having heard
 * from a bed, is not-live. A bed never heard from is `unknown` for one
 * timeout after the watchdog starts (the feed is still connecting) and
 * `no-data` after that, so a bed that never sends raises its technical alarm
 * like one that stopped. The alarm engine turns a `no-data` transition into
 * a technical alarm.
 *
 * All of it runs on the monotonic clock: a system clock set back an hour
 * must not grey every bed, and one set forward must not keep a silent bed
 * live for an hour.
 */
export class BedFeedWatchdog {
  /** Monotonic time the newest data of each bed was measured, or null. */
  private readonly lastDataMono: (number | null)[];
  private readonly leadOff: boolean[];
  private readonly reported: BedStatus[];
  private readonly clock: Clock;
  private readonly startedMono: number | null;

  constructor(
    private readonly bedIds: readonly string[],
    private readonly timeoutMs: number,
    options: BedFeedWatchdogOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.startedMono = options.watchFromStart ? this.clock.monotonic() : null;
    this.lastDataMono = bedIds.map(() => null);
    this.leadOff = bedIds.map(() => false);
    this.reported = bedIds.map((bedId) => ({ bedId, feed: 'unknown', ecgLeadOff: false, lastDataAt: null }));
  }

  /**
   * Data from the bed, measured at `measuredMono` on this machine's
   * monotonic clock (default now, i.e. it just arrived). Older than what the
   * bed already proved, it changes nothing.
   */
  recordData(bedIndex: number, measuredMono: number = this.clock.monotonic()): void {
    if (bedIndex < 0 || bedIndex >= this.lastDataMono.length) return;
    const previous = this.lastDataMono[bedIndex];
    if (previous === null || previous === undefined || measuredMono > previous) this.lastDataMono[bedIndex] = measuredMono;
  }

  recordLeadOff(bedIndex: number, leadOff: boolean): void {
    if (bedIndex >= 0 && bedIndex < this.leadOff.length) this.leadOff[bedIndex] = leadOff;
  }

  /** Re-evaluates every bed now; returns only the beds whose status changed. */
  evaluate(): BedStatus[] {
    const now = this.clock.monotonic();
    const wall = this.clock.wall();
    const changed: BedStatus[] = [];
    for (let i = 0; i < this.bedIds.length; i++) {
      const lastMono = this.lastDataMono[i] ?? null;
      const feed: BedFeedState =
        lastMono === null
          ? this.startedMono !== null && now - this.startedMono > this.timeoutMs
            ? 'no-data'
            : 'unknown'
          : isFresh(lastMono, now, this.timeoutMs)
            ? 'live'
            : 'no-data';
      // Lead-off is a statement about live data; a silent bed cannot prove it either way.
      const ecgLeadOff = feed === 'live' && (this.leadOff[i] ?? false);
      // For people only: the wall-clock time that many milliseconds ago.
      const lastDataAt = lastMono === null ? null : Math.round(wall - (now - lastMono));
      const previous = this.reported[i]!;
      if (previous.feed !== feed || previous.ecgLeadOff !== ecgLeadOff) {
        const status: BedStatus = { bedId: this.bedIds[i]!, feed, ecgLeadOff, lastDataAt };
        this.reported[i] = status;
        changed.push(status);
      } else {
        previous.lastDataAt = lastDataAt;
      }
    }
    return changed;
  }

  statuses(): BedStatus[] {
    return this.reported.map((s) => ({ ...s }));
  }
}
