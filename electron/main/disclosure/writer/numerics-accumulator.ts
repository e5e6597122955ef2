import type { NumericKind } from '../../../../shared/domain/numeric';
import { BLOCK_MS } from '../../../../shared/disclosure/disclosure-limits';
import type { NumericEntry } from './numerics-codec';
import type { RecordedNumeric } from './recorder-protocol';
import { TREND_KINDS, addToMinute, emptyMinute, type TrendMinute } from './trend-minute';

const NIBP_KINDS: ReadonlySet<NumericKind> = new Set(['nibpSys', 'nibpDia', 'nibpMean']);
const MINUTE_MS = 60_000;

export interface NumericsSinks {
  block(bedIndex: number, t0: number, entries: NumericEntry[]): void;
  nibp(bedIndex: number, reading: { measuredAt: number; sys: number | null; dia: number | null; mean: number | null }): void;
  /** A minute's aggregates; `merge` when the minute was written before (a late value). */
  minute(bedIndex: number, minute: number, aggregate: TrendMinute, merge: boolean): void;
}

interface BedNumerics {
  block: { t0: number; window: number; entries: NumericEntry[]; seen: Set<string> } | null;
  /** The sender's stamp of the last NIBP reading filed. */
  lastNibpAt: number | null;
  minutes: Map<number, TrendMinute>;
  /** Newest measurement time seen and record time of the last arrival. */
  newestAt: number;
  lastArrival: number;
  /** Minutes already written: a value for one of them is merged into the stored row. */
  writtenThrough: number;
}

/**
 * Files every numeric a bed reports: the continuous ones (HR, SpO2, pulse
 * rate, RR, Temp) into a numerics block per BLOCK_MS window and into
 * per-minute trend aggregates; NIBP readings once each (a monitor repeats
 * the last cuff reading every second). Everything is filed at its record
 * time (`at`); what makes two reports the same reading is its sender's own
 * stamp (`measuredAt`), which no clock on this station can move.
 */
export class NumericsAccumulator {
  private readonly beds = new Map<number, BedNumerics>();
  /** Minutes up to this one may already be in the store from the previous run: merged into, never replaced. */
  private mergeThrough = -Infinity;

  constructor(private readonly sinks: NumericsSinks) {}

  /** A run begins at record time `t`. */
  startAt(t: number): void {
    this.mergeThrough = Math.floor(t / MINUTE_MS);
  }

  /** Forgets everything held unwritten (placed on a record time that is given up). */
  discardAll(): void {
    this.beds.clear();
  }

  add(bedIndex: number, numerics: readonly RecordedNumeric[], recordNow: number): void {
    const bed = this.bed(bedIndex);
    bed.lastArrival = recordNow;
    const nibp = numerics.filter((n) => NIBP_KINDS.has(n.kind));
    if (nibp.length > 0) this.addNibp(bedIndex, bed, nibp);
    for (const n of numerics) {
      if (NIBP_KINDS.has(n.kind)) continue;
      const window = Math.floor(n.at / BLOCK_MS);
      // A later window closes the block; a late value joins the open block with its own time
      // (queries look a minute either side), so an old window is never reopened.
      if (bed.block && window > bed.block.window) this.closeBlock(bedIndex, bed);
      bed.block ??= { t0: window * BLOCK_MS, window, entries: [], seen: new Set() };
      const id = `${n.kind}@${n.measuredAt}`;
      if (bed.block.seen.has(id)) continue;
      bed.block.seen.add(id);
      bed.block.entries.push({ kind: n.kind, at: n.at, value: n.value });
      if (TREND_KINDS.has(n.kind)) this.addToTrend(bedIndex, bed, n);
      if (n.at > bed.newestAt) bed.newestAt = n.at;
    }
    // Minutes before the previous one are over (a late value is merged into its stored row).
    this.writeMinutes(bedIndex, bed, Math.floor(bed.newestAt / MINUTE_MS) - 2);
  }

  /** Closes a bed's block once its waveforms are in a later window: the window's blocks are then written together. */
  closeBefore(bedIndex: number, window: number): void {
    const bed = this.beds.get(bedIndex);
    if (bed?.block && bed.block.window < window) this.closeBlock(bedIndex, bed);
  }

  /** Writes what beds that went quiet (nothing since `before`, record time) still hold. */
  closeStale(before: number): void {
    for (const [bedIndex, bed] of this.beds) {
      if (bed.lastArrival >= before) continue;
      this.closeBlock(bedIndex, bed);
      this.writeMinutes(bedIndex, bed, Infinity);
    }
  }

  closeAll(): void {
    for (const [bedIndex, bed] of this.beds) {
      this.closeBlock(bedIndex, bed);
      this.writeMinutes(bedIndex, bed, Infinity);
    }
  }

  /** The minutes not yet written (the present and the one before), for a trend that reaches the present. */
  pendingMinutes(bedIndex: number): Array<{ minute: number; aggregate: TrendMinute }> {
    return [...(this.beds.get(bedIndex)?.minutes ?? [])].map(([minute, aggregate]) => ({ minute, aggregate }));
  }

  /** The entries not yet written, for a trend that reaches the present. */
  pending(bedIndex: number): NumericEntry[] {
    return [...(this.beds.get(bedIndex)?.block?.entries ?? [])];
  }

  private bed(bedIndex: number): BedNumerics {
    let bed = this.beds.get(bedIndex);
    if (!bed) {
      bed = { block: null, lastNibpAt: null, minutes: new Map(), writtenThrough: -Infinity, newestAt: -Infinity, lastArrival: -Infinity };
      this.beds.set(bedIndex, bed);
    }
    return bed;
  }

  private addNibp(bedIndex: number, bed: BedNumerics, nibp: RecordedNumeric[]): void {
    const byStamp = new Map<number, { measuredAt: number; sys: number | null; dia: number | null; mean: number | null }>();
    for (const n of nibp) {
      const reading = byStamp.get(n.measuredAt) ?? { measuredAt: n.at, sys: null, dia: null, mean: null };
      if (n.kind === 'nibpSys') reading.sys = n.value;
      else if (n.kind === 'nibpDia') reading.dia = n.value;
      else reading.mean = n.value;
      byStamp.set(n.measuredAt, reading);
    }
    for (const [stamp, reading] of byStamp) {
      if (stamp === bed.lastNibpAt) continue;
      bed.lastNibpAt = stamp;
      this.sinks.nibp(bedIndex, reading);
    }
  }

  private addToTrend(bedIndex: number, bed: BedNumerics, n: RecordedNumeric): void {
    const minute = Math.floor(n.at / MINUTE_MS);
    if (minute <= bed.writtenThrough) {
      // A late value for a minute already written: merged into the stored row.
      const late = emptyMinute();
      addToMinute(late, n.kind, n.value, n.at);
      this.sinks.minute(bedIndex, minute, late, true);
      return;
    }
    let aggregate = bed.minutes.get(minute);
    if (!aggregate) {
      aggregate = emptyMinute();
      bed.minutes.set(minute, aggregate);
    }
    addToMinute(aggregate, n.kind, n.value, n.at);
  }

  private writeMinutes(bedIndex: number, bed: BedNumerics, through: number): void {
    for (const [minute, aggregate] of [...bed.minutes]) {
      if (minute > through) continue;
      bed.minutes.delete(minute);
      this.sinks.minute(bedIndex, minute, aggregate, minute <= bed.writtenThrough || minute <= this.mergeThrough);
      bed.writtenThrough = Math.max(bed.writtenThrough, minute);
    }
  }

  private closeBlock(bedIndex: number, bed: BedNumerics): void {
    const block = bed.block;
    bed.block = null;
    if (block && block.entries.length > 0) this.sinks.block(bedIndex, block.t0, block.entries);
  }
}
