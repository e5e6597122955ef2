/**
 * MLLP (HL7 Minimal Lower Layer Protocol) framing: every message travels as
 * `0x0B <message> 0x1C 0x0D`. The decoder is a small state machine fed with
 * raw TCP chunks; it never holds more than one frame (capped at
 * `maxFrameBytes`) and recovers from every framing error at the next 0x0B:
 *
 * - bytes outside a frame are skipped and reported once per run
 *   (a lone CR or LF between frames is tolerated silently: common and harmless);
 * - a 0x0B inside a frame means the previous frame was cut off: it is dropped
 *   and the new frame starts (`nested-start`);
 * - 0x1C not followed by 0x0D still ends the frame (0x1C cannot occur in HL7
 *   text), and is reported (`end-without-cr`);
 * - a frame longer than the limit is not buffered: only its first bytes are
 *   kept, so the receiver can still name its control id in the AR;
 * - a frame still open when the connection closes is reported, not processed.
 */
export const MLLP_START = 0x0b;
export const MLLP_END = 0x1c;
export const MLLP_CR = 0x0d;
const LF = 0x0a;

export type MllpFramingIssue = 'data-outside-frame' | 'nested-start' | 'end-without-cr' | 'truncated-at-close';

export type MllpEvent =
  | { type: 'frame'; payload: Buffer }
  | { type: 'oversized'; head: Buffer; size: number }
  | { type: 'issue'; issue: MllpFramingIssue; bytes: number };

/** How much of an oversized frame is kept: enough for any sane MSH segment. */
export const OVERSIZED_HEAD_BYTES = 2048;

type State = 'outside' | 'frame' | 'oversized' | 'after-end';

export class MllpDecoder {
  private state: State = 'outside';
  private parts: Buffer[] = [];
  private size = 0;
  private held = 0;
  private junk = 0;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes currently held in memory for an unfinished frame (never more than maxFrameBytes). */
  get bufferedBytes(): number {
    return this.held;
  }

  push(chunk: Buffer, out: MllpEvent[]): void {
    let pos = 0;
    while (pos < chunk.length) {
      switch (this.state) {
        case 'outside': {
          const start = chunk.indexOf(MLLP_START, pos);
          const stop = start === -1 ? chunk.length : start;
          for (let i = pos; i < stop; i++) {
            const b = chunk[i];
            if (b !== MLLP_CR && b !== LF) this.junk++;
          }
          // Reported per chunk, so a peer sending nothing but junk is seen (and cut off) early.
          this.flushJunk(out);
          if (start === -1) return;
          this.beginFrame();
          pos = start + 1;
          break;
        }
        case 'frame':
        case 'oversized': {
          const end = chunk.indexOf(MLLP_END, pos);
          const restart = chunk.indexOf(MLLP_START, pos);
          if (restart !== -1 && (end === -1 || restart < end)) {
            this.take(chunk, pos, restart);
            out.push({ type: 'issue', issue: 'nested-start', bytes: this.size });
            this.beginFrame();
            pos = restart + 1;
            break;
          }
          if (end === -1) {
            this.take(chunk, pos, chunk.length);
            return;
          }
          this.take(chunk, pos, end);
          this.finishFrame(out);
          this.state = 'after-end';
          pos = end + 1;
          break;
        }
        case 'after-end': {
          this.state = 'outside';
          if (chunk[pos] === MLLP_CR) pos++;
          else out.push({ type: 'issue', issue: 'end-without-cr', bytes: 0 });
          break;
        }
      }
    }
  }

  /** The connection closed: whatever is half-received is reported and forgotten. */
  end(out: MllpEvent[]): void {
    this.flushJunk(out);
    if (this.state === 'frame' || this.state === 'oversized') {
      out.push({ type: 'issue', issue: 'truncated-at-close', bytes: this.size });
    }
    this.parts = [];
    this.size = 0;
    this.held = 0;
    this.state = 'outside';
  }

  private beginFrame(): void {
    this.state = 'frame';
    this.parts = [];
    this.size = 0;
    this.held = 0;
  }

  private take(chunk: Buffer, from: number, to: number): void {
    if (to <= from) return;
    const n = to - from;
    if (this.state === 'frame' && this.size + n > this.maxFrameBytes) {
      // Keep only the head; the rest is counted, not stored.
      const head = Buffer.concat([...this.parts, chunk.subarray(from, Math.min(to, from + OVERSIZED_HEAD_BYTES))]);
      this.parts = [Buffer.from(head.subarray(0, OVERSIZED_HEAD_BYTES))];
      this.held = this.parts[0]!.length;
      this.state = 'oversized';
    } else if (this.state === 'frame') {
      // Copy: the socket may reuse its buffer, and a slice would pin the whole chunk.
      this.parts.push(Buffer.from(chunk.subarray(from, to)));
      this.held += n;
    } else if (this.held < OVERSIZED_HEAD_BYTES) {
      const keep = Buffer.from(chunk.subarray(from, Math.min(to, from + OVERSIZED_HEAD_BYTES - this.held)));
      this.parts.push(keep);
      this.held += keep.length;
    }
    this.size += n;
  }

  private finishFrame(out: MllpEvent[]): void {
    const payload = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    if (this.state === 'oversized') out.push({ type: 'oversized', head: payload, size: this.size });
    else out.push({ type: 'frame', payload });
    this.parts = [];
    this.size = 0;
    this.held = 0;
  }

  private flushJunk(out: MllpEvent[]): void {
    if (this.junk > 0) out.push({ type: 'issue', issue: 'data-outside-frame', bytes: this.junk });
    this.junk = 0;
  }
}

export function encodeMllpFrame(payload: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(payload.length + 3);
  framed[0] = MLLP_START;
  payload.copy(framed, 1);
  framed[payload.length + 1] = MLLP_END;
  framed[payload.length + 2] = MLLP_CR;
  return framed;
}
