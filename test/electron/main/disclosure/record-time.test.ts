import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { WAVEFORM_CHANNELS } from '../../../../shared/domain/channel';
import { recordTimeOf, wallTimeOf } from '../../../../shared/disclosure/record-time';
import { encodeWaveformFrame } from '../../../../shared/waveform/frame';
import { blockCount } from '../../../../electron/main/disclosure/writer/block-codec';
import { RecorderCore } from '../../../../electron/main/disclosure/writer/recorder-core';
import { RecordTimeline } from '../../../../electron/main/disclosure/writer/record-timeline';
import { ReviewQueries } from '../../../../electron/main/disclosure/writer/review-queries';
import { HOUR_STEPS } from '../../../support/fake-clock';
import { ROOT, START, decodeRuns, recordingsClosedAfterEach, tempDir } from './disclosure-test-kit';

const HOUR = 3_600_000;

const { recording, closeAll } = recordingsClosedAfterEach();

/** Every stored waveform block of the file, per (bed, channel), in time order, with its end. */
function storedBlocks(file: string): Map<string, Array<{ t0: number; end: number }>> {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare('SELECT bed_key, channel, t0, blob FROM block_keys WHERE channel < 3 ORDER BY t0').all() as Array<{ bed_key: number; channel: number; t0: number; blob: Buffer }>;
  db.close();
  const out = new Map<string, Array<{ t0: number; end: number }>>();
  for (const row of rows) {
    const key = `${row.bed_key}|${row.channel}`;
    const period = [4, 8, 16][row.channel]!;
    out.set(key, [...(out.get(key) ?? []), { t0: row.t0, end: row.t0 + blockCount(row.blob) * period }]);
  }
  return out;
}

function expectNoOverlap(file: string): void {
  for (const [key, blocks] of storedBlocks(file)) {
    blocks.forEach((b, i) => {
      expect(b.end, `${key}: a block ends after it starts`).toBeGreaterThan(b.t0);
      if (i > 0) expect(b.t0, `${key}: block ${i} starts where the one before ended or later`).toBeGreaterThanOrEqual(blocks[i - 1]!.end - 1e-6);
    });
  }
}

describe('the record time line', () => {
  it('begins at the wall clock, or just after the record when the wall clock is behind it; then runs on the monotonic clock alone', () => {
    const line = new RecordTimeline();
    expect(line.begin(500, START, null)).toEqual({ from: START, offset: 0 });
    expect(line.at(1_500)).toBe(START + 1_000);
    const behind = new RecordTimeline();
    expect(behind.begin(500, START, START + HOUR)).toEqual({ from: START + HOUR + 1, offset: -(HOUR + 1) });
    expect(behind.at(10_500)).toBe(START + HOUR + 1 + 10_000);
  });

  it.each(HOUR_STEPS)('a wall clock set an hour %s starts a clock entry; record time does not move; slewing under 2 s does not', (_name, step) => {
    const line = new RecordTimeline();
    line.begin(0, START, null);
    expect(line.observeWall(60_000, START + 60_000 + 1_500)).toBeNull();
    const change = line.observeWall(120_000, START + 120_000 + step);
    expect(change).toEqual({ entry: { from: START + 120_000, offset: step }, stepMs: step });
    expect(line.at(180_000)).toBe(START + 180_000);
    expect(line.observeWall(180_000, START + 180_000 + step)).toBeNull();
  });

  it('labels a record time with the wall time of its stretch, and finds the record time of a typed wall time', () => {
    // Set back an hour at START + 1 h: wall times START+0..1h occur twice (the latest occurrence is taken), forward 30 min at +3 h: a skipped half hour.
    const offsets = [
      { from: START, offset: 0 },
      { from: START + HOUR, offset: -HOUR },
      { from: START + 3 * HOUR, offset: -HOUR + HOUR / 2 },
    ];
    expect(wallTimeOf(offsets, START + 30 * 60_000)).toBe(START + 30 * 60_000);
    expect(wallTimeOf(offsets, START + HOUR + 10 * 60_000)).toBe(START + 10 * 60_000);
    expect(recordTimeOf(offsets, START + 10 * 60_000)).toBe(START + HOUR + 10 * 60_000);
    // A wall time the forward step skipped gives the moment of the step.
    expect(recordTimeOf(offsets, START + 2 * HOUR + 10 * 60_000)).toBe(START + 3 * HOUR);
    expect(wallTimeOf([], START)).toBe(START);
  });
});

describe('full disclosure across clock changes', () => {
  it.each(HOUR_STEPS)('the wall clock set an hour %s while recording: no jump, gap or overlap in the record; later times labelled with the new wall time; noted', (_name, step) => {
    const file = `${tempDir()}/d.sqlite`;
    const r = recording({ file, beds: 1, retentionMs: 40_000 });
    r.run(20_000);
    const stepAt = r.now;
    r.wallStep = step;
    r.run(20_000);
    const q = new ReviewQueries(r.core, () => undefined);
    const strip = q.strip('bed-01', START, r.now + 1);
    for (const channel of WAVEFORM_CHANNELS) {
      const got = decodeRuns(strip.channels[channel], channel);
      const fed = r.fed.get('bed-01', channel);
      expect(got.size, channel).toBe(fed.size);
      for (const [t, v] of fed) expect(got.get(t), `${channel} at ${t}`).toBe(v);
    }
    // Forty seconds of a 40 s retention are all there: a step forward pruned nothing early.
    expect(Math.min(...[...decodeRuns(strip.channels.ecg, 'ecg').keys()]) / 1000).toBeLessThan(START + 100);
    expect(strip.clock.offsets).toEqual([
      { from: START, offset: 0 },
      { from: stepAt + 40, offset: step },
    ]);
    expect(wallTimeOf(strip.clock.offsets, stepAt - 1_000)).toBe(stepAt - 1_000);
    expect(wallTimeOf(strip.clock.offsets, stepAt + 1_000)).toBe(stepAt + 1_000 + step);
    r.core.commit(r.now, true);
    const notes = r.core.openStore!.db.prepare("SELECT at, detail FROM bed_events WHERE kind = 'clock-changed'").all();
    expect(notes).toEqual([{ at: stepAt + 40, detail: JSON.stringify({ step_ms: step, wall_offset: step }) }]);
    closeAll();
    expectNoOverlap(file);
  });

  it('the wall clock set back while the station was off: the next run goes on after the record, nothing overlaps, and its times read as the new wall time', () => {
    const file = `${tempDir()}/d.sqlite`;
    const first = recording({ file, beds: 2 });
    first.run(60_000);
    const firstEnd = first.now;
    closeAll();
    // Ten seconds later the station starts again, its clock set back a minute (it was fast): the next
    // 50 s of wall time were already recorded once, and the record must not go over them again.
    const wallAtRestart = firstEnd + 10_000 - 60_000;
    const second = recording({ file, beds: 2, start: wallAtRestart });
    second.run(30_000);
    const q = new ReviewQueries(second.core, () => undefined);
    const { offsets } = second.core.clockFor(START, Infinity);
    const secondStart = offsets[offsets.length - 1]!.from;
    expect(secondStart).toBeGreaterThanOrEqual(firstEnd);
    expect(secondStart - firstEnd).toBeLessThan(1_000);
    expect(offsets[offsets.length - 1]!.offset).toBe(wallAtRestart - secondStart);
    // The second run's samples, read back on record time, labelled as the wall clock read when they were taken (the simulator's times).
    const strip = q.strip('bed-02', secondStart, secondStart + 30_001);
    const fed = second.fed.get('bed-02', 'ecg');
    const got = decodeRuns(strip.channels.ecg, 'ecg');
    expect(got.size).toBe(fed.size);
    const labelled = new Map([...got].map(([t, v]) => [Math.round(wallTimeOf(strip.clock.offsets, t / 1000) * 1000), v]));
    for (const [t, v] of fed) expect(labelled.get(t), `sample taken at ${t / 1000}`).toBe(v);
    // The first run is still there, at its own times, unlabelled by the change.
    const before = q.strip('bed-02', START, firstEnd + 1);
    const firstRun = decodeRuns(before.channels.ecg, 'ecg');
    expect(firstRun.size).toBe(first.fed.get('bed-02', 'ecg').size);
    for (const [t, v] of first.fed.get('bed-02', 'ecg')) expect(firstRun.get(t)).toBe(v);
    expect(wallTimeOf(before.clock.offsets, START + 1_000)).toBe(START + 1_000);
    closeAll();
    expectNoOverlap(file);
  });
});

describe('a store that could only be opened after the run began', () => {
  it('and holds later times than the run began at (the clock was set back while off): what came meanwhile is given up as not recorded, never filed over the record', () => {
    const dir = tempDir();
    const file = `${dir}/store/d.sqlite`;
    const first = recording({ file, beds: 1 });
    first.run(60_000);
    closeAll();
    // The folder is unavailable when the station starts again (its clock set back a minute)...
    renameSync(`${dir}/store`, `${dir}/away`);
    writeFileSync(`${dir}/store`, 'not a folder');
    const second = recording({ file, beds: 1, start: first.now - 50_000 });
    second.run(5_000);
    expect(second.core.health().state).toBe('failing');
    // ...and comes back.
    rmSync(`${dir}/store`);
    renameSync(`${dir}/away`, `${dir}/store`);
    second.run(10_000);
    expect(second.core.health().state).toBe('ok');
    second.core.commit(second.now, true);
    const db = second.core.openStore!.db;
    const gap = db.prepare("SELECT at, detail FROM bed_events WHERE kind = 'recording-gap'").get() as { at: number; detail: string };
    expect(JSON.parse(gap.detail)).toMatchObject({ from: gap.at });
    expect(JSON.parse(gap.detail).count).toBeGreaterThan(0);
    // The run began again after the record: everything it filed is later than the first run's end.
    const { offsets } = second.core.clockFor(START, Infinity);
    expect(offsets[offsets.length - 1]!.from).toBeGreaterThan(first.now);
    closeAll();
    expectNoOverlap(file);
  });
});

describe('a sender whose own clock is wrong, then set back', () => {
  it('its samples are filed when they arrived, in order, none lost and none over another; an alarm taken with them finds them', () => {
    const file = `${tempDir()}/d.sqlite`;
    const core = new RecorderCore({ file, projectRoot: ROOT, beds: ['bed-01'], retentionMs: 72 * HOUR });
    core.start(START, START);
    // The gateway's clock is an hour ahead of this station's; after 10 s someone sets it back 5 s.
    const arrivals: number[] = [];
    for (let tick = 1; tick <= 500; tick++) {
      const mono = START + tick * 40;
      const senderNow = mono + HOUR - (tick > 250 ? 5_000 : 0);
      const samples = Float32Array.from({ length: 10 }, (_, k) => (tick - 1) * 10 + k);
      core.ingest({ mono, wall: mono, frame: encodeWaveformFrame([{ bedIndex: 0, channel: 'ecg', flags: 0, firstSampleAt: senderNow - 36, samples }]), numerics: [], statuses: [] });
      for (let k = 0; k < 10; k++) arrivals.push(mono);
      if (tick === 400) core.alarmEvent({ kind: 'onset', alarmId: 'vt-1', bedId: 'bed-01', at: null, code: 'VT', priority: 'HIGH', level: null, actor: 'system', mono });
      if (tick % 6 === 0) core.commit(mono);
    }
    core.commit(START + 501 * 40, true);
    const q = new ReviewQueries(core, () => undefined);
    const strip = q.strip('bed-01', START - HOUR, START + 2 * HOUR);
    const recorded = [...decodeRuns(strip.channels.ecg, 'ecg')].sort((a, b) => a[0] - b[0]);
    // Every sample, once, in the order it was sent.
    expect(recorded.map(([, v]) => v)).toEqual(Array.from({ length: 5_000 }, (_, i) => i));
    // Each filed within a few hundred ms of when it arrived: never an hour away, never over the 5 s it went back.
    recorded.forEach(([t], i) => expect(Math.abs(t / 1000 - arrivals[i]!), `sample ${i}`).toBeLessThan(400));
    const alarm = q.alarmById('vt-1')!;
    expect(alarm.at).toBe(START + 400 * 40);
    const atAlarm = decodeRuns(q.strip('bed-01', alarm.at - 40, alarm.at + 1).channels.ecg, 'ecg');
    expect([...atAlarm.values()].some((v) => v >= 3_990 && v < 4_000)).toBe(true);
    core.close(START + 501 * 40);
    expectNoOverlap(file);
  });
});
