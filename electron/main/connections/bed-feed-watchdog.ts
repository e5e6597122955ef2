import type { BedFeedState, BedStatus } from '../../../shared/domain/bed-status';
import { isFresh } from '../../../shared/domain/freshness';

/**
 * Tracks, per bed, when data last arrived and whether the ECG lead is off, and
 * reports status changes. It only ever moves a bed to `live` on proof (data
 * inside the timeout); silence, or never having heard from a bed, is not-live.
 * A bed never heard from is `unknown` for one timeout after the watchdog
 * starts (the feed is still connecting) and `no-data` after that, so a bed
 * that never sends raises its technical alarm like one that stopped.
 * The alarm engine turns a `no-data` transition into a technical alarm.
 */
export class BedFeedWatchdog {
  private readonly lastDataAt: (number | null)[];
  private readonly leadOff: boolean[];
  private readonly reported: BedStatus[];

  constructor(
    private readonly bedIds: readonly string[],
    private readonly timeoutMs: number,
    /** When monitoring began; omitted, a never-heard-from bed stays `unknown`. */
    private readonly startedAt: number | null = null,
  ) {
    this.lastDataAt = bedIds.map(() => null);
    this.leadOff = bedIds.map(() => false);
    this.reported = bedIds.map((bedId) => ({ bedId, feed: 'unknown', ecgLeadOff: false, lastDataAt: null }));
  }

  recordData(bedIndex: number, at: number): void {
    if (bedIndex < 0 || bedIndex >= this.lastDataAt.length) return;
    const previous = this.lastDataAt[bedIndex];
    if (previous === null || previous === undefined || at > previous) this.lastDataAt[bedIndex] = at;
  }

  recordLeadOff(bedIndex: number, leadOff: boolean): void {
    if (bedIndex >= 0 && bedIndex < this.leadOff.length) this.leadOff[bedIndex] = leadOff;
  }

  /** Re-evaluates every bed at `now`; returns only the beds whose status changed. */
  evaluate(now: number): BedStatus[] {
    const changed: BedStatus[] = [];
    for (let i = 0; i < this.bedIds.length; i++) {
      const lastDataAt = this.lastDataAt[i] ?? null;
      const feed: BedFeedState =
        lastDataAt === null
          ? this.startedAt !== null && now - this.startedAt > this.timeoutMs
            ? 'no-data'
            : 'unknown'
          : isFresh(lastDataAt, now, this.timeoutMs)
            ? 'live'
            : 'no-data';
      // Lead-off is a statement about live data; a silent bed cannot prove it either way.
      const ecgLeadOff = feed === 'live' && (this.leadOff[i] ?? false);
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
