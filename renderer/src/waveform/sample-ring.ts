/**
 * Fixed-capacity ring of one channel's samples.
 *
 * Samples are addressed by a running index that only ever grows (it survives
 * wrap-around and `clear()`), so a reader such as the sweep renderer can keep
 * a cursor into the ring without being told when old samples are overwritten:
 * it only has to check `cursor >= startIndex`.
 *
 * Timestamps are not stored per sample. A "run" is a stretch of contiguous
 * samples; the time of any sample is its run's start time plus its offset in
 * the run times the sample period. When a segment starts noticeably later than
 * the next expected sample (missing data), a new run begins, which is what lets
 * the renderer leave a gap instead of drawing a line across missing time.
 *
 * Within a run, times are derived from the nominal rate, not the stated
 * timestamps: small jitter in a feed's timestamps is ignored, and a feed whose
 * clock drifts is re-synchronised whenever the drift grows into a gap.
 */

/**
 * A segment whose first sample is more than this many periods after the
 * newest stored sample starts a new run (i.e. more than ~1 sample is missing).
 * One missing sample is bridged: 4–16 ms of line is invisible and tolerating
 * it keeps jittery timestamps from breaking the trace into pieces.
 */
export const GAP_THRESHOLD_PERIODS = 2;

interface Run {
  /** Running index of the run's first sample (may already be overwritten). */
  startIndex: number;
  /** Epoch ms of the sample at startIndex. */
  startAt: number;
}

export class SampleRing {
  readonly periodMs: number;
  private readonly values: Float32Array;
  /** Running index of the oldest retained sample. */
  private start = 0;
  /** Running index one past the newest sample. */
  private end = 0;
  /** Runs in index order; the first one covers `start`. */
  private runs: Run[] = [];

  constructor(
    readonly sampleRateHz: number,
    readonly capacity: number,
  ) {
    if (!(sampleRateHz > 0) || !Number.isFinite(sampleRateHz)) throw new RangeError(`bad sample rate ${sampleRateHz}`);
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`bad capacity ${capacity}`);
    this.periodMs = 1000 / sampleRateHz;
    this.values = new Float32Array(capacity);
  }

  /** Running index of the oldest sample still held. */
  get startIndex(): number {
    return this.start;
  }

  /** Running index one past the newest sample (the index the next sample will get). */
  get endIndex(): number {
    return this.end;
  }

  get size(): number {
    return this.end - this.start;
  }

  /** Epoch ms of the newest sample, or null when empty. */
  get newestSampleAt(): number | null {
    return this.end > this.start ? this.timeAt(this.end - 1) : null;
  }

  /**
   * Appends a segment. Samples at or before the newest stored sample
   * (duplicates, overlap from a re-sent batch) are ignored; a forward jump of
   * more than GAP_THRESHOLD_PERIODS starts a new run. Returns how many
   * samples were accepted.
   */
  append(firstSampleAt: number, samples: ArrayLike<number>): number {
    const n = samples.length;
    if (n === 0 || !Number.isFinite(firstSampleAt)) return 0;
    const period = this.periodMs;
    let skip = 0;
    let newRun = true;
    const newestAt = this.newestSampleAt;
    if (newestAt !== null) {
      const lead = firstSampleAt - (newestAt + period); // > 0: later than the next expected sample
      if (lead <= (GAP_THRESHOLD_PERIODS - 1) * period) {
        newRun = false;
        // Samples within half a period of an already stored one are the same sample.
        skip = Math.max(0, Math.ceil(-lead / period - 0.5));
        if (skip >= n) return 0;
      }
    }
    if (newRun) this.runs.push({ startIndex: this.end, startAt: firstSampleAt });

    const cap = this.capacity;
    // Only the newest `capacity` samples can survive; skip writing the rest.
    const writeFrom = Math.max(skip, n - cap);
    let index = this.end + (writeFrom - skip);
    for (let i = writeFrom; i < n; i++, index++) this.values[index % cap] = samples[i] ?? Number.NaN;
    this.end = index;
    this.start = Math.max(this.start, this.end - cap);
    this.pruneRuns();
    return n - skip;
  }

  /** Value of the sample at a running index in [startIndex, endIndex). */
  valueAt(index: number): number {
    return this.values[index % this.capacity] ?? Number.NaN;
  }

  /** Epoch ms of the sample at a running index in [startIndex, endIndex). */
  timeAt(index: number): number {
    const run = this.runFor(index);
    return run ? run.startAt + (index - run.startIndex) * this.periodMs : Number.NaN;
  }

  /** Running index at which the run containing `index` began (== index for the first sample after a gap). */
  runStartIndex(index: number): number {
    return this.runFor(index)?.startIndex ?? index;
  }

  /**
   * Smallest retained index whose time is strictly after `time`, or endIndex
   * if there is none. Times increase with index, so this is a binary search.
   */
  firstIndexAfter(time: number): number {
    let lo = this.start;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.timeAt(mid) > time) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Drops every sample. The running index keeps counting so readers' cursors stay meaningful. */
  clear(): void {
    this.start = this.end;
    this.runs = [];
  }

  private runFor(index: number): Run | undefined {
    // Readers mostly ask about recent samples, so search from the newest run.
    for (let i = this.runs.length - 1; i >= 0; i--) {
      const run = this.runs[i];
      if (run && run.startIndex <= index) return run;
    }
    return undefined;
  }

  private pruneRuns(): void {
    let drop = 0;
    while (drop + 1 < this.runs.length && (this.runs[drop + 1]?.startIndex ?? Infinity) <= this.start) drop++;
    if (drop > 0) this.runs.splice(0, drop);
  }
}
