import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { BLOCK_MS } from '../../../../shared/disclosure/disclosure-limits';
import { WAVEFORM_CHANNELS } from '../../../../shared/domain/channel';
import { blockCount } from '../../../../electron/main/disclosure/writer/block-codec';
import { ReviewQueries } from '../../../../electron/main/disclosure/writer/review-queries';
import { WaveAccumulator } from '../../../../electron/main/disclosure/writer/wave-accumulator';
import { START, decodeRuns, recordingsClosedAfterEach, tempDir } from './disclosure-test-kit';

const { recording, closeAll } = recordingsClosedAfterEach();

describe('recorder core', () => {
  it('gives back every sample it received, exactly, from written blocks and the open tail', () => {
    const r = recording({ file: `${tempDir()}/d.sqlite`, beds: 2 });
    r.run(30_000);
    const q = new ReviewQueries(r.core, () => undefined);
    for (const bedId of ['bed-01', 'bed-02']) {
      const strip = q.strip(bedId, START, r.now + 1);
      for (const channel of WAVEFORM_CHANNELS) {
        const fed = r.fed.get(bedId, channel);
        const got = decodeRuns(strip.channels[channel], channel);
        expect(fed.size).toBeGreaterThan(1000);
        expect(got.size, `${bedId} ${channel}`).toBe(fed.size);
        for (const [t, v] of fed) expect(got.get(t), `${bedId} ${channel} at ${t}`).toBe(v);
      }
      expect(strip.corrupt).toEqual([]);
    }
  });

  it('cuts blocks at BLOCK_MS boundaries of the time axis and at gaps, never across them', () => {
    const file = `${tempDir()}/d.sqlite`;
    const r = recording({ file, beds: 1, start: START + 3_217 });
    r.run(20_000);
    r.sim.trigger({ scenario: 'bed-silent', bedId: 'bed-01' }, r.now);
    r.run(6_000);
    r.sim.trigger({ scenario: 'recover', bedId: 'bed-01' }, r.now);
    r.run(10_000);
    closeAll();
    const db = new Database(file, { readonly: true });
    const rows = (db.prepare('SELECT t0, blob FROM block_keys WHERE channel = 0 ORDER BY t0').all() as Array<{ t0: number; blob: Buffer }>).map((row) => ({ t0: row.t0, count: blockCount(row.blob) }));
    db.close();
    for (const row of rows) {
      // First and last sample in the same BLOCK_MS window of the time axis.
      expect(Math.floor(row.t0 / BLOCK_MS), `block at ${row.t0}`).toBe(Math.floor((row.t0 + (row.count - 1) * 4) / BLOCK_MS));
    }
    // Full windows hold 2,000 ECG samples; the first block starts mid-window; the silent stretch cut one short and started another.
    expect(rows[0]!.count).toBeLessThan(2000);
    expect(rows.filter((row) => row.count === 2000).length).toBeGreaterThanOrEqual(1);
    const gaps = rows.slice(1).filter((row, i) => row.t0 - (rows[i]!.t0 + rows[i]!.count * 4) > 1000);
    expect(gaps).toHaveLength(1);
    const fresh = recording({ file, beds: 1, start: r.now });
    const q = new ReviewQueries(fresh.core, () => undefined);
    fresh.core.ensureOpen(r.now);
    const strip = q.strip('bed-01', START, r.now + 1);
    const ecg = decodeRuns(strip.channels.ecg, 'ecg');
    expect(ecg.size).toBe(r.fed.get('bed-01', 'ecg').size);
    for (const [t, v] of r.fed.get('bed-01', 'ecg')) expect(ecg.get(t)).toBe(v);
    // The silent stretch is a gap between runs: no sample was invented there.
    expect(strip.channels.ecg.length).toBeGreaterThan(1);
  });

  it.each([
    ['ecg', 4, 3],
    ['pleth', 8, 5],
    ['resp', 16, 11],
  ] as const)('a %s stream whose samples fall late in their period (%i ms, %i ms past the grid) fills each window with one block, never a one-sample block at its end', (channel, period, phase) => {
    const blocks: Array<{ t0: number; count: number }> = [];
    const waves = new WaveAccumulator((b) => blocks.push({ t0: b.t0, count: b.samples.length }));
    // Segments of 1 to 7 samples (as ticks of a loaded station deliver them), contiguous, for 24 s from a window's start.
    let t = Math.floor(START / BLOCK_MS) * BLOCK_MS + phase;
    for (let tick = 0; t < Math.floor(START / BLOCK_MS) * BLOCK_MS + 3 * BLOCK_MS; tick++) {
      const n = 1 + (tick % 7);
      waves.add({ bedIndex: 0, channel, flags: 0, firstSampleAt: t, samples: new Float32Array(n).fill(tick) }, t, t);
      t += n * period;
    }
    waves.closeAll();
    const perWindow = BLOCK_MS / period;
    // Each window one block of all its samples.
    expect(blocks.map((b) => b.count).slice(0, 2)).toEqual([perWindow, perWindow]);
    expect(blocks.every((b) => b.count > 1)).toBe(true);
    for (const b of blocks) expect(Math.floor(b.t0 / BLOCK_MS)).toBe(Math.floor((b.t0 + (b.count - 1) * period) / BLOCK_MS));
  });

  it('reports a corrupt block and skips it; the rest of the strip is still there', () => {
    const file = `${tempDir()}/d.sqlite`;
    const r = recording({ file, beds: 1 });
    r.run(40_000);
    const db = new Database(file);
    const victim = db.prepare('SELECT id, t0, blob FROM block_keys WHERE channel = 0 ORDER BY t0 LIMIT 1 OFFSET 2').get() as { id: number; t0: number; blob: Buffer };
    victim.blob[30]! ^= 0x10;
    db.prepare('UPDATE blocks SET blob = ? WHERE id = ?').run(victim.blob, victim.id);
    db.close();
    const reported: Array<{ t0: number; reason: string }> = [];
    const q = new ReviewQueries(r.core, (d) => reported.push(d));
    const strip = q.strip('bed-01', START, r.now + 1);
    expect(strip.corrupt).toEqual([expect.objectContaining({ channel: 'ecg', t0: victim.t0, reason: expect.stringMatching(/checksum/) })]);
    expect(reported).toHaveLength(1);
    const ecg = decodeRuns(strip.channels.ecg, 'ecg');
    // Everything but that block's 8 s is there.
    expect(ecg.size).toBe(r.fed.get('bed-01', 'ecg').size - BLOCK_MS / 4);
    expect([...ecg.keys()].some((t) => t >= victim.t0 * 1000 && t < (victim.t0 + BLOCK_MS) * 1000)).toBe(false);
    // Pleth and resp of the same time are untouched.
    expect(decodeRuns(strip.channels.pleth, 'pleth').size).toBe(r.fed.get('bed-01', 'pleth').size);
  });

  it('prunes past retention in small steps while recording goes on', () => {
    const file = `${tempDir()}/d.sqlite`;
    const r = recording({ file, beds: 2, retentionMs: 60_000 });
    r.run(150_000);
    const db = new Database(file, { readonly: true });
    const oldest = db.prepare('SELECT min(t0) FROM blocks').pluck().get() as number;
    const newest = db.prepare('SELECT max(t0) FROM blocks').pluck().get() as number;
    db.close();
    // Retention 60 s: nothing much older than a minute (plus one pruning step's lag) is left, and the present is.
    expect(r.now - oldest).toBeLessThanOrEqual(60_000 + BLOCK_MS + 2_000);
    // The newest written block ENDS within a block of now (the open one is still filling).
    expect(r.now - (newest + BLOCK_MS)).toBeLessThanOrEqual(BLOCK_MS + 1_000);
  });
});

describe('recorder core: trends', () => {
  it('a silent stretch is a gap in the trend (an explicit null), never a line joined across it; values are as reported', () => {
    const r = recording({ file: `${tempDir()}/d.sqlite`, beds: 1 });
    r.run(20_000);
    r.sim.trigger({ scenario: 'bed-silent', bedId: 'bed-01' }, r.now);
    r.run(30_000);
    r.sim.trigger({ scenario: 'recover', bedId: 'bed-01' }, r.now);
    r.run(20_000);
    const q = new ReviewQueries(r.core, () => undefined);
    const trend = q.trend('bed-01', START, r.now + 1);
    expect(trend.resolution).toBe('second');
    const hr = trend.series['hr']!;
    const gaps = hr.v.map((v, i) => [v, hr.t[i]!] as const).filter(([v]) => v === null);
    expect(gaps).toHaveLength(1);
    const [, gapAt] = gaps[0]!;
    // Just after the last value before the silence.
    expect(gapAt).toBeGreaterThan(START + 18_000);
    expect(gapAt).toBeLessThan(START + 50_000);
    // Every non-null point is a value the bed reported at that time.
    const reported = new Map(r.numerics.filter((n) => n.bedId === 'bed-01').flatMap((n) => n.numerics.filter((x) => x.kind === 'hr').map((x) => [x.measuredAt, x.value])));
    hr.t.forEach((t, i) => hr.v[i] !== null && expect(hr.v[i]).toBe(reported.get(t)));
  });
});
