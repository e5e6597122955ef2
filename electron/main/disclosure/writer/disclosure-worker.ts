import { mkdirSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { AlarmMark } from '../../../../shared/disclosure/review-schemas';
import { offsetAt, wallTimeOf } from '../../../../shared/disclosure/record-time';
import type { DisclosureWorkerData, FromWorker, ReviewCall, StripAround, ToWorker } from '../worker-protocol';
import { RecorderCore } from './recorder-core';
import type { RecorderHealth } from './recorder-protocol';
import { ReviewQueries, StoreUnavailableError } from './review-queries';
import { WFDB_FRAME_HZ, writeWfdbRecord } from './wfdb-writer';

/**
 * The recorder's worker thread: owns the full-disclosure SQLite file. It
 * takes each station tick, commits every ~250 ms, prunes in small steps and
 * answers review queries between commits. Nothing here can stop the main
 * thread: the worker is a separate isolate, and the main thread only ever
 * posts to it.
 */
const data = workerData as DisclosureWorkerData;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);
const log = (event: string, fields: Record<string, string | number | boolean | null>) => post({ type: 'log', event, fields });

const core = new RecorderCore({ file: data.file, projectRoot: data.projectRoot, beds: data.beds, retentionMs: data.retentionMs, log });
const queries = new ReviewQueries(core, (detail) => post({ type: 'corrupt', ...detail }));

let lastHealth: string | null = null;
let lastHealthPost = -Infinity;
/** Health, and the record's clock entries (the main thread labels audited spans with them), when either changed. */
function report(health: RecorderHealth): void {
  const key = `${health.state}|${health.reason}|${core.clockVersion}`;
  // A heartbeat at least every second (this thread's own clock: only for pacing): the main thread treats silence as "not recording".
  if (key === lastHealth && performance.now() - lastHealthPost < 1_000) return;
  lastHealth = key;
  lastHealthPost = performance.now();
  post({ type: 'health', health, clock: core.clockFor(-Infinity, Infinity).offsets });
}

// Record time comes from the station's clock readings in every message (record-timeline.ts); none is taken here.
core.start(data.mono, data.wall, { afterFailure: data.afterFailure });
report(core.commit());
const timer = setInterval(() => report(core.commit()), data.commitEveryMs ?? 250);

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'tick': {
      const version = core.clockVersion;
      core.ingest(message.tick);
      if (core.clockVersion !== version) report(core.health());
      encodeSoon();
      return;
    }
    case 'alarm':
      core.alarmEvent(message.event);
      return;
    case 'call':
      answer(message.id, message.call);
      return;
  }
});

// Blocks are compressed in ~4 ms slices between messages, so a query arriving at a window boundary is answered between slices.
let encodeScheduled = false;
function encodeSoon(): void {
  if (encodeScheduled) return;
  encodeScheduled = true;
  setImmediate(() => {
    encodeScheduled = false;
    if (core.encodeAhead(4)) encodeSoon();
  });
}

function answer(id: number, call: ReviewCall): void {
  const reply = (outcome: { ok: true; result: unknown } | { ok: false; error: unknown }) => {
    if (outcome.ok) post({ type: 'reply', id, ok: true, result: outcome.result });
    else post({ type: 'reply', id, ok: false, error: (outcome.error as Error).message.slice(0, 300), unavailable: outcome.error instanceof StoreUnavailableError });
    if (call.name === 'close') {
      clearInterval(timer);
      port.close();
    }
  };
  let result: unknown;
  try {
    result = run(call);
  } catch (error) {
    reply({ ok: false, error });
    return;
  }
  // An export answers when it is written (it yields between minutes); everything else at once.
  if (result instanceof Promise) result.then((r) => reply({ ok: true, result: r }), (error: unknown) => reply({ ok: false, error }));
  else reply({ ok: true, result });
}

/**
 * The export's first frame on the bed's own sample grid: a WFDB frame holds
 * samples taken together, so frame times must be recorded sample times (of
 * resp, the coarsest channel; every ECG and pleth sample falls on its grid
 * too). Looks at the first recorded minute from `from`.
 */
function onSampleGrid(bedId: string, from: number): number {
  const runs = queries.waveRuns(bedId, from, from + 60_000).channels;
  const period = 1000 / WFDB_FRAME_HZ;
  const first = runs.resp[0] ?? runs.pleth[0] ?? runs.ecg[0];
  if (!first) return from;
  return first.t0 - Math.floor((first.t0 - from) / period) * period;
}

/** The alarm, and (when asked) the strip around it in the same answer. */
function withStrip(alarm: AlarmMark | null, around: StripAround | undefined): { alarm: AlarmMark | null; strip?: unknown } {
  if (!alarm || !around || !alarm.bedId) return { alarm };
  const from = Math.max(0, alarm.at - around.leadMs);
  return { alarm, strip: queries.strip(alarm.bedId, from, from + around.spanMs) };
}

/**
 * What a WFDB reader needs to know about the station's clock over an export:
 * its header has one base time (the wall time of its first frame); each
 * clock change inside the range is said in a comment, with the frame it
 * happened at, so the wall time of any later frame can be worked out.
 */
function clockComments(from: number, to: number): string[] {
  const offsets = core.clockFor(from, to).offsets;
  const base = offsetAt(offsets, from);
  return offsets
    .filter((e) => e.from > from && e.from < to)
    .map((e) => {
      const frame = Math.round(((e.from - from) * WFDB_FRAME_HZ) / 1000);
      const shift = (e.offset - base) / 1000;
      return `station clock changed at frame ${frame}: from it on, wall time = base time + elapsed time ${shift >= 0 ? '+' : '-'} ${Math.abs(shift)} s`;
    });
}

function run(call: ReviewCall): unknown {
  switch (call.name) {
    case 'strip':
      return queries.strip(call.args.bedId, call.args.from, call.args.to);
    case 'trend':
      return queries.trend(call.args.bedId, call.args.from, call.args.to);
    case 'alarms':
      return queries.alarms(call.args.bedId, call.args.before, call.args.limit);
    case 'step':
      return withStrip(queries.step(call.args.bedId, call.args.from, call.args.direction), call.args.strip);
    case 'alarm-by-id':
      return withStrip(queries.alarmById(call.args.alarmId), call.args.strip);
    case 'export': {
      const { bedId, from, to, record, comments } = call.args;
      mkdirSync(data.exportDir, { recursive: true });
      // Written blocks first: the export reads the store, in one-minute chunks.
      core.commit(null, true);
      const start = onSampleGrid(bedId, from);
      const alarms = queries.alarmMarks(bedId, start, to);
      const baseTime = wallTimeOf(core.clockFor(start, to).offsets, start);
      return writeWfdbRecord(data.exportDir, record, start, to, { runs: (f, t) => queries.waveRuns(bedId, f, t).channels, alarms, comments: [...comments, ...clockComments(start, to)], baseTime }).then((result) => ({
        ...result,
        from: start,
        to: start + (result.frames * 1000) / WFDB_FRAME_HZ,
      }));
    }
    case 'flush':
      return core.commit(null, true);
    case 'close':
      return core.close(call.args.mono, call.args.detail);
  }
}
