import { NUMERIC_KINDS, type NumericKind } from '../../../../shared/domain/numeric';
import { BlockEncoding, CorruptBlockError, open, seal, type BlockKey } from './block-codec';

/**
 * A block of numerics: every value a bed reported in the block's window, at
 * its own measurement time, losslessly. Grouped by kind (kind, count), each
 * entry is two varints: the change of its time step from the previous
 * entry's (1 Hz reports make that 0) and a value token (the change in tenths
 * of a unit, ×2; 1 = invalid, 3 = a float64 follows for a value that is not
 * a whole number of tenths), then deflated like the waveforms. `null` is
 * the device saying the parameter is invalid (e.g. HR with the lead off).
 */
export interface NumericEntry {
  kind: NumericKind;
  /** Measurement time, record time (shared/disclosure/record-time.ts). */
  at: number;
  value: number | null;
}

const KIND_CODE = new Map<NumericKind, number>(NUMERIC_KINDS.map((k, i) => [k, i]));
const TOKEN_NULL = 1;
const TOKEN_FLOAT = 3;

export function encodeNumerics(key: BlockKey, entries: readonly NumericEntry[]): Buffer {
  const byKind = new Map<number, NumericEntry[]>();
  for (const e of entries) {
    const code = KIND_CODE.get(e.kind)!;
    byKind.set(code, [...(byKind.get(code) ?? []), e]);
  }
  const out = new Writer();
  for (const [code, list] of [...byKind].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => a.at - b.at);
    out.byte(code);
    out.signed(list.length);
    let lastAt = key.t0;
    let lastStep = 0;
    let lastTenths = 0;
    for (const e of list) {
      // The change of step when it is a whole number of ms that adds back exactly; otherwise the time itself.
      const d = e.at - lastAt - lastStep;
      if (Number.isInteger(d) && Math.abs(d) < 2 ** 48 && lastAt + (lastStep + d) === e.at) out.signed(d * 2);
      else {
        out.signed(1);
        out.double(e.at);
      }
      lastStep = e.at - lastAt;
      lastAt = e.at;
      const tenths = e.value === null ? null : Math.round(e.value * 10);
      if (e.value === null) out.signed(TOKEN_NULL);
      else if (tenths !== null && tenths / 10 === e.value && Math.abs(tenths) < 2 ** 40) {
        out.signed((tenths - lastTenths) * 2);
        lastTenths = tenths;
      } else {
        out.signed(TOKEN_FLOAT);
        out.double(e.value);
      }
    }
  }
  return seal(key, BlockEncoding.numerics, 0, entries.length, out.bytes());
}

export function decodeNumerics(key: BlockKey, blob: Uint8Array): NumericEntry[] {
  const { encoding, count, payload } = open(key, blob);
  if (encoding !== BlockEncoding.numerics) throw new CorruptBlockError(key, `encoding ${encoding} is not numerics`);
  const r = new Reader(key, payload);
  const entries: NumericEntry[] = [];
  while (entries.length < count) {
    const code = r.byte();
    const kind = NUMERIC_KINDS[code];
    if (kind === undefined) throw new CorruptBlockError(key, `unknown numeric kind ${code}`);
    const n = r.signed();
    if (n < 1 || entries.length + n > count) throw new CorruptBlockError(key, `bad entry count ${n}`);
    let lastAt = key.t0;
    let lastStep = 0;
    let lastTenths = 0;
    for (let i = 0; i < n; i++) {
      const tagged = r.signed();
      let at: number;
      if (tagged === 1) at = r.double();
      else if (tagged % 2 === 0) at = lastAt + (lastStep + tagged / 2);
      else throw new CorruptBlockError(key, 'bad time token');
      lastStep = at - lastAt;
      lastAt = at;
      const token = r.signed();
      let value: number | null;
      if (token === TOKEN_NULL) value = null;
      else if (token === TOKEN_FLOAT) value = r.double();
      else if (token % 2 === 0) {
        lastTenths += token / 2;
        value = lastTenths / 10;
      } else throw new CorruptBlockError(key, `unknown value token ${token}`);
      entries.push({ kind, at: lastAt, value });
    }
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
