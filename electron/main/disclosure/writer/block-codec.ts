import { constants as zc, deflateRawSync, inflateRawSync } from 'node:zlib';
import { crc32 } from './crc32';

/**
 * One stored block: ~8 s of one channel of one bed, or of its numerics.
 *
 *   u32 crc32    over the block's key (bed, channel, t0) and every byte after this field
 *   u8  version  (2)
 *   u8  encoding (see BlockEncoding)
 *   u8  flags    (BLOCK_FLAG_*)
 *   u32 count    samples (or numerics entries)
 *   …   payload  deflate-raw of the encoding's bytes
 *
 * Little-endian. The checksum covers the key too, so a block moved to
 * another bed or time (by a bug or an attacker with the file) is caught as
 * surely as a flipped bit. Integer encodings are multiples of the channel's
 * ADC step (shared/disclosure/sample-steps.ts), which the key's channel names.
 *
 * Waveforms are delta coded: integer step counts, the best of four
 * predictors for this block (previous sample; linear extrapolation; half
 * way between them; or a 4th-order linear predictor of the first
 * differences with its coefficients in the block, as FLAC does), residuals
 * zig-zag mapped and written as LEB128 varints, then deflated. Samples that
 * are not exact multiples of the step (a source with another resolution)
 * are stored as the XOR of successive float32 bit patterns: lossless for any
 * float, just larger. Why deflate (node:zlib) and not zstd, lz4 or brotli:
 * test/bench/full-disclosure/README.md (measured on PhysioNet records).
 */
export const BLOCK_VERSION = 2;
export const BLOCK_HEADER_BYTES = 11;

export const BlockEncoding = {
  /** Integer steps, residual after the previous sample. */
  delta1: 1,
  /** Integer steps, residual after 2·x[n−1] − x[n−2]. */
  delta2: 2,
  /** float32 bit patterns XOR'ed with the previous sample's. */
  floatXor: 3,
  /** Numerics entries (numerics-codec.ts). */
  numerics: 4,
  /** A trend minute's aggregates (trend-minute.ts), JSON. */
  trend: 5,
  /** Integer steps, residual after x[n−1] + ⌊(x[n−1] − x[n−2]) / 2⌋. */
  delta15: 6,
  /** Integer steps; first differences predicted by 4 coefficients (Q12) stored before the residuals. */
  lpc4: 7,
} as const;
export type BlockEncodingCode = (typeof BlockEncoding)[keyof typeof BlockEncoding];

/** The ECG was flagged lead-off for some of the block. */
export const BLOCK_FLAG_LEAD_OFF = 1;

export interface BlockKey {
  bedKey: number;
  channel: number;
  t0: number;
}

export class CorruptBlockError extends Error {
  constructor(readonly key: BlockKey, reason: string) {
    super(`corrupt block (bed ${key.bedKey}, channel ${key.channel}, t0 ${key.t0}): ${reason}`);
  }
}

/** Deflate level 6: on 8 s blocks level 9 gained nothing measurable (see the benchmark README). */
const DEFLATE_LEVEL = 6;

export function encodeWaveform(key: BlockKey, samples: Float32Array, step: number, flags: number): Buffer {
  const ints = integerSteps(samples, step);
  if (ints === null) return seal(key, BlockEncoding.floatXor, flags, samples.length, floatXorBytes(samples));
  const { encoding, payload } = bestPredictor(ints);
  return sealDeflated(key, encoding, flags, samples.length, payload);
}

/** How many samples (or entries) a stored block holds, from its header (no checksum check: for tools and tests). */
export function blockCount(blob: Uint8Array): number {
  return Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).readUInt32LE(7);
}

export interface DecodedWaveform {
  samples: Float32Array;
  flags: number;
  encoding: BlockEncodingCode;
}

/** `step`: the ADC step of the key's channel. */
export function decodeWaveform(key: BlockKey, blob: Uint8Array, step: number): DecodedWaveform {
  const { encoding, flags, count, payload } = open(key, blob);
  if (encoding === BlockEncoding.floatXor) return { samples: floatsFromXor(key, payload, count), flags, encoding };
  const ints = intsFromPayload(key, encoding, payload, count);
  const samples = new Float32Array(count);
  for (let i = 0; i < count; i++) samples[i] = ints[i]! * step;
  return { samples, flags, encoding: encoding as BlockEncodingCode };
}

/** Writes the header and payload and computes the checksum. */
export function seal(key: BlockKey, encoding: BlockEncodingCode, flags: number, count: number, raw: Uint8Array): Buffer {
  return sealDeflated(key, encoding, flags, count, deflateRawSync(raw, { level: DEFLATE_LEVEL }));
}

function sealDeflated(key: BlockKey, encoding: BlockEncodingCode, flags: number, count: number, payload: Uint8Array): Buffer {
  const blob = Buffer.allocUnsafe(BLOCK_HEADER_BYTES + payload.length);
  blob.writeUInt8(BLOCK_VERSION, 4);
  blob.writeUInt8(encoding, 5);
  blob.writeUInt8(flags, 6);
  blob.writeUInt32LE(count, 7);
  blob.set(payload, BLOCK_HEADER_BYTES);
  blob.writeUInt32LE(checksum(key, blob), 0);
  return blob;
}

/** Checks the checksum and header; throws CorruptBlockError, never anything else. */
export function open(key: BlockKey, blob: Uint8Array): { encoding: number; flags: number; count: number; payload: Buffer } {
  if (blob.length < BLOCK_HEADER_BYTES) throw new CorruptBlockError(key, `${blob.length} bytes is shorter than a header`);
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.readUInt32LE(0) !== checksum(key, buf)) throw new CorruptBlockError(key, 'checksum mismatch');
  const version = buf.readUInt8(4);
  if (version !== BLOCK_VERSION) throw new CorruptBlockError(key, `unknown block version ${version}`);
  const count = buf.readUInt32LE(7);
  if (count > 1_000_000) throw new CorruptBlockError(key, `implausible count ${count}`);
  let payload: Buffer;
  try {
    payload = inflateRawSync(buf.subarray(BLOCK_HEADER_BYTES), { maxOutputLength: count * 10 + 64 });
  } catch (error) {
    throw new CorruptBlockError(key, `payload does not inflate (${(error as Error).message})`);
  }
  return { encoding: buf.readUInt8(5), flags: buf.readUInt8(6), count, payload };
}

function checksum(key: BlockKey, blob: Uint8Array): number {
  const keyBytes = Buffer.allocUnsafe(13);
  keyBytes.writeUInt32LE(key.bedKey >>> 0, 0);
  keyBytes.writeUInt8(key.channel, 4);
  keyBytes.writeDoubleLE(key.t0, 5);
  return crc32(blob.subarray(4), crc32(keyBytes));
}

function integerSteps(samples: Float32Array, step: number): Int32Array | null {
  if (!(step > 0)) return null;
  const ints = new Int32Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    const k = Math.round(v / step);
    // Exact in float32, and small enough that residuals stay within 32 bits.
    if (Math.fround(k * step) !== v || !(Math.abs(k) <= 0x3fffffff) || Object.is(v, -0)) return null;
    ints[i] = k;
  }
  return ints;
}

const LPC_ORDER = 4;
const LPC_SHIFT = 12;

/**
 * The predictor whose block deflates smallest, then the better of two
 * deflate strategies for it. Each candidate is compressed (deflate costs
 * ~0.05 µs a sample here, so five are cheap next to the 5 % budget); the
 * sum of residual magnitudes was tried as a stand-in and chose wrongly on
 * real pleth (5.7 instead of 4.5 bits a sample).
 */
function bestPredictor(ints: Int32Array): { encoding: BlockEncodingCode; payload: Uint8Array } {
  const candidates: Array<{ encoding: BlockEncodingCode; coefficients: number[] }> = [
    { encoding: BlockEncoding.delta1, coefficients: [] },
    { encoding: BlockEncoding.delta2, coefficients: [] },
    { encoding: BlockEncoding.delta15, coefficients: [] },
  ];
  const lpc = lpcCoefficients(ints);
  if (lpc) candidates.push({ encoding: BlockEncoding.lpc4, coefficients: lpc });
  let best: { encoding: BlockEncodingCode; raw: Uint8Array; payload: Uint8Array } | null = null;
  for (const c of candidates) {
    const prefix = c.encoding === BlockEncoding.lpc4 ? coefficientBytes(c.coefficients) : new Uint8Array(0);
    const raw = concat(prefix, residualVarints(residualsOf(ints, c.encoding, c.coefficients)));
    const payload = deflateRawSync(raw, { level: DEFLATE_LEVEL });
    if (!best || payload.length < best.payload.length) best = { encoding: c.encoding, raw, payload };
  }
  // Z_FILTERED (fewer, longer matches) suits noisy ECG residuals, the default suits smooth pleth: the smaller wins.
  const filtered = deflateRawSync(best!.raw, { level: DEFLATE_LEVEL, strategy: zc.Z_FILTERED });
  return { encoding: best!.encoding, payload: filtered.length < best!.payload.length ? filtered : best!.payload };
}

/** x[n] predicted from earlier samples; every step is integer arithmetic, so decoding repeats it exactly. */
function predict(x: ArrayLike<number>, i: number, encoding: number, coefficients: readonly number[]): number {
  if (i === 0) return 0;
  const x1 = x[i - 1]!;
  if (i === 1 || encoding === BlockEncoding.delta1) return x1;
  const x2 = x[i - 2]!;
  if (encoding === BlockEncoding.delta2) return 2 * x1 - x2;
  if (encoding === BlockEncoding.delta15) return x1 + Math.floor((x1 - x2) / 2);
  // lpc4: the next first difference from the previous ones.
  let p = 0;
  for (let j = 0; j < LPC_ORDER; j++) {
    const at = i - 1 - j;
    if (at >= 1) p += coefficients[j]! * (x[at]! - x[at - 1]!);
  }
  return x1 + Math.floor((p + (1 << (LPC_SHIFT - 1))) / (1 << LPC_SHIFT));
}

function residualsOf(ints: Int32Array, encoding: number, coefficients: readonly number[]): Float64Array {
  const out = new Float64Array(ints.length);
  for (let i = 0; i < ints.length; i++) out[i] = ints[i]! - predict(ints, i, encoding, coefficients);
  return out;
}

/** Levinson-Durbin on the block's first differences; Q12 coefficients, or null when the block is flat. */
function lpcCoefficients(ints: Int32Array): number[] | null {
  const n = ints.length;
  if (n < 3 * LPC_ORDER) return null;
  const ac = new Array<number>(LPC_ORDER + 1).fill(0);
  for (let lag = 0; lag <= LPC_ORDER; lag++) {
    for (let i = 1 + lag; i < n; i++) ac[lag]! += (ints[i]! - ints[i - 1]!) * (ints[i - lag]! - ints[i - lag - 1]!);
  }
  if (!(ac[0]! > 0)) return null;
  let a = new Array<number>(LPC_ORDER + 1).fill(0);
  let error = ac[0]! * (1 + 1e-9);
  for (let i = 1; i <= LPC_ORDER; i++) {
    let acc = ac[i]!;
    for (let j = 1; j < i; j++) acc -= a[j]! * ac[i - j]!;
    const k = acc / error;
    const next = a.slice();
    next[i] = k;
    for (let j = 1; j < i; j++) next[j] = a[j]! - k * a[i - j]!;
    a = next;
    error *= 1 - k * k;
  }
  const q = a.slice(1).map((c) => Math.round(c * (1 << LPC_SHIFT)));
  return q.every((c) => Math.abs(c) < 32_768) ? q : null;
}

function coefficientBytes(coefficients: readonly number[]): Uint8Array {
  const out = Buffer.alloc(2 * LPC_ORDER);
  coefficients.forEach((c, j) => out.writeInt16LE(c, 2 * j));
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** Residuals as zig-zag LEB128 varints (exported for the benchmark's codec comparison). */
export function residualVarints(residuals: Float64Array): Uint8Array {
  const out = new Uint8Array(residuals.length * 6 + 6);
  let o = 0;
  for (const r of residuals) {
    // Zig-zag as a double: residuals of 31-bit values may need 32 bits plus sign.
    let z = r >= 0 ? 2 * r : -2 * r - 1;
    while (z >= 0x80) {
      out[o++] = (z % 0x80) | 0x80;
      z = Math.floor(z / 0x80);
    }
    out[o++] = z;
  }
  return out.subarray(0, o);
}

function intsFromPayload(key: BlockKey, encoding: number, payload: Uint8Array, count: number): Int32Array {
  const known: number[] = [BlockEncoding.delta1, BlockEncoding.delta2, BlockEncoding.delta15, BlockEncoding.lpc4];
  if (!known.includes(encoding)) throw new CorruptBlockError(key, `encoding ${encoding} is not a waveform`);
  let p = 0;
  const coefficients: number[] = [];
  if (encoding === BlockEncoding.lpc4) {
    if (payload.length < 2 * LPC_ORDER) throw new CorruptBlockError(key, 'predictor coefficients truncated');
    const view = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    for (let j = 0; j < LPC_ORDER; j++) coefficients.push(view.readInt16LE(2 * j));
    p = 2 * LPC_ORDER;
  }
  const ints = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let z = 0;
    let scale = 1;
    for (;;) {
      if (p >= payload.length) throw new CorruptBlockError(key, `payload ends after ${i} of ${count} samples`);
      const b = payload[p++]!;
      z += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 42) throw new CorruptBlockError(key, 'varint too long');
    }
    const r = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    const value = predict(ints, i, encoding, coefficients) + r;
    if (!(Math.abs(value) <= 0x3fffffff)) throw new CorruptBlockError(key, 'sample out of range');
    ints[i] = value;
  }
  if (p !== payload.length) throw new CorruptBlockError(key, 'trailing bytes after the last sample');
  return ints;
}

function floatXorBytes(samples: Float32Array): Uint8Array {
  const bits = new Uint32Array(samples.buffer.slice(samples.byteOffset, samples.byteOffset + samples.byteLength));
  const out = new Uint32Array(bits.length);
  let previous = 0;
  for (let i = 0; i < bits.length; i++) {
    out[i] = (bits[i]! ^ previous) >>> 0;
    previous = bits[i]!;
  }
  return new Uint8Array(out.buffer);
}

function floatsFromXor(key: BlockKey, payload: Uint8Array, count: number): Float32Array {
  if (payload.length !== count * 4) throw new CorruptBlockError(key, `float payload of ${payload.length} bytes for ${count} samples`);
  const xor = new Uint32Array(payload.buffer.slice(payload.byteOffset, payload.byteOffset + payload.byteLength));
  const bits = new Uint32Array(count);
  let previous = 0;
  for (let i = 0; i < count; i++) {
    previous = (xor[i]! ^ previous) >>> 0;
    bits[i] = previous;
  }
  return new Float32Array(bits.buffer);
}
