import { offsetsFor, type ClockEntry, type RecordClockInfo } from '../../../../shared/disclosure/record-time';
import { SAMPLE_RATE_HZ } from '../../../../shared/domain/channel';
import type { WaveformSegment } from '../../../../shared/waveform/frame';
import type { AlarmLifeEvent } from '../../pipeline/tick-pipeline';
import { RecordTimeline } from './record-timeline';
import { SourceAnchors } from './source-anchors';

/**
 * Where on record time each thing the recorder is given goes (record time:
 * shared/disclosure/record-time.ts). Everything arrives with readings of the
 * station's monotonic clock (record-timeline.ts turns them into record
 * time); waveform samples with their sender's time, placed per bed
 * (source-anchors.ts). The newest reading it was given is the recorder's
 * "now": the recorder measures nothing on a clock of its own.
 *
 * It also keeps the record's clock entries (the store's, then this run's),
 * which label what people read.
 */
export class RecordPlacement {
  private readonly timeline = new RecordTimeline();
  private anchors = new SourceAnchors();
  private mono = -Infinity;
  private wall = 0;
  private entries: ClockEntry[] = [];
  /** Counts changes of the clock entries (the worker tells the main thread of each). */
  version = 0;

  get begun(): boolean {
    return this.timeline.begun;
  }

  /** Where this run began on record time. */
  get start(): number {
    return this.timeline.start;
  }

  /** The newest monotonic reading it was given. */
  get latestMono(): number {
    return this.mono;
  }

  /** Record time now. */
  now(): number {
    return this.timeline.at(this.mono);
  }

  /** Record time of a monotonic reading. */
  at(mono: number): number {
    return this.timeline.at(mono);
  }

  /**
   * Takes newer readings of the station's clocks. A wall reading that shows
   * the wall clock was set adds a clock entry, returned (with the step) for
   * the record to note.
   */
  advance(mono: number, wall: number | null): { entry: ClockEntry; stepMs: number } | null {
    if (mono > this.mono) this.mono = mono;
    if (wall === null) return null;
    this.wall = wall;
    if (!this.timeline.begun) return null;
    const step = this.timeline.observeWall(mono, wall);
    if (step) this.add(step.entry);
    return step;
  }

  /**
   * Begins a run (or begins it again) at the newest readings, after
   * `through`, the latest record time the store holds (null: empty or
   * unreadable), with the store's clock entries. Returns the run's entry.
   */
  begin(through: number | null, stored: readonly ClockEntry[]): ClockEntry {
    this.entries = [...stored];
    this.anchors = new SourceAnchors();
    const entry = this.timeline.begin(this.mono, this.wall, through);
    this.add(entry);
    return entry;
  }

  /** The store could be read only after the run began (and holds nothing later): its entries go before this run's. */
  adoptStored(stored: readonly ClockEntry[]): void {
    this.entries = [...stored, ...this.entries.filter((e) => !stored.some((s) => s.from === e.from))];
    this.version++;
  }

  /** The record's clock for an answer about [from, to]: now, and the entries that label that span. */
  clockFor(from: number, to: number): RecordClockInfo {
    return { now: this.now(), offsets: offsetsFor(this.entries, from, to) };
  }

  /**
   * Each bed's offset (record − sender time) for this tick's samples, which
   * arrived at record time `arrivedAt`, from its fastest channel's newest
   * sample (the finest grid).
   */
  placeBeds(segments: readonly WaveformSegment[], arrivedAt: number): Map<number, number> {
    const newest = new Map<number, { rate: number; t: number }>();
    for (const s of segments) {
      const rate = SAMPLE_RATE_HZ[s.channel];
      const t = s.firstSampleAt + ((s.samples.length - 1) * 1000) / rate;
      const held = newest.get(s.bedIndex);
      if (!held || rate > held.rate || (rate === held.rate && t > held.t)) newest.set(s.bedIndex, { rate, t });
    }
    const offsets = new Map<number, number>();
    for (const [bedIndex, { t }] of newest) offsets.set(bedIndex, this.anchors.place(bedIndex, t, arrivedAt).offset);
    return offsets;
  }

  /**
   * An alarm step taken at monotonic reading `mono`: filed then, or, when
   * it came late with its source's time (an episode after an outage), at
   * that time placed like its bed's samples, never later than it was taken.
   * A bed that sent no samples yet relates no source clock to ours: then
   * when it was taken.
   */
  alarmAt(event: AlarmLifeEvent, bedIndex: number, mono: number): number {
    const taken = this.timeline.at(mono);
    const offset = event.at !== null && bedIndex >= 0 ? this.anchors.offsetOf(bedIndex) : null;
    return offset !== null && event.at !== null ? Math.min(taken, event.at + offset) : taken;
  }

  private add(entry: ClockEntry): void {
    this.version++;
    this.entries = [...this.entries.filter((e) => e.from < entry.from), entry];
  }
}
