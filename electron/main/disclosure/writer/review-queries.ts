import { CHANNEL_BY_CODE, SAMPLE_RATE_HZ, type WaveformChannel } from '../../../../shared/domain/channel';
import type { NumericKind } from '../../../../shared/domain/numeric';
import { BLOCK_MS } from '../../../../shared/disclosure/disclosure-limits';
import { SAMPLE_STEP } from '../../../../shared/disclosure/sample-steps';
import type { AlarmMark, BedSpan, SampleRun, Strip, Trend } from '../../../../shared/disclosure/review-schemas';
import { BLOCK_FLAG_LEAD_OFF, CorruptBlockError, decodeWaveform } from './block-codec';
import { decodeNumerics, type NumericEntry } from './numerics-codec';
import type { RecorderCore } from './recorder-core';
import { NUMERICS_CHANNEL, TREND_CHANNEL, type DisclosureStore } from './store';
import { decodeMinute, mergeMinutes, TREND_KINDS, type TrendMinute } from './trend-minute';

/** Up to this span a trend shows every value as reported; beyond it, minute means. */
const SECOND_RESOLUTION_MAX_MS = 2 * 3_600_000;
/** Consecutive per-second values further apart than this are a gap in the line. */
const SECOND_GAP_MS = 5_000;
/** How far back a numeric may be to count as "the value at" a moment (print header). */
const NUMERICS_LOOKBACK_MS = 60_000;
const NIBP_LOOKBACK_MS = 3_600_000;

export class StoreUnavailableError extends Error {}

/**
 * The review queries, run in the recorder's worker next to the writes (they
 * are bounded: a strip is at most 2 minutes, long trends read minute rows),
 * so a heavy review slows the review screen, never the wall. A block that
 * fails its checksum is reported and left out; it never ends the query.
 */
export class ReviewQueries {
  constructor(
    private readonly core: RecorderCore,
    private readonly onCorrupt: (detail: { bedId: string; channel: number; t0: number; reason: string }) => void,
  ) {}

  strip(bedId: string, from: number, to: number): Omit<Strip, 'stamp'> {
    const { channels: decoded, corrupt } = this.waveRuns(bedId, from, to);
    const channels: Record<WaveformChannel, SampleRun[]> = { ecg: [], pleth: [], resp: [] };
    for (const [channel, runs] of Object.entries(decoded) as Array<[WaveformChannel, DecodedRun[]]>) {
      channels[channel] = runs.map((r) => ({ t0: r.t0, samples: Buffer.from(r.samples.buffer, r.samples.byteOffset, r.samples.byteLength).toString('base64'), leadOff: r.leadOff }));
    }
    return {
      bedId,
      from,
      to,
      channels,
      corrupt,
      alarms: this.alarmMarks(bedId, from, to),
      spans: this.spans(bedId, from, to),
      numerics: this.numericsAt(bedId, to),
      clock: this.core.clockFor(from, to),
    };
  }

  /** Every recorded sample of the bed in [from, to), written or not yet, as runs of contiguous samples in time order. */
  waveRuns(bedId: string, from: number, to: number): { channels: Record<WaveformChannel, DecodedRun[]>; corrupt: Strip['corrupt'] } {
    const store = this.store();
    const bedKey = store.knownBedKey(bedId);
    const channels: Record<WaveformChannel, DecodedRun[]> = { ecg: [], pleth: [], resp: [] };
    const corrupt: Strip['corrupt'] = [];
    if (bedKey !== null) {
      for (const row of store.blocksIn(bedKey, [0, 1, 2], from, to)) {
        const channel = CHANNEL_BY_CODE[row.channel]!;
        try {
          const decoded = decodeWaveform({ bedKey, channel: row.channel, t0: row.t0 }, row.blob, SAMPLE_STEP[channel]);
          pushClipped(channels[channel], channel, row.t0, decoded.samples, (decoded.flags & BLOCK_FLAG_LEAD_OFF) !== 0, from, to);
        } catch (error) {
          corrupt.push({ channel, t0: row.t0, reason: this.corrupt(bedId, row.channel, row.t0, error) });
        }
      }
    }
    const index = this.core.bedIndexOf(bedId);
    if (index >= 0) {
      for (const tail of this.core.unwrittenWaves(index)) pushClipped(channels[tail.channel], tail.channel, tail.t0, tail.samples, (tail.flags & BLOCK_FLAG_LEAD_OFF) !== 0, from, to);
    }
    for (const runs of Object.values(channels)) runs.sort((a, b) => a.t0 - b.t0);
    return { channels, corrupt };
  }

  trend(bedId: string, from: number, to: number): Omit<Trend, 'stamp'> {
    const store = this.store();
    const bedKey = store.knownBedKey(bedId);
    let corrupt = 0;
    const minutes: Trend['minutes'] = [];
    const series: Trend['series'] = {};
    const resolution = to - from <= SECOND_RESOLUTION_MAX_MS ? 'second' : 'minute';
    const aggregates = new Map<number, TrendMinute>();
    const [first, last] = [Math.floor(from / 60_000), Math.ceil(to / 60_000)];
    if (bedKey !== null) {
      const rows = store.db.prepare('SELECT minute, blob FROM trend_minutes WHERE bed_key = ? AND minute >= ? AND minute < ? ORDER BY minute').all(bedKey, first, last) as Array<{ minute: number; blob: Buffer }>;
      for (const row of rows) {
        try {
          aggregates.set(row.minute, decodeMinute({ bedKey, channel: TREND_CHANNEL, t0: row.minute }, row.blob));
        } catch (error) {
          corrupt++;
          this.corrupt(bedId, TREND_CHANNEL, row.minute, error);
        }
      }
    }
    const index = this.core.bedIndexOf(bedId);
    for (const { minute, aggregate } of index >= 0 ? this.core.unwrittenMinutes(index) : []) {
      if (minute < first || minute >= last) continue;
      const stored = aggregates.get(minute);
      aggregates.set(minute, stored ? mergeMinutes(structuredClone(stored), aggregate) : aggregate);
    }
    for (const minute of [...aggregates.keys()].sort((a, b) => a - b)) {
      const values: Record<string, [number, number, number, number]> = {};
      for (const [kind, a] of Object.entries(aggregates.get(minute)!)) if (a && a.n > 0) values[kind] = [a.sum / a.n, a.min, a.max, a.n];
      minutes.push({ minute, values });
    }
    if (resolution === 'second') {
      const { entries, corrupt: bad } = this.numericEntries(bedId, from, to);
      corrupt += bad;
      for (const kind of TREND_KINDS) series[kind] = withGaps(entries.filter((e) => e.kind === kind).sort((a, b) => a.at - b.at), SECOND_GAP_MS);
    } else {
      for (const kind of TREND_KINDS) {
        const points = minutes.filter((m) => m.values[kind]).map((m) => ({ at: m.minute * 60_000 + 30_000, value: m.values[kind]![0] }));
        series[kind] = withGaps(points, 60_000 + 1);
      }
    }
    const nibp =
      bedKey === null
        ? []
        : (store.db.prepare('SELECT measured_at AS at, sys, dia, mean FROM nibp WHERE bed_key = ? AND measured_at >= ? AND measured_at < ? ORDER BY measured_at').all(bedKey, from, to) as Trend['nibp']);
    return { bedId, from, to, resolution, series, minutes, nibp, alarms: this.alarmMarks(bedId, from, to), spans: this.spans(bedId, from, to), corrupt, clock: this.core.clockFor(from, to) };
  }

  /** The bed's alarm onsets (and the unit's), newest first, before a time. */
  alarms(bedId: string, before: number | undefined, limit: number): AlarmMark[] {
    const store = this.store();
    const bedKey = store.knownBedKey(bedId) ?? -1;
    const rows = store.db
      .prepare("SELECT * FROM alarm_events WHERE (bed_key = ? OR bed_key IS NULL) AND kind = 'onset' AND at < ? ORDER BY at DESC LIMIT ?")
      .all(bedKey, before ?? Number.MAX_SAFE_INTEGER, limit) as AlarmRow[];
    return rows.map((r) => this.mark(r));
  }

  step(bedId: string, from: number, direction: 'previous' | 'next'): AlarmMark | null {
    const store = this.store();
    const bedKey = store.knownBedKey(bedId);
    if (bedKey === null) return null;
    const sql =
      direction === 'next'
        ? "SELECT * FROM alarm_events WHERE bed_key = ? AND kind = 'onset' AND at > ? ORDER BY at ASC LIMIT 1"
        : "SELECT * FROM alarm_events WHERE bed_key = ? AND kind = 'onset' AND at < ? ORDER BY at DESC LIMIT 1";
    const row = store.db.prepare(sql).get(bedKey, from) as AlarmRow | undefined;
    return row ? this.mark(row) : null;
  }

  alarmById(alarmId: string): AlarmMark | null {
    const row = this.store().db.prepare("SELECT * FROM alarm_events WHERE alarm_id = ? AND kind = 'onset' ORDER BY at LIMIT 1").get(alarmId) as AlarmRow | undefined;
    return row ? this.mark(row) : null;
  }

  alarmMarks(bedId: string, from: number, to: number): AlarmMark[] {
    const store = this.store();
    const bedKey = store.knownBedKey(bedId) ?? -1;
    const rows = store.db.prepare('SELECT * FROM alarm_events WHERE (bed_key = ? OR bed_key IS NULL) AND at >= ? AND at < ? ORDER BY at LIMIT 2000').all(bedKey, from, to) as AlarmRow[];
    return rows.map((r) => this.mark(r));
  }

  numericEntries(bedId: string, from: number, to: number): { entries: NumericEntry[]; corrupt: number } {
    const store = this.store();
    const bedKey = store.knownBedKey(bedId);
    const entries: NumericEntry[] = [];
    let corrupt = 0;
    if (bedKey !== null) {
      // A numerics block is filed by its entries' window; a minute either side finds late ones (an NIBP-style delay).
      for (const row of store.blocksIn(bedKey, [NUMERICS_CHANNEL], from - 60_000, to + 60_000)) {
        try {
          entries.push(...decodeNumerics({ bedKey, channel: NUMERICS_CHANNEL, t0: row.t0 }, row.blob));
        } catch (error) {
          corrupt++;
          this.corrupt(bedId, NUMERICS_CHANNEL, row.t0, error);
        }
      }
    }
    const index = this.core.bedIndexOf(bedId);
    if (index >= 0) entries.push(...this.core.unwrittenNumerics(index));
    return { entries: entries.filter((e) => e.at >= from && e.at < to), corrupt };
  }

  private numericsAt(bedId: string, at: number): Strip['numerics'] {
    const latest = new Map<NumericKind, NumericEntry>();
    for (const e of this.numericEntries(bedId, at - NUMERICS_LOOKBACK_MS, at + 1).entries) {
      const held = latest.get(e.kind);
      if (!held || e.at >= held.at) latest.set(e.kind, e);
    }
    const out: Strip['numerics'] = [...latest.values()].map((e) => ({ kind: e.kind, value: e.value, at: e.at }));
    const bedKey = this.store().knownBedKey(bedId);
    if (bedKey !== null) {
      const nibp = this.store().db.prepare('SELECT measured_at AS at, sys, dia, mean FROM nibp WHERE bed_key = ? AND measured_at <= ? AND measured_at > ? ORDER BY measured_at DESC LIMIT 1').get(bedKey, at, at - NIBP_LOOKBACK_MS) as
        | { at: number; sys: number | null; dia: number | null; mean: number | null }
        | undefined;
      if (nibp) out.push({ kind: 'nibpSys', value: nibp.sys, at: nibp.at }, { kind: 'nibpDia', value: nibp.dia, at: nibp.at }, { kind: 'nibpMean', value: nibp.mean, at: nibp.at });
    }
    return out;
  }

  /** No-data, lead-off and not-recorded spans overlapping [from, to). */
  spans(bedId: string, from: number, to: number): BedSpan[] {
    const store = this.store();
    const bedKey = store.knownBedKey(bedId) ?? -1;
    const before = (kinds: string) =>
      store.db.prepare(`SELECT kind, at FROM bed_events WHERE bed_key = ? AND kind IN (${kinds}) AND at < ? ORDER BY at DESC LIMIT 1`).get(bedKey, from) as { kind: string; at: number } | undefined;
    const events = store.db
      .prepare("SELECT kind, at, detail FROM bed_events WHERE (bed_key = ? OR (bed_key IS NULL AND kind = 'recording-gap')) AND at >= ? AND at < ? ORDER BY at, id")
      .all(bedKey, from, to) as Array<{ kind: string; at: number; detail: string | null }>;
    const spans: BedSpan[] = [];
    const track = (kind: 'no-data' | 'lead-off', startKinds: string[], endKinds: string[], initial: { kind: string; at: number } | undefined) => {
      let open: BedSpan | null = initial && startKinds.includes(initial.kind) ? { kind, from: initial.at, to: null } : null;
      for (const e of events) {
        if (!open && startKinds.includes(e.kind)) open = { kind, from: e.at, to: null };
        else if (open && endKinds.includes(e.kind)) {
          open.to = e.at;
          spans.push(open);
          open = null;
        }
      }
      if (open) spans.push(open);
    };
    track('no-data', ['feed:no-data', 'feed:unknown'], ['feed:live'], before("'feed:no-data','feed:unknown','feed:live'"));
    track('lead-off', ['lead-off'], ['lead-on'], before("'lead-off','lead-on'"));
    for (const e of events) {
      if (e.kind !== 'recording-gap' || !e.detail) continue;
      const gap = JSON.parse(e.detail) as { from: number; to: number };
      spans.push({ kind: 'not-recorded', from: gap.from, to: gap.to + BLOCK_MS });
    }
    return spans;
  }

  private store(): DisclosureStore {
    const store = this.core.openStore;
    if (!store) throw new StoreUnavailableError('the full-disclosure store is not available (see the technical alarm)');
    return store;
  }

  private corrupt(bedId: string, channel: number, t0: number, error: unknown): string {
    const reason = error instanceof CorruptBlockError ? error.message : `unreadable block: ${(error as Error).message}`;
    this.onCorrupt({ bedId, channel, t0, reason });
    return reason;
  }

  private mark(r: AlarmRow): AlarmMark {
    return { kind: r.kind as AlarmMark['kind'], alarmId: r.alarm_id, bedId: this.store().bedIdOf(r.bed_key), at: r.at, code: r.code, priority: r.priority, level: r.level, actor: r.actor };
  }
}

interface AlarmRow {
  bed_key: number | null;
  at: number;
  kind: string;
  alarm_id: string;
  code: string;
  priority: string | null;
  level: number | null;
  actor: string | null;
}

export interface DecodedRun {
  t0: number;
  samples: Float32Array;
  leadOff: boolean;
}

function pushClipped(runs: DecodedRun[], channel: WaveformChannel, t0: number, samples: Float32Array, leadOff: boolean, from: number, to: number): void {
  const period = 1000 / SAMPLE_RATE_HZ[channel];
  const first = Math.max(0, Math.ceil((from - t0) / period - 1e-6));
  const end = Math.min(samples.length, Math.ceil((to - t0) / period - 1e-6));
  if (end <= first) return;
  runs.push({ t0: t0 + first * period, samples: samples.slice(first, end), leadOff });
}

function withGaps(points: Array<{ at: number; value: number | null }>, gapMs: number): { t: number[]; v: Array<number | null> } {
  const t: number[] = [];
  const v: Array<number | null> = [];
  let previous: number | null = null;
  for (const p of points) {
    if (previous !== null && p.at - previous > gapMs) {
      // An explicit null between the two: the chart breaks the line here rather than joining across.
      t.push(previous + 1);
      v.push(null);
    }
    t.push(p.at);
    v.push(p.value);
    previous = p.at;
  }
  return { t, v };
}

