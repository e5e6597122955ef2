import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { brotliCompressSync, constants as zc, deflateRawSync } from 'node:zlib';
import { SAMPLE_STEP } from '../../../shared/disclosure/sample-steps';
import { SAMPLE_RATE_HZ, type WaveformChannel } from '../../../shared/domain/channel';
import type { WaveformSegment } from '../../../shared/waveform/frame';
import { recorderTick } from '../../support/recorder-ticks';
import { encodeWaveform, residualVarints } from '../../../electron/main/disclosure/writer/block-codec';
import { RecorderCore } from '../../../electron/main/disclosure/writer/recorder-core';
import { UnitSimulator } from '../../../electron/main/simulator/unit-simulator';
import { tiled, type RealSignals } from './real-signals';

const ROOT = `${__dirname}/../../..`;
const HOUR = 3_600_000;
const TICK = 40;

export interface BedSource {
  name: string;
  /** Samples of a channel for sample indices [first, first + n). */
  samples(channel: WaveformChannel, first: number, n: number): Float32Array;
}

export function realBed(name: string, ecg: Int32Array, real: RealSignals): BedSource {
  return {
    name,
    samples: (channel, first, n) =>
      channel === 'ecg' ? tiled(ecg, SAMPLE_STEP.ecg, first, n) : channel === 'pleth' ? tiled(real.pleth, SAMPLE_STEP.pleth, first, n) : tiled(real.resp, SAMPLE_STEP.resp, first, n),
  };
}

/**
 * Records `hours` of each bed through the real recorder (blocks, numerics
 * from the simulator, trend minutes, the real SQLite file with its keys) and
 * returns the file's size per bed-hour, everything included. Waveforms come
 * from `sources` (real signals) or, when null, from the simulator itself.
 */
export function recordedBytesPerBedHour(file: string, sources: BedSource[] | null, beds: number, hours: number, start: number): { bytesPerBedHour: number; fileBytesPerBedHour: number; blocks: number } {
  const sim = new UnitSimulator({ beds, seed: 5, startAt: start });
  const core = new RecorderCore({ file, projectRoot: ROOT, beds: sim.beds.map((b) => b.bedId), retentionMs: 96 * HOUR });
  core.start(start, start);
  let now = start;
  let lastCommit = now;
  const end = start + hours * HOUR;
  while (now < end) {
    now += TICK;
    const tick = sim.advanceTo(now);
    let segments: WaveformSegment[] = tick.segments;
    if (sources) {
      // Real waveforms on the simulator's exact sample grid, in place of its own.
      segments = segments.map((s) => {
        const first = Math.round((s.firstSampleAt - start) / (1000 / SAMPLE_RATE_HZ[s.channel]));
        return { ...s, samples: sources[s.bedIndex]!.samples(s.channel, first, s.samples.length) };
      });
    }
    core.ingest(recorderTick(now, { segments, numerics: tick.numerics }));
    if (now - lastCommit >= 1_000) {
      core.commit(now);
      lastCommit = now;
    }
  }
  core.close(now);
  const db = new Database(file);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const blocks = db.prepare('SELECT count(*) FROM blocks').pluck().get() as number;
  // The store's fixed part (schema, one page for each small table and index, the bed list) is paid once per
  // store, not per bed-hour: what a bed-hour costs is the size beyond an empty store with the same beds.
  const empty = new RecorderCore({ file: `${file}.empty`, projectRoot: ROOT, beds: sim.beds.map((b) => b.bedId), retentionMs: HOUR });
  empty.start(start, start);
  empty.close(start);
  const emptyDb = new Database(`${file}.empty`);
  emptyDb.pragma('wal_checkpoint(TRUNCATE)');
  emptyDb.close();
  db.close();
  const size = statSync(file).size;
  return { bytesPerBedHour: (size - statSync(`${file}.empty`).size) / (beds * hours), fileBytesPerBedHour: size / (beds * hours), blocks };
}

export interface CodecRow {
  signal: string;
  channel: WaveformChannel;
  rawBitsPerSample: number;
  candidates: Record<string, { bitsPerSample: number; usPerSample: number }>;
}

/**
 * The compressor comparison on real signals: the same delta-coded residuals
 * (zig-zag varints, 8 s blocks) through each candidate, and our actual block
 * format. Optional npm candidates are measured when installed (they are not
 * project dependencies): zstd-napi, lz4js.
 */
export function compareCodecs(signal: string, channel: WaveformChannel, steps: Int32Array): CodecRow {
  const rate = SAMPLE_RATE_HZ[channel];
  const n = Math.round(8 * rate);
  const blocks = Math.floor(steps.length / n);
  const residualBytes: Buffer[] = [];
  const floats: Float32Array[] = [];
  for (let b = 0; b < blocks; b++) {
    const k = steps.subarray(b * n, (b + 1) * n);
    residualBytes.push(varints(k));
    floats.push(Float32Array.from(k, (v) => Math.fround(v * SAMPLE_STEP[channel]) + 0));
  }
  const candidates: Record<string, (b: Buffer) => Uint8Array> = {
    'deflate-6 (node:zlib)': (b) => deflateRawSync(b, { level: 6 }),
    'deflate-9 (node:zlib)': (b) => deflateRawSync(b, { level: 9 }),
    'brotli-5 (node:zlib)': (b) => brotliCompressSync(b, { params: { [zc.BROTLI_PARAM_QUALITY]: 5, [zc.BROTLI_PARAM_SIZE_HINT]: b.length } }),
    'brotli-11 (node:zlib)': (b) => brotliCompressSync(b, { params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_LGWIN]: 16, [zc.BROTLI_PARAM_SIZE_HINT]: b.length } }),
  };
  for (const [name, load] of [
    ['zstd-3 (zstd-napi)', () => require('zstd-napi') as { compress(b: Buffer, o: object): Buffer }],
    ['zstd-19 (zstd-napi)', () => require('zstd-napi') as { compress(b: Buffer, o: object): Buffer }],
    ['lz4 (lz4js)', () => require('lz4js') as { compress(b: Buffer): Uint8Array }],
  ] as const) {
    try {
      const lib = load() as { compress(b: Buffer, o?: object): Uint8Array };
      const level = name.startsWith('zstd-3') ? 3 : 19;
      candidates[name] = name.startsWith('lz4') ? (b) => lib.compress(b) : (b) => lib.compress(b, { compressionLevel: level });
    } catch {
      // Not installed: see the README for the figures measured with it.
    }
  }
  const out: CodecRow = { signal, channel, rawBitsPerSample: 16, candidates: {} };
  for (const [name, compress] of Object.entries(candidates)) {
    let bytes = 0;
    const t = process.cpuUsage();
    for (const r of residualBytes) bytes += compress(r).length;
    const cpu = process.cpuUsage(t);
    out.candidates[name] = { bitsPerSample: (bytes * 8) / (blocks * n), usPerSample: (cpu.user + cpu.system) / (blocks * n) };
  }
  let bytes = 0;
  const t = process.cpuUsage();
  floats.forEach((f, i) => (bytes += encodeWaveform({ bedKey: 1, channel: 0, t0: i * 8000 }, f, SAMPLE_STEP[channel], 0).length));
  const cpu = process.cpuUsage(t);
  out.candidates['our block (best of 4 predictors, deflate-6 default or filtered, header, CRC)'] = { bitsPerSample: (bytes * 8) / (blocks * n), usPerSample: (cpu.user + cpu.system) / (blocks * n) };
  return out;
}

/** First-order residuals through the codec's own varint serialisation (without its per-block predictor choice). */
function varints(k: Int32Array): Buffer {
  const residuals = Float64Array.from(k, (v, i) => v - (i > 0 ? k[i - 1]! : 0));
  return Buffer.from(residualVarints(residuals));
}
