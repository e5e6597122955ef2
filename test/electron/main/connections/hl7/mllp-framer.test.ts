import { describe, expect, it } from 'vitest';
import { MllpDecoder, OVERSIZED_HEAD_BYTES, encodeMllpFrame, type MllpEvent } from '../../../../../electron/main/connections/hl7/mllp-framer';

const frame = (s: string) => encodeMllpFrame(Buffer.from(s));
const feed = (decoder: MllpDecoder, ...chunks: Buffer[]) => {
  const out: MllpEvent[] = [];
  for (const c of chunks) decoder.push(c, out);
  return out;
};
const describeEvents = (events: MllpEvent[]) =>
  events.map((e) => (e.type === 'frame' ? `frame:${e.payload.toString()}` : e.type === 'oversized' ? `oversized:${e.size}` : `issue:${e.issue}`));

describe('MLLP decoder', () => {
  it('decodes frames split anywhere across chunks, and several per chunk', () => {
    const bytes = Buffer.concat([frame('MSH|A'), frame('MSH|B'), frame('MSH|C')]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const d = new MllpDecoder(1024);
      const events = feed(d, bytes.subarray(0, cut), bytes.subarray(cut));
      expect(describeEvents(events)).toEqual(['frame:MSH|A', 'frame:MSH|B', 'frame:MSH|C']);
      expect(d.bufferedBytes).toBe(0);
    }
  });

  it('byte-at-a-time gives the same frames', () => {
    const bytes = Buffer.concat([frame('MSH|one'), frame('MSH|two')]);
    const d = new MllpDecoder(1024);
    const events = feed(d, ...[...bytes].map((b) => Buffer.from([b])));
    expect(describeEvents(events)).toEqual(['frame:MSH|one', 'frame:MSH|two']);
  });

  it('skips and reports data outside frames, tolerating stray CR/LF', () => {
    const d = new MllpDecoder(1024);
    const events = feed(d, Buffer.from('garbage'), frame('MSH|A'), Buffer.from('\r\n'), frame('MSH|B'));
    expect(describeEvents(events)).toEqual(['issue:data-outside-frame', 'frame:MSH|A', 'frame:MSH|B']);
    expect(events[0]).toMatchObject({ bytes: 7 });
  });

  it('drops a frame cut off by a new start block and resynchronises on it', () => {
    const d = new MllpDecoder(1024);
    const events = feed(d, Buffer.from('\x0bMSH|cut off'), frame('MSH|next'));
    expect(describeEvents(events)).toEqual(['issue:nested-start', 'frame:MSH|next']);
  });

  it('ends a frame at 0x1C even without the CR, and says so', () => {
    const d = new MllpDecoder(1024);
    const events = feed(d, Buffer.from('\x0bMSH|A\x1c'), frame('MSH|B'));
    expect(describeEvents(events)).toEqual(['frame:MSH|A', 'issue:end-without-cr', 'frame:MSH|B']);
  });

  it('never buffers an oversized frame: keeps only its head and resynchronises', () => {
    const d = new MllpDecoder(1024);
    const big = 'MSH|^~\\&|' + 'x'.repeat(100_000);
    const bytes = frame(big);
    const events: MllpEvent[] = [];
    for (let i = 0; i < bytes.length; i += 4096) {
      d.push(bytes.subarray(i, i + 4096), events);
      expect(d.bufferedBytes).toBeLessThanOrEqual(Math.max(1024, OVERSIZED_HEAD_BYTES));
    }
    d.push(frame('MSH|after'), events);
    expect(describeEvents(events)).toEqual([`oversized:${big.length}`, 'frame:MSH|after']);
    const oversized = events[0] as Extract<MllpEvent, { type: 'oversized' }>;
    expect(oversized.head.length).toBe(OVERSIZED_HEAD_BYTES);
    expect(oversized.head.toString('latin1', 0, 9)).toBe('MSH|^~\\&|');
  });

  it('accepts a frame of exactly the limit and refuses one byte more', () => {
    const d = new MllpDecoder(100);
    const events = feed(d, frame('M'.repeat(100)), frame('M'.repeat(101)));
    expect(describeEvents(events)).toEqual(['frame:' + 'M'.repeat(100), 'oversized:101']);
  });

  it('reports a frame still open at close', () => {
    const d = new MllpDecoder(1024);
    const events = feed(d, Buffer.from('\x0bMSH|half'));
    d.end(events);
    expect(describeEvents(events)).toEqual(['issue:truncated-at-close']);
    expect(d.bufferedBytes).toBe(0);
  });

  it('frames payloads as 0x0B … 0x1C 0x0D', () => {
    expect([...encodeMllpFrame(Buffer.from('AB'))]).toEqual([0x0b, 0x41, 0x42, 0x1c, 0x0d]);
  });
});
