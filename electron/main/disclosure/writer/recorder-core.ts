import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { CHANNEL_CODE, type WaveformChannel } from '../../../../shared/domain/channel';
import { SAMPLE_STEP } from '../../../../shared/disclosure/sample-steps';
import { BLOCK_MS } from '../../../../shared/disclosure/disclosure-limits';
import { decodeWaveformFrame, WaveformFrameError, type WaveformSegment } from '../../../../shared/waveform/frame';
import { encodeWaveform } from './block-codec';
import { encodeNumerics, type NumericEntry } from './numerics-codec';
import { NumericsAccumulator } from './numerics-accumulator';
import { pruneStep } from './retention';
import type { RecordedAlarmEvent, RecorderHealth, RecorderTick } from './recorder-protocol';
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
  /** How often to try the store again while it fails (record-clock ms). */
  retryMs?: number;
  log?: (event: string, fields: Record<string, string | number | boolean | null>) => void;
}

type PendingWrite =
  | { kind: 'wave'; bedIndex: number; channel: WaveformChannel; t0: number; samples: Float32Array; flags: number; closedAt: number; blob?: Buffer }
  | { kind: 'numerics'; bedIndex: number; t0: number; entries: NumericEntry[]; closedAt: number; blob?: Buffer }
  | { kind: 'minute'; bedIndex: number; minute: number; aggregate: TrendMinute; merge: boolean }
  | { kind: 'nibp'; bedIndex: number; measuredAt: number; sys: number | null; dia: number | null; mean: number | null }
  | { kind: 'alarm'; event: RecordedAlarmEvent }
  | { kind: 'bed-event'; bedId: string | null; at: number; event: string; detail: string | null };

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

/**
 * The recorder, as it runs inside its worker thread (plain code, so tests
 * drive it in-process with a real SQLite file). Everything received is
 * queued, and each commit() writes the queue in one transaction.
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
  /** Record time of what is being ingested (stamps when each block closed). */
  private recordNow = -Infinity;
  private readonly log: (event: string, fields: Record<string, string | number | boolean | null>) => void;

  constructor(private readonly options: RecorderCoreOptions) {
    this.maxPending = options.maxPending ?? 8_192;
    this.retryMs = options.retryMs ?? 2_000;
    this.log = options.log ?? (() => undefined);
    this.waves = new WaveAccumulator((b) => this.enqueue({ kind: 'wave', ...b, closedAt: this.recordNow }));
    this.numerics = new NumericsAccumulator({
      block: (bedIndex, t0, entries) => this.enqueue({ kind: 'numerics', bedIndex, t0, entries, closedAt: this.recordNow }),
      nibp: (bedIndex, reading) => this.enqueue({ kind: 'nibp', bedIndex, ...reading }),
      minute: (bedIndex, minute, aggregate, merge) => this.enqueue({ kind: 'minute', bedIndex, minute, aggregate, merge }),
    });
  }

  /** Opens the store if it is not open; false (and health says why) when it cannot be. */
  ensureOpen(recordNow: number): boolean {
    if (this.store) return true;
    if (recordNow < this.nextOpenAttempt) return false;
    try {
      mkdirSync(dirname(this.options.file), { recursive: true });
      this.store = new DisclosureStore(this.options.file, this.options.projectRoot);
      this.options.beds.forEach((bedId) => this.store!.bedKey(bedId));
      return true;
    } catch (error) {
      this.nextOpenAttempt = recordNow + this.retryMs;
      this.fail(error);
      return false;
    }
  }

  ingest(tick: RecorderTick): void {
    this.recordNow = tick.recordNow;
    if (tick.frame) {
      let segments: WaveformSegment[];
      try {
        segments = decodeWaveformFrame(tick.frame);
      } catch (error) {
        // The station encoded it: a bad frame here is a bug, logged, never a stopped recorder.
        this.log('disclosure.bad-frame', { reason: error instanceof WaveformFrameError ? error.message : String(error) });
        segments = [];
      }
      for (const segment of segments) {
        if (segment.bedIndex >= this.options.beds.length) continue;
        this.waves.add(segment, tick.recordNow);
        this.numerics.closeBefore(segment.bedIndex, Math.floor(segment.firstSampleAt / BLOCK_MS));
      }
    }
    for (const { bedIndex, numerics } of tick.numerics) {
      if (bedIndex < this.options.beds.length) this.numerics.add(bedIndex, numerics, tick.recordNow);
    }
    for (const status of tick.statuses) {
      this.enqueue({ kind: 'bed-event', bedId: status.bedId, at: tick.recordNow, event: `feed:${status.feed}`, detail: null });
      this.enqueue({ kind: 'bed-event', bedId: status.bedId, at: tick.recordNow, event: status.ecgLeadOff ? 'lead-off' : 'lead-on', detail: null });
    }
    // Streams that stopped (a silent bed) still get their last samples written.
    this.waves.closeStale(tick.recordNow - STALE_STREAM_MS);
    this.numerics.closeStale(tick.recordNow - STALE_STREAM_MS);
  }

  alarmEvent(event: RecordedAlarmEvent): void {
    this.enqueue({ kind: 'alarm', event });
  }

  /** A fact about the recording itself (start, stop, clock step), filed under no bed. */
  note(at: number, event: string, detail: string | null): void {
    this.enqueue({ kind: 'bed-event', bedId: null, at, event, detail });
  }

  /**
   * Writes what is due in one transaction (blocks once they have waited
   * HOLD_BLOCKS_MS, everything else at once; all of it with `force`), then
   * one small pruning step. Never throws.
   */
  commit(recordNow: number, force = false): RecorderHealth {
    if (!this.ensureOpen(recordNow)) return this.health();
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
        })();
        this.queue = this.queue.filter((w) => !due(w));
        this.droppedSince = null;
      } catch (error) {
        this.fail(error);
        if (isFatalToConnection(error)) this.reopenLater(recordNow);
        return this.health();
      }
    }
    this.state = { ...this.state, state: 'ok', reason: '', lastCommitAt: recordNow };
    if (recordNow - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = recordNow;
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

  /** Closes every open block and writes it: what the recorder received is kept. */
  close(recordNow: number): RecorderHealth {
    this.waves.closeAll();
    this.numerics.closeAll();
    this.note(recordNow, 'recording-stopped', null);
    const health = this.commit(recordNow, true);
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

  private enqueue(write: PendingWrite): void {
    this.queue.push(write);
    if (this.queue.length <= this.maxPending) return;
    // Give up the oldest waveform block (never an alarm event while a waveform is left).
    let victim = this.queue.findIndex((w) => w.kind === 'wave');
    if (victim < 0) victim = 0;
    const [dropped] = this.queue.splice(victim, 1);
    const at = dropped && 't0' in dropped ? dropped.t0 : dropped && dropped.kind === 'alarm' ? dropped.event.at : 0;
    this.droppedSince = this.droppedSince ? { from: Math.min(this.droppedSince.from, at), to: Math.max(this.droppedSince.to, at), count: this.droppedSince.count + 1 } : { from: at, to: at, count: 1 };
    this.state = { ...this.state, dropped: this.state.dropped + 1 };
  }

  private fail(error: unknown): void {
    const reason = describeError(error);
    if (this.state.state !== 'failing' || this.state.reason !== reason) this.log('disclosure.store-failing', { reason });
    this.state = { ...this.state, state: 'failing', reason };
  }

  private reopenLater(recordNow: number): void {
    try {
      this.store?.close();
    } catch {
      // Closing a broken connection may fail too; it is dropped either way.
    }
    this.store = null;
    this.nextOpenAttempt = recordNow + this.retryMs;
  }
}

/** Blocks by (window, bed, channel, time) as their rowids order them; everything else after, as it came. */
function storeOrder(a: PendingWrite, b: PendingWrite): number {
  const key = (w: PendingWrite) => (w.kind === 'wave' ? [Math.floor(w.t0 / BLOCK_MS), w.bedIndex, CHANNEL_CODE[w.channel], w.t0] : w.kind === 'numerics' ? [Math.floor(w.t0 / BLOCK_MS), w.bedIndex, NUMERICS_CHANNEL, w.t0] : null);
  const ka = key(a);
  const kb = key(b);
  if (!ka || !kb) return ka ? -1 : kb ? 1 : 0;
  for (let i = 0; i < 4; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
  return 0;
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

