import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { crc32 } from './crc32';

/**
 * One stored block: ~8 s of one channel of one bed, or of its numerics.
 *
 *   u32 crc32    over the block's key (bed, channel, t0) and every byte after this field
 *   u8  version  (1)
 *   u8  encoding (see BlockEncoding)
 *   u16 flags    (BLOCK_FLAG_*)
 *   u32 count    samples (or numerics entries)
 *   f64 step     waveform step the integers are multiples of (0 for float and numerics blocks)
 *   …   payload  deflate-raw of the encoding's bytes
 *
 * Little-endian. The checksum covers the key too, so a block moved to
 * another bed or time (by a bug or an attacker with the file) is caught as
 * surely as a flipped bit.
 *
 * Waveforms are delta coded: integer step counts, a first- or second-order
 * prediction (whichever leaves smaller residuals in this block), residuals
 * zig-zag mapped and written as LEB128 varints, then deflated. Samples that
 * are not exact multiples of the step (a source with another resolution)
 * are stored as the XOR of successive float32 bit patterns: lossless for any
 * float, just larger. Why deflate (node:zlib) and not zstd, lz4 or brotli:
 * test/bench/full-disclosure/README.md (measured on PhysioNet records).
 */
export const BLOCK_VERSION = 1;
export const BLOCK_HEADER_BYTES = 20;

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
  if (ints === null) return seal(key, BlockEncoding.floatXor, flags, samples.length, 0, floatXorBytes(samples));
  const order = cheaperOrder(ints);
  return seal(key, order === 1 ? BlockEncoding.delta1 : BlockEncoding.delta2, flags, samples.length, step, residualVarints(ints, order));
}

export interface DecodedWaveform {
  samples: Float32Array;
  flags: number;
  step: number;
  encoding: BlockEncodingCode;
}

export function decodeWaveform(key: BlockKey, blob: Uint8Array): DecodedWaveform {
  const { encoding, flags, count, step, payload } = open(key, blob);
  if (encoding === BlockEncoding.floatXor) return { samples: floatsFromXor(key, payload, count), flags, step, encoding };
  if (encoding !== BlockEncoding.delta1 && encoding !== BlockEncoding.delta2) throw new CorruptBlockError(key, `encoding ${encoding} is not a waveform`);
  const ints = intsFromVarints(key, payload, count, encoding === BlockEncoding.delta1 ? 1 : 2);
  const samples = new Float32Array(count);
  for (let i = 0; i < count; i++) samples[i] = ints[i]! * step;
  return { samples, flags, step, encoding };
}

/** Writes the header and payload and computes the checksum. */
export function seal(key: BlockKey, encoding: BlockEncodingCode, flags: number, count: number, step: number, raw: Uint8Array): Buffer {
  const payload = deflateRawSync(raw, { level: DEFLATE_LEVEL });
  const blob = Buffer.allocUnsafe(BLOCK_HEADER_BYTES + payload.length);
  blob.writeUInt8(BLOCK_VERSION, 4);
  blob.writeUInt8(encoding, 5);
  blob.writeUInt16LE(flags, 6);
  blob.writeUInt32LE(count, 8);
  blob.writeDoubleLE(step, 12);
  payload.copy(blob, BLOCK_HEADER_BYTES);
  blob.writeUInt32LE(checksum(key, blob), 0);
  return blob;
}

/** Checks the checksum and header; throws CorruptBlockError, never anything else. */
export function open(key: BlockKey, blob: Uint8Array): { encoding: number; flags: number; count: number; step: number; payload: Buffer } {
  if (blob.length < BLOCK_HEADER_BYTES) throw new CorruptBlockError(key, `${blob.length} bytes is shorter than a header`);
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.readUInt32LE(0) !== checksum(key, buf)) throw new CorruptBlockError(key, 'checksum mismatch');
  const version = buf.readUInt8(4);
  if (version !== BLOCK_VERSION) throw new CorruptBlockError(key, `unknown block version ${version}`);
  const count = buf.readUInt32LE(8);
  if (count > 1_000_000) throw new CorruptBlockError(key, `implausible count ${count}`);
  let payload: Buffer;
  try {
    payload = inflateRawSync(buf.subarray(BLOCK_HEADER_BYTES), { maxOutputLength: count * 10 + 64 });
  } catch (error) {
    throw new CorruptBlockError(key, `payload does not inflate (${(error as Error).message})`);
  }
  return { encoding: buf.readUInt8(5), flags: buf.readUInt16LE(6), count, step: buf.readDoubleLE(12), payload };
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

/** The predictor with the smaller sum of absolute residuals (a cheap stand-in for the compressed size). */
function cheaperOrder(ints: Int32Array): 1 | 2 {
  let first = 0;
  let second = 0;
  for (let i = 2; i < ints.length; i++) {
    const d1 = ints[i]! - ints[i - 1]!;
    first += Math.abs(d1);
    second += Math.abs(d1 - (ints[i - 1]! - ints[i - 2]!));
  }
  return second < first ? 2 : 1;
}

function prediction(ints: Int32Array, i: number, order: 1 | 2): number {
  if (i === 0) return 0;
  if (i === 1 || order === 1) return ints[i - 1]!;
  return 2 * ints[i - 1]! - ints[i - 2]!;
}

function residualVarints(ints: Int32Array, order: 1 | 2): Uint8Array {
  const out = new Uint8Array(ints.length * 5 + 5);
  let o = 0;
  for (let i = 0; i < ints.length; i++) {
    const r = ints[i]! - prediction(ints, i, order);
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

function intsFromVarints(key: BlockKey, bytes: Uint8Array, count: number, order: 1 | 2): Int32Array {
  const ints = new Int32Array(count);
  let p = 0;
  for (let i = 0; i < count; i++) {
    let z = 0;
    let scale = 1;
    for (;;) {
      if (p >= bytes.length) throw new CorruptBlockError(key, `payload ends after ${i} of ${count} samples`);
      const b = bytes[p++]!;
      z += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 35) throw new CorruptBlockError(key, 'varint too long');
    }
    const r = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
    const value = prediction(ints, i, order) + r;
    if (!(Math.abs(value) <= 0x3fffffff)) throw new CorruptBlockError(key, 'sample out of range');
    ints[i] = value;
  }
  if (p !== bytes.length) throw new CorruptBlockError(key, 'trailing bytes after the last sample');
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
