import { NUMERIC_KINDS, type NumericKind } from '../../../../shared/domain/numeric';
import { BlockEncoding, CorruptBlockError, open, seal, type BlockKey } from './block-codec';

/**
 * A block of numerics: every value a bed reported in the block's window, at
 * its own measurement time, losslessly. Entries are grouped by kind, times
 * and tenths-of-a-unit values delta coded per kind (1 Hz numerics barely
 * change), then deflated like the waveforms. A value that is not a whole
 * number of tenths is stored as a float64; `null` (the device says the
 * parameter is invalid, e.g. HR with the ECG lead off) is stored as such.
 */
export interface NumericEntry {
  kind: NumericKind;
  /** Measurement time, epoch ms (the source's clock). */
  at: number;
  value: number | null;
}

const KIND_CODE = new Map<NumericKind, number>(NUMERIC_KINDS.map((k, i) => [k, i]));
const TAG_NULL = 0;
const TAG_TENTHS = 1;
const TAG_FLOAT = 2;

export function encodeNumerics(key: BlockKey, entries: readonly NumericEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => KIND_CODE.get(a.kind)! - KIND_CODE.get(b.kind)! || a.at - b.at);
  const out = new Writer();
  let kind = -1;
  let lastAt = key.t0;
  let lastTenths = 0;
  for (const e of sorted) {
    const code = KIND_CODE.get(e.kind)!;
    if (code !== kind) {
      kind = code;
      lastAt = key.t0;
      lastTenths = 0;
    }
    out.byte(code);
    out.float(e.at - lastAt);
    lastAt = e.at;
    const tenths = e.value === null ? null : Math.round(e.value * 10);
    if (e.value === null) out.byte(TAG_NULL);
    else if (tenths !== null && tenths / 10 === e.value && Math.abs(tenths) < 2 ** 40) {
      out.byte(TAG_TENTHS);
      out.signed(tenths - lastTenths);
      lastTenths = tenths;
    } else {
      out.byte(TAG_FLOAT);
      out.double(e.value);
    }
  }
  return seal(key, BlockEncoding.numerics, 0, sorted.length, 0, out.bytes());
}

export function decodeNumerics(key: BlockKey, blob: Uint8Array): NumericEntry[] {
  const { encoding, count, payload } = open(key, blob);
  if (encoding !== BlockEncoding.numerics) throw new CorruptBlockError(key, `encoding ${encoding} is not numerics`);
  const r = new Reader(key, payload);
  const entries: NumericEntry[] = [];
  let kind = -1;
  let lastAt = key.t0;
  let lastTenths = 0;
  for (let i = 0; i < count; i++) {
    const code = r.byte();
    const name = NUMERIC_KINDS[code];
    if (name === undefined) throw new CorruptBlockError(key, `unknown numeric kind ${code}`);
    if (code !== kind) {
      kind = code;
      lastAt = key.t0;
      lastTenths = 0;
    }
    lastAt += r.float();
    const tag = r.byte();
    let value: number | null;
    if (tag === TAG_NULL) value = null;
    else if (tag === TAG_TENTHS) {
      lastTenths += r.signed();
      value = lastTenths / 10;
    } else if (tag === TAG_FLOAT) value = r.double();
    else throw new CorruptBlockError(key, `unknown value tag ${tag}`);
    entries.push({ kind: name, at: lastAt, value });
  }
  if (!r.done()) throw new CorruptBlockError(key, 'trailing bytes after the last numeric');
  return entries;
}

class Writer {
  private buf = Buffer.alloc(256);
  private o = 0;

  private room(n: number): void {
    if (this.o + n <= this.buf.length) return;
    const bigger = Buffer.alloc(Math.max(this.buf.length * 2, this.o + n));
    this.buf.copy(bigger, 0, 0, this.o);
    this.buf = bigger;
  }

  byte(b: number): void {
    this.room(1);
    this.buf[this.o++] = b;
  }

  /** Zig-zag varint of an integer up to ±2^50. */
  signed(v: number): void {
    let z = v >= 0 ? 2 * v : -2 * v - 1;
    this.room(8);
    while (z >= 0x80) {
      this.buf[this.o++] = (z % 0x80) | 0x80;
      z = Math.floor(z / 0x80);
    }
    this.buf[this.o++] = z;
  }

  /** A time difference: integer ms as a varint (the usual case), anything else as a tagged double. */
  float(v: number): void {
    if (Number.isInteger(v) && Math.abs(v) < 2 ** 48) {
      this.signed(v * 2);
    } else {
      this.signed(1);
      this.double(v);
    }
  }

  double(v: number): void {
    this.room(8);
    this.buf.writeDoubleLE(v, this.o);
    this.o += 8;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.o);
  }
}

class Reader {
  private p = 0;
  constructor(
    private readonly key: BlockKey,
    private readonly buf: Buffer,
  ) {}

  byte(): number {
    if (this.p >= this.buf.length) throw new CorruptBlockError(this.key, 'numerics payload truncated');
    return this.buf[this.p++]!;
  }

  signed(): number {
    let z = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      z += (b & 0x7f) * scale;
      if (b < 0x80) break;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new CorruptBlockError(this.key, 'varint too long');
    }
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  float(): number {
    const tagged = this.signed();
    if (tagged === 1) return this.double();
    if (tagged % 2 !== 0) throw new CorruptBlockError(this.key, 'bad time tag');
    return tagged / 2;
  }

  double(): number {
    if (this.p + 8 > this.buf.length) throw new CorruptBlockError(this.key, 'numerics payload truncated');
    const v = this.buf.readDoubleLE(this.p);
    this.p += 8;
    return v;
  }

  done(): boolean {
    return this.p === this.buf.length;
  }
}
