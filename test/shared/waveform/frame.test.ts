import { describe, expect, it } from 'vitest';
import { decodeWaveformFrame, encodeWaveformFrame, SEGMENT_FLAG_LEAD_OFF, WaveformFrameError } from '../../../shared/waveform/frame';

const segments = [
  { bedIndex: 0, channel: 'ecg' as const, flags: 0, firstSampleAt: 1_700_000_000_123.5, samples: Float32Array.from([0.1, -0.2, 1.2]) },
  { bedIndex: 63, channel: 'resp' as const, flags: SEGMENT_FLAG_LEAD_OFF, firstSampleAt: 42, samples: new Float32Array(0) },
  { bedIndex: 7, channel: 'pleth' as const, flags: 0, firstSampleAt: 43, samples: Float32Array.from([0.5, 0.6]) },
];

describe('waveform frame', () => {
  it('round-trips every field', () => {
    const decoded = decodeWaveformFrame(encodeWaveformFrame(segments));
    expect(decoded.map((s) => ({ ...s, samples: [...s.samples] }))).toEqual(segments.map((s) => ({ ...s, samples: [...s.samples] })));
  });

  it('is compact: 4 bytes a sample plus 16 a segment', () => {
    expect(encodeWaveformFrame(segments).byteLength).toBe(8 + 3 * 16 + 5 * 4);
  });

  it('rejects malformed frames with a reason instead of misreading them', () => {
    const good = encodeWaveformFrame(segments);
    const cases: Array<[ArrayBuffer, RegExp]> = [
      [new ArrayBuffer(3), /shorter than header/],
      [good.slice(0, good.byteLength - 4), /truncated/],
      [concat(good, new ArrayBuffer(4)), /trailing bytes/],
      [patch(good, (v) => v.setUint32(0, 0xdeadbeef, true)), /bad magic/],
      [patch(good, (v) => v.setUint16(4, 9, true)), /unsupported version/],
      [patch(good, (v) => v.setUint8(8 + 2, 7)), /unknown channel/],
      [patch(good, (v) => v.setUint32(8 + 4, 1e9, true)), /too many samples/],
    ];
    for (const [frame, reason] of cases) {
      expect(() => decodeWaveformFrame(frame)).toThrow(WaveformFrameError);
      expect(() => decodeWaveformFrame(frame)).toThrow(reason);
    }
  });
});

function patch(buffer: ArrayBuffer, edit: (view: DataView) => void): ArrayBuffer {
  const copy = buffer.slice(0);
  edit(new DataView(copy));
  return copy;
}

function concat(a: ArrayBuffer, b: ArrayBuffer): ArrayBuffer {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(new Uint8Array(a), 0);
  out.set(new Uint8Array(b), a.byteLength);
  return out.buffer;
}
