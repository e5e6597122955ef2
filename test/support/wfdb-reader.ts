import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * An independent reader of PhysioNet's WFDB format, written from the
 * published specification (header(5), signal(5) and annotation(5) of the WFDB
 * Programmer's Guide), NOT from the station's writer: the export test reads
 * the station's files back through this, and this reader is itself checked
 * against what the original WFDB tools (rdsamp, rdann) print for real
 * PhysioNet records (test/support/wfdb-reader.test.ts).
 *
 * Covers what the tests need: formats 16 and 212 (with byte offsets, samples
 * per frame and skew), multi-signal files, MIT annotation files with SKIP,
 * NUM, SUB, CHN and AUX.
 */

export interface WfdbSignalSpec {
  file: string;
  format: number;
  samplesPerFrame: number;
  skew: number;
  byteOffset: number;
  gain: number;
  baseline: number;
  units: string;
  adcResolution: number;
  adcZero: number;
  initialValue: number | null;
  checksum: number | null;
  blockSize: number;
  description: string;
}

export interface WfdbHeader {
  record: string;
  signalCount: number;
  frameFrequency: number;
  frameCount: number | null;
  baseTime: string | null;
  baseDate: string | null;
  signals: WfdbSignalSpec[];
  comments: string[];
}

export const WFDB_INVALID_SAMPLE = -32768;

export function parseWfdbHeader(text: string): WfdbHeader {
  const comments: string[] = [];
  const lines: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#')) comments.push(line.slice(1).trim());
    else if (line.length > 0) lines.push(line);
  }
  const recordLine = lines[0];
  if (!recordLine) throw new Error('header has no record line');
  const fields = recordLine.split(/\s+/);
  const record = fields[0]!.split('/')[0]!;
  const signalCount = Number(fields[1]);
  // "fs[/counter[(base)]]"
  const frameFrequency = fields[2] !== undefined ? Number(fields[2].split('/')[0]) : 250;
  const frameCount = fields[3] !== undefined ? Number(fields[3]) : null;
  const signals = lines.slice(1, 1 + signalCount).map(parseSignalLine);
  if (signals.length !== signalCount) throw new Error(`header names ${signalCount} signals, has ${signals.length} signal lines`);
  return { record, signalCount, frameFrequency, frameCount, baseTime: fields[4] ?? null, baseDate: fields[5] ?? null, signals, comments };
}

function parseSignalLine(line: string): WfdbSignalSpec {
  const f = line.split(/\s+/);
  // format[xspf][:skew][+offset]
  const fmt = /^(\d+)(?:x(\d+))?(?::(\d+))?(?:\+(\d+))?$/.exec(f[1] ?? '');
  if (!fmt) throw new Error(`bad format field "${f[1]}"`);
  // gain[(baseline)][/units]
  const gainField = /^([-+\d.eE]+)?(?:\(([-\d]+)\))?(?:\/(.+))?$/.exec(f[2] ?? '');
  const adcZero = f[4] !== undefined ? Number(f[4]) : 0;
  const gain = gainField?.[1] !== undefined ? Number(gainField[1]) : 200;
  return {
    file: f[0]!,
    format: Number(fmt[1]),
    samplesPerFrame: fmt[2] ? Number(fmt[2]) : 1,
    skew: fmt[3] ? Number(fmt[3]) : 0,
    byteOffset: fmt[4] ? Number(fmt[4]) : 0,
    gain: gain === 0 ? 200 : gain,
    baseline: gainField?.[2] !== undefined ? Number(gainField[2]) : adcZero,
    units: gainField?.[3] ?? 'mV',
    adcResolution: f[3] !== undefined ? Number(f[3]) : 12,
    adcZero,
    initialValue: f[5] !== undefined ? Number(f[5]) : null,
    checksum: f[6] !== undefined ? Number(f[6]) : null,
    blockSize: f[7] !== undefined ? Number(f[7]) : 0,
    description: f.slice(8).join(' '),
  };
}

/** Every sample of every signal at its own rate (high-resolution mode), as ADC units; WFDB_INVALID_SAMPLE where the file says so. */
export interface WfdbRecord {
  header: WfdbHeader;
  samples: Int32Array[];
}

export function readWfdbRecord(headerPath: string): WfdbRecord {
  const header = parseWfdbHeader(readFileSync(headerPath, 'utf8'));
  const dir = dirname(headerPath);
  const byFile = new Map<string, number[]>();
  header.signals.forEach((s, i) => byFile.set(s.file, [...(byFile.get(s.file) ?? []), i]));
  const samples: Int32Array[] = header.signals.map(() => new Int32Array(0));
  for (const [file, indices] of byFile) {
    const specs = indices.map((i) => header.signals[i]!);
    const bytes = readFileSync(join(dir, file)).subarray(specs[0]!.byteOffset);
    const raw = decodeSignalFile(bytes, specs);
    indices.forEach((sig, k) => (samples[sig] = raw[k]!));
  }
  // Skew: the sample for frame n is stored in frame n + skew.
  header.signals.forEach((spec, i) => {
    if (spec.skew > 0) {
      const s = samples[i]!;
      samples[i] = s.subarray(spec.skew * spec.samplesPerFrame);
    }
  });
  if (header.frameCount !== null) {
    header.signals.forEach((spec, i) => (samples[i] = samples[i]!.subarray(0, Math.min(samples[i]!.length, header.frameCount! * spec.samplesPerFrame))));
  }
  return { header, samples };
}

/** One file's interleaved frames: for each frame, spf samples of each of its signals in order. */
function decodeSignalFile(bytes: Uint8Array, specs: WfdbSignalSpec[]): Int32Array[] {
  const format = specs[0]!.format;
  if (specs.some((s) => s.format !== format)) throw new Error('mixed formats in one file are not supported');
  const values = format === 16 ? decode16(bytes) : format === 212 ? decode212(bytes) : unsupported(format);
  const perFrame = specs.reduce((n, s) => n + s.samplesPerFrame, 0);
  const frames = Math.floor(values.length / perFrame);
  const out = specs.map((s) => new Int32Array(frames * s.samplesPerFrame));
  let v = 0;
  for (let f = 0; f < frames; f++) {
    specs.forEach((s, k) => {
      for (let j = 0; j < s.samplesPerFrame; j++) out[k]![f * s.samplesPerFrame + j] = values[v++]!;
    });
  }
  return out;
}

function unsupported(format: number): never {
  throw new Error(`WFDB format ${format} is not supported by this reader`);
}

/** Format 16: 16-bit two's complement, least significant byte first. */
function decode16(bytes: Uint8Array): Int32Array {
  const out = new Int32Array(bytes.length >> 1);
  for (let i = 0; i < out.length; i++) {
    const u = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
    out[i] = u >= 0x8000 ? u - 0x10000 : u;
  }
  return out;
}

/**
 * Format 212: pairs of 12-bit two's complement samples in three bytes. The
 * first sample is byte 0 plus the low nibble of byte 1 (as its high 4 bits);
 * the second is byte 2 plus the high nibble of byte 1.
 */
function decode212(bytes: Uint8Array): Int32Array {
  const pairs = Math.floor(bytes.length / 3);
  const extra = bytes.length - pairs * 3 >= 2 ? 1 : 0;
  const out = new Int32Array(pairs * 2 + extra);
  const twelve = (u: number) => (u >= 0x800 ? u - 0x1000 : u);
  for (let p = 0; p < pairs; p++) {
    const b0 = bytes[3 * p]!;
    const b1 = bytes[3 * p + 1]!;
    const b2 = bytes[3 * p + 2]!;
    out[2 * p] = twelve(b0 | ((b1 & 0x0f) << 8));
    out[2 * p + 1] = twelve(b2 | ((b1 & 0xf0) << 4));
  }
  if (extra) out[pairs * 2] = twelve(bytes[pairs * 3]! | ((bytes[pairs * 3 + 1]! & 0x0f) << 8));
  return out;
}

/** Physical value of an ADC sample (NaN for an invalid sample). */
export function toPhysical(adc: number, spec: WfdbSignalSpec): number {
  return adc === WFDB_INVALID_SAMPLE ? Number.NaN : (adc - spec.baseline) / spec.gain;
}

export interface WfdbAnnotation {
  /** Sample number (frame number for a multi-frequency record). */
  sample: number;
  code: number;
  subtype: number;
  chan: number;
  num: number;
  aux: string | null;
}

/** MIT-format annotation file: 16-bit little-endian words, type code in the top 6 bits, time interval in the low 10. */
export function readWfdbAnnotations(path: string): WfdbAnnotation[] {
  const bytes = readFileSync(path);
  const out: WfdbAnnotation[] = [];
  let time = 0;
  let chan = 0;
  let num = 0;
  let pendingSkip = 0;
  let i = 0;
  const word = () => {
    const w = bytes[i]! | (bytes[i + 1]! << 8);
    i += 2;
    return w;
  };
  while (i + 1 < bytes.length) {
    const w = word();
    const code = w >> 10;
    const interval = w & 0x3ff;
    if (w === 0) break; // end of file
    if (code === 59) {
      // SKIP: the next 4 bytes are a 32-bit interval, high 16-bit word first (PDP-11 order).
      const hi = word();
      const lo = word();
      pendingSkip += ((hi << 16) | lo) >> 0;
      continue;
    }
    const last = out[out.length - 1];
    // NUM and SUB are stored in a signed char, CHN in an unsigned char (annot.c): only the low 8 bits count.
    const signedChar = (v: number) => ((v & 0xff) << 24) >> 24;
    if (code === 60) {
      if (last) last.num = signedChar(interval);
      num = last?.num ?? num;
      continue;
    }
    if (code === 61) {
      if (last) last.subtype = signedChar(interval);
      continue;
    }
    if (code === 62) {
      if (last) last.chan = interval & 0xff;
      chan = interval & 0xff;
      continue;
    }
    if (code === 63) {
      const length = interval;
      // The count includes any NUL padding the writer added; rdann prints the text before it.
      const text = bytes.subarray(i, i + length).toString('latin1').replace(/\0+$/, '');
      i += length + (length & 1);
      if (last) last.aux = text;
      continue;
    }
    time += pendingSkip + interval;
    pendingSkip = 0;
    out.push({ sample: time, code, subtype: 0, chan, num, aux: null });
  }
  return withoutDefinitions(out);
}

/**
 * What rdann lists: not the annotation-type definitions a file may open
 * with (NOTE annotations at sample 0 between "## annotation type
 * definitions" and "## end of definitions"), nor code 0 (NOTQRS, which the
 * WFDB library does not return).
 */
function withoutDefinitions(all: WfdbAnnotation[]): WfdbAnnotation[] {
  const out: WfdbAnnotation[] = [];
  let inDefinitions = false;
  for (const a of all) {
    if (a.sample === 0 && a.code === 22 && a.aux?.startsWith('## annotation type definitions')) inDefinitions = true;
    else if (inDefinitions && a.aux?.startsWith('## end of definitions')) inDefinitions = false;
    else if (!inDefinitions && a.code !== 0) out.push(a);
  }
  return out;
}

/** The header's 16-bit checksum of each signal against the samples read (null where the header gives none). */
export function checksumMismatches(record: WfdbRecord): string[] {
  const out: string[] = [];
  record.header.signals.forEach((spec, i) => {
    if (spec.checksum === null) return;
    let sum = 0;
    for (const v of record.samples[i]!) sum = (sum + v) | 0;
    // A 16-bit checksum: writers print it signed (WFDB) or unsigned (wfdb-python); equal modulo 2^16.
    const mod = (v: number) => ((v % 65536) + 65536) % 65536;
    if (mod(sum) !== mod(spec.checksum)) out.push(`${spec.description || i}: header ${spec.checksum}, data ${sum}`);
  });
  return out;
}

/** rdsamp's low-resolution value of an oversampled signal's frame: the mean of its samples, truncated toward zero (C integer division). */
export function frameMean(samples: Int32Array, frame: number, perFrame: number): number {
  let sum = 0;
  for (let j = 0; j < perFrame; j++) sum += samples[frame * perFrame + j]!;
  return Math.trunc(sum / perFrame);
}
