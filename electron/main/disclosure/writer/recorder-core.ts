import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CHANNEL_CODE } from '../../../../shared/domain/channel';
import { SAMPLE_STEP } from '../../../../shared/disclosure/sample-steps';
import { BLOCK_MS } from '../../../../shared/disclosure/disclosure-limits';
import type { RecordClockInfo } from '../../../../shared/disclosure/record-time';
import { decodeWaveformFrame, WaveformFrameError, type WaveformSegment } from '../../../../shared/waveform/frame';
import { encodeWaveform } from './block-codec';
import { encodeNumerics, type NumericEntry } from './numerics-codec';
import { NumericsAccumulator } from './numerics-accumulator';
import { pruneStep } from './retention';
import type { AlarmStepMessage, RecordedAlarmEvent, RecorderHealth, RecorderTick } from './recorder-protocol';
import { latestTimeOf, storeOrder, type PendingWrite } from './pending-writes';
import { RecordPlacement } from './record-placement';
import { DisclosureStore, NUMERICS_CHANNEL, TREND_CHANNEL } from './store';
import { decodeMinute, encodeMinute, mergeMinutes, type TrendMinute } from './trend-minute';
import { WaveAccumulator } from './wave-accumulator';

export interface RecorderCoreOptions {
  file: string;
  projectRoot: string;
  /** The unit's beds by the index the waveform frames use. */
  beds: readonly string[];
  retentionMs: number;
  /** Writes waiting for a failing store before the oldest waveform blocks are given up. */
  maxPending?: number;
  /** How often to try the store again while it fails (ms). */
  retryMs?: number;
  log?: (event: string, fields: Record<string, string | number | boolean | null>) => void;
}

const PRUNE_EVERY_MS = 1_000;
/**
 * A closed block waits this long (record time) before it is written, so
 * every bed's and channel's block of the same window goes in together, in
 * rowid order, at the table's end: written as they closed, a resp block one
 * tick behind its ECG landed mid-page and the page splits left the table
 * 9 % empty (measured). 8 s of block + this + a commit period stays inside
 * the 10 s a kill -9 may lose.
 */
const HOLD_BLOCKS_MS = 500;
/** A stream that sent nothing for this long (record time) has its open block written. */
const STALE_STREAM_MS = 2_000;
/** A stream moved later than this to keep it from going back over itself is logged (a sender's clock set back). */
const MOVED_NOTABLY_MS = 1_000;

/**
 * The recorder, as it runs inside its worker thread (plain code, so tests
 * drive it in-process with a real SQLite file). Everything received is
 * queued, and each commit() writes the queue in one transaction.
 *
 * Time: everything it is given is placed on record time by
 * record-placement.ts; the newest reading of the station's clock it was
 * given is its "now".
 *
 * When the store fails (disk full, file unwritable, removed), the queue is
 * kept and retried; health() says why, which the main thread turns into
 * the technical alarm "full disclosure not recording". The queue is
 * bounded: past it the oldest WAVEFORM blocks are given up first (alarm
 * events, numerics and NIBP are small and kept longest), counted, and the
 * gap is written into the record when the store is back, so a reviewer sees
 * "not recorded" rather than a silent hole.
 */
export class RecorderCore {
  private store: DisclosureStore | null = null;
  private readonly waves: WaveAccumulator;
  private readonly numerics: NumericsAccumulator;
  private queue: PendingWrite[] = [];
  private readonly maxPending: number;
  private readonly retryMs: number;
  private state: RecorderHealth = { state: 'ok', reason: '', pending: 0, dropped: 0, lastCommitAt: null };
  private nextOpenAttempt = -Infinity;
  private lastPrune = -Infinity;
  private pruneCursor = 0;
  private droppedSince: { from: number; to: number; count: number } | null = null;
  private readonly placement = new RecordPlacement();
  /** Whether the run began knowing what the store holds (see start). */
  private begunOnStore = false;
  /** Streams being moved later right now (logged once each, see noteMoved). */
  private readonly movedStreams = new Set<string>();
  private readonly log: (event: string, fields: Record<string, string | number | boolean | null>) => void;

  constructor(private readonly options: RecorderCoreOptions) {
    this.maxPending = options.maxPending ?? 8_192;
    this.retryMs = options.retryMs ?? 2_000;
    this.log = options.log ?? (() => undefined);
    this.waves = new WaveAccumulator((b) => this.enqueue({ kind: 'wave', ...b, closedAt: this.now() }));
    this.numerics = new NumericsAccumulator({
      block: (bedIndex, t0, entries) => this.enqueue({ kind: 'numerics', bedIndex, t0, entries, closedAt: this.now() }),
      nibp: (bedIndex, reading) => this.enqueue({ kind: 'nibp', bedIndex, ...reading }),
      minute: (bedIndex, minute, aggregate, merge) => this.enqueue({ kind: 'minute', bedIndex, minute, aggregate, merge }),
    });
  }

  /**
   * Begins a run at the station's clock readings `mono` and `wall`: opens the
   * store if it can and starts record time after everything it holds.
   * `afterFailure`: the previous recorder thread died, so the time since the
   * store's last commit is marked not recorded.
   */
  start(mono: number, wall: number, options: { afterFailure?: boolean } = {}): void {
    this.advance(mono, wall);
    this.ensureOpen(mono);
    this.beginRun(options.afterFailure ?? false);
  }

  /** Record time now (the newest monotonic reading it was given). */
  now(): number {
    return this.placement.now();
  }

  /** The record's clock for an answer about [from, to]: now, and the offsets that label that span. */
  clockFor(from: number, to: number): RecordClockInfo {
    return this.placement.clockFor(from, to);
  }

  /** Counts changes of the record's clock entries (the worker tells the main thread of each). */
  get clockVersion(): number {
    return this.placement.version;
  }

  /** Opens the store if it is not open; false (and health says why) when it cannot be. */
  ensureOpen(mono: number): boolean {
    if (this.store) return true;
    if (mono < this.nextOpenAttempt) return false;
    try {
      mkdirSync(dirname(this.options.file), { recursive: true });
      this.store = new DisclosureStore(this.options.file, this.options.projectRoot);
      this.options.beds.forEach((bedId) => this.store!.bedKey(bedId));
    } catch (error) {
      this.nextOpenAttempt = mono + this.retryMs;
      this.fail(error);
      return false;
    }
    if (this.placement.begun && !this.begunOnStore) this.reconcileLateStore();
    return true;
  }

  ingest(tick: RecorderTick): void {
    this.advance(tick.mono, tick.wall);
    const now = this.now();
    if (tick.frame) {
      let segments: WaveformSegment[];
      try {
        segments = decodeWaveformFrame(tick.frame);
      } catch (error) {
        // The station encoded it: a bad frame here is a bug, logged, never a stopped recorder.
        this.log('disclosure.bad-frame', { reason: error instanceof WaveformFrameError ? error.message : String(error) });
        segments = [];
      }
      segments = segments.filter((s) => s.bedIndex < this.options.beds.length && s.samples.length > 0);
      const offsets = this.placement.placeBeds(segments, now);
      for (const segment of segments) {
        const start = segment.firstSampleAt + offsets.get(segment.bedIndex)!;
        this.noteMoved(segment, this.waves.add(segment, start, now));
        this.numerics.closeBefore(segment.bedIndex, Math.floor(start / BLOCK_MS));
      }
    }
    for (const { bedIndex, numerics } of tick.numerics) {
      if (bedIndex >= this.options.beds.length) continue;
      const recorded = numerics.map(({ numeric, measuredMono }) => ({ kind: numeric.kind, value: numeric.value, measuredAt: numeric.measuredAt, at: Math.round(this.placement.at(measuredMono)) }));
      this.numerics.add(bedIndex, recorded, now);
    }
    for (const status of tick.statuses) {
      this.enqueue({ kind: 'bed-event', bedId: status.bedId, at: now, event: `feed:${status.feed}`, detail: null });
      this.enqueue({ kind: 'bed-event', bedId: status.bedId, at: now, event: status.ecgLeadOff ? 'lead-off' : 'lead-on', detail: null });
    }
    // Streams that stopped (a silent bed) still get their last samples written.
    this.waves.closeStale(now - STALE_STREAM_MS);
    this.numerics.closeStale(now - STALE_STREAM_MS);
  }

  /** One step in an alarm's life (record-placement.ts says when it is filed). */
  alarmEvent(message: AlarmStepMessage): void {
    const { mono, ...event } = message;
    this.advance(mono, null);
    const at = this.placement.alarmAt(event, event.bedId === null ? -1 : this.options.beds.indexOf(event.bedId), mono);
    this.enqueue({ kind: 'alarm', event: { ...event, at } satisfies RecordedAlarmEvent });
  }

  /** A fact about the recording itself (start, stop, clock step), filed under no bed, at monotonic reading `mono`. */
  note(mono: number, event: string, detail: string | null): void {
    this.advance(mono, null);
    this.enqueue({ kind: 'bed-event', bedId: null, at: this.placement.at(mono), event, detail });
  }

  /**
   * Writes what is due in one transaction (blocks once they have waited
   * HOLD_BLOCKS_MS, everything else at once; all of it with `force`), then
   * one small pruning step. `mono`: a newer reading of the station's clock,
   * if there is one. Never throws.
   */
  commit(mono: number | null = null, force = false): RecorderHealth {
    if (mono !== null) this.advance(mono, null);
    if (!this.ensureOpen(this.placement.latestMono)) return this.health();
    const recordNow = this.now();
    const due = (w: PendingWrite) => force || !('closedAt' in w) || w.closedAt <= recordNow - HOLD_BLOCKS_MS;
    const ready = this.queue.filter(due);
    if (ready.length > 0 || this.droppedSince) {
      // In rowid order: a window's blocks then go in at the table's end, and its pages stay full (store.ts).
      const batch = ready.sort(storeOrder);
      const gap = this.droppedSince;
      try {
        this.store!.db.transaction(() => {
          if (gap) this.store!.writeBedEvent({ bedKey: null, at: gap.from, kind: 'recording-gap', detail: JSON.stringify(gap) });
          for (const write of batch) this.write(write);
          // The next run starts after everything written (a block may end a little after now).
          this.store!.raiseThroughTo(batch.reduce((latest, w) => Math.max(latest, latestTimeOf(w)), recordNow));
        })();
        this.queue = this.queue.filter((w) => !due(w));
        this.droppedSince = null;
      } catch (error) {
        this.fail(error);
        if (isFatalToConnection(error)) this.reopenLater(this.placement.latestMono);
        return this.health();
      }
    }
    this.state = { ...this.state, state: 'ok', reason: '', lastCommitAt: recordNow };
    if (this.placement.latestMono - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = this.placement.latestMono;
      try {
        this.pruneCursor = pruneStep(this.store!, recordNow - this.options.retentionMs, this.pruneCursor);
      } catch (error) {
        // Pruning that fails leaves old data a little longer; recording goes on.
        this.log('disclosure.prune-failed', { reason: (error as Error).message.slice(0, 200) });
      }
    }
    return this.health();
  }

  /**
   * Compresses closed blocks ahead of their commit, for at most `budgetMs`;
   * true while some are left. A window boundary closes every bed's blocks
   * at once (256 for a full unit, ~0.3 s of compression on this machine);
   * done in slices between messages, a review query never waits behind all
   * of it (measured: the strip round trip's p95 fell from ~90 ms).
   */
  encodeAhead(budgetMs: number): boolean {
    const store = this.store;
    if (!store) return false;
    const started = performance.now();
    for (const w of this.queue) {
      if ((w.kind !== 'wave' && w.kind !== 'numerics') || w.blob) continue;
      if (performance.now() - started >= budgetMs) return true;
      w.blob = this.encode(w, store);
    }
    return false;
  }

  health(): RecorderHealth {
    return { ...this.state, pending: this.queue.length };
  }

  /** Closes every open block and writes it: what the recorder received is kept. `detail`: how the station stopped. */
  close(mono: number | null = null, detail: string | null = null): RecorderHealth {
    if (mono !== null) this.advance(mono, null);
    this.waves.closeAll();
    this.numerics.closeAll();
    this.note(this.placement.latestMono, 'recording-stopped', detail);
    const health = this.commit(null, true);
    this.store?.close();
    this.store = null;
    return health;
  }

  /** For queries: the open store (null while it cannot be opened), and what is not written yet. */
  get openStore(): DisclosureStore | null {
    return this.store;
  }

  unwrittenWaves(bedIndex: number) {
    const queued = this.queue.filter((w): w is Extract<PendingWrite, { kind: 'wave' }> => w.kind === 'wave' && w.bedIndex === bedIndex);
    return [...queued.map((w) => ({ channel: w.channel, t0: w.t0, samples: w.samples, flags: w.flags })), ...this.waves.tails(bedIndex)];
  }

  /** Trend minutes not in the store yet: queued for the next commit, or still being aggregated. */
  unwrittenMinutes(bedIndex: number): Array<{ minute: number; aggregate: TrendMinute }> {
    const queued = this.queue.filter((w): w is Extract<PendingWrite, { kind: 'minute' }> => w.kind === 'minute' && w.bedIndex === bedIndex && !w.merge);
    return [...queued.map((w) => ({ minute: w.minute, aggregate: w.aggregate })), ...this.numerics.pendingMinutes(bedIndex)];
  }

  unwrittenNumerics(bedIndex: number): NumericEntry[] {
    const queued = this.queue.filter((w): w is Extract<PendingWrite, { kind: 'numerics' }> => w.kind === 'numerics' && w.bedIndex === bedIndex);
    return [...queued.flatMap((w) => w.entries), ...this.numerics.pending(bedIndex)];
  }

  bedIndexOf(bedId: string): number {
    return this.options.beds.indexOf(bedId);
  }

  private encode(w: Extract<PendingWrite, { kind: 'wave' | 'numerics' }>, store: DisclosureStore): Buffer {
    const bedKey = store.bedKey(this.options.beds[w.bedIndex]!);
    if (w.kind === 'numerics') return encodeNumerics({ bedKey, channel: NUMERICS_CHANNEL, t0: w.t0 }, w.entries);
    return encodeWaveform({ bedKey, channel: CHANNEL_CODE[w.channel], t0: w.t0 }, w.samples, SAMPLE_STEP[w.channel], w.flags);
  }

  private write(w: PendingWrite): void {
    const store = this.store!;
    switch (w.kind) {
      case 'clock':
        store.writeClockEntry(w.entry);
        return;
      case 'wave':
      case 'numerics': {
        const blob = w.blob ?? this.encode(w, store);
        store.writeBlock({ bedKey: store.bedKey(this.options.beds[w.bedIndex]!), channel: w.kind === 'wave' ? CHANNEL_CODE[w.channel] : NUMERICS_CHANNEL, t0: w.t0, blob });
        return;
      }
      case 'minute': {
        const bedKey = store.bedKey(this.options.beds[w.bedIndex]!);
        const key = { bedKey, channel: TREND_CHANNEL, t0: w.minute };
        let aggregate = w.aggregate;
        if (w.merge) {
          const row = store.db.prepare('SELECT blob FROM trend_minutes WHERE bed_key = ? AND minute = ?').get(bedKey, w.minute) as { blob: Buffer } | undefined;
          if (row) {
            try {
              aggregate = mergeMinutes(decodeMinute(key, row.blob), w.aggregate);
            } catch {
              // A corrupt stored minute is replaced by what is known now.
            }
          }
        }
        store.writeTrendMinute(bedKey, w.minute, encodeMinute(key, aggregate));
        return;
      }
      case 'nibp':
        store.writeNibp({ bedKey: store.bedKey(this.options.beds[w.bedIndex]!), measuredAt: w.measuredAt, sys: w.sys, dia: w.dia, mean: w.mean });
        return;
      case 'alarm': {
        const e = w.event;
        store.writeAlarmEvent({ bedKey: e.bedId === null ? null : store.bedKey(e.bedId), at: e.at, kind: e.kind, alarmId: e.alarmId, code: e.code, priority: e.priority, level: e.level, actor: e.actor });
        return;
      }
      case 'bed-event':
        store.writeBedEvent({ bedKey: w.bedId === null ? null : store.bedKey(w.bedId), at: w.at, kind: w.event, detail: w.detail });
        return;
    }
  }

  /** Takes newer readings of the station's clocks; a clock change found in them is noted in the record. */
  private advance(mono: number, wall: number | null): void {
    const step = this.placement.advance(mono, wall);
    if (!step) return;
    this.enqueue({ kind: 'clock', entry: step.entry });
    this.enqueue({ kind: 'bed-event', bedId: null, at: step.entry.from, event: 'clock-changed', detail: JSON.stringify({ step_ms: step.stepMs, wall_offset: step.entry.offset }) });
  }

  private beginRun(afterFailure: boolean): void {
    const through = this.store?.through() ?? null;
    this.begunOnStore = this.store !== null;
    const entry = this.placement.begin(through, this.store?.clockEntries() ?? []);
    this.enqueue({ kind: 'clock', entry });
    this.waves.startAfter(entry.from);
    this.numerics.startAt(entry.from);
    if (afterFailure && through !== null) this.enqueue({ kind: 'bed-event', bedId: null, at: through, event: 'recording-gap', detail: JSON.stringify({ from: through, to: entry.from, count: 0 }) });
    this.enqueue({ kind: 'bed-event', bedId: null, at: entry.from, event: 'recording-started', detail: entry.offset === 0 ? null : JSON.stringify({ wall_offset: entry.offset }) });
  }

  /**
   * The store opened only after the run began (it could not be opened at
   * start), so record time began at the wall clock without knowing what the
   * store holds. If the store holds later times (the wall clock was set back
   * while the station was off), what was received meanwhile would overlap
   * it: it is given up, counted in a "not recorded" gap, and the run begins
   * again after the store's end. Otherwise the run simply goes on.
   */
  private reconcileLateStore(): void {
    this.begunOnStore = true;
    const through = this.store!.through();
    if (through === null || through < this.placement.start) {
      this.placement.adoptStored(this.store!.clockEntries());
      return;
    }
    const dropped = this.queue.length + this.waves.openBlocks;
    this.queue = [];
    this.waves.discardAll();
    this.numerics.discardAll();
    this.log('disclosure.record-behind-store', { dropped, throughAheadMs: Math.round(through - this.placement.start) });
    this.beginRun(false);
    this.droppedSince = { from: through, to: this.placement.start, count: dropped };
  }

  /** Logs a stream that had to be moved to keep from going back over itself: once when it starts, not every tick it lasts. */
  private noteMoved(segment: WaveformSegment, moved: number): void {
    const key = `${segment.bedIndex}|${segment.channel}`;
    if (moved <= MOVED_NOTABLY_MS) {
      this.movedStreams.delete(key);
      return;
    }
    if (this.movedStreams.has(key)) return;
    this.movedStreams.add(key);
    this.log('disclosure.stream-moved', { bedId: this.options.beds[segment.bedIndex]!, channel: segment.channel, movedMs: Math.round(moved) });
  }

  private enqueue(write: PendingWrite): void {
    this.queue.push(write);
    if (this.queue.length <= this.maxPending) return;
    // Give up the oldest waveform block (never an alarm event while a waveform is left).
    let victim = this.queue.findIndex((w) => w.kind === 'wave');
    if (victim < 0) victim = 0;
    const [dropped] = this.queue.splice(victim, 1);
    const [from, to] = dropped ? ['t0' in dropped ? dropped.t0 : latestTimeOf(dropped), latestTimeOf(dropped)] : [0, 0];
    this.droppedSince = this.droppedSince ? { from: Math.min(this.droppedSince.from, from), to: Math.max(this.droppedSince.to, to), count: this.droppedSince.count + 1 } : { from, to, count: 1 };
    this.state = { ...this.state, dropped: this.state.dropped + 1 };
  }

  private fail(error: unknown): void {
    const reason = describeError(error);
    if (this.state.state !== 'failing' || this.state.reason !== reason) this.log('disclosure.store-failing', { reason });
    this.state = { ...this.state, state: 'failing', reason };
  }

  private reopenLater(mono: number): void {
    try {
      this.store?.close();
    } catch {
      // Closing a broken connection may fail too; it is dropped either way.
    }
    this.store = null;
    this.nextOpenAttempt = mono + this.retryMs;
  }
}

function describeError(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  return `${typeof e?.code === 'string' ? `${e.code}: ` : ''}${String(e?.message ?? error)}`.slice(0, 200);
}

/** Errors after which the connection is not to be trusted (file gone, unreadable, corrupt): reopen rather than retry on it. */
function isFatalToConnection(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(IOERR|CORRUPT|NOTADB|CANTOPEN|READONLY)/.test(code);
}

