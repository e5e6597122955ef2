import { describe, expect, it } from 'vitest';
import { SEGMENT_FLAG_LEAD_OFF, encodeWaveformFrame } from '../../../shared/waveform/frame';
import { WaveformBuffers } from '../../../renderer/src/waveform/waveform-buffers';

const T0 = 1_700_000_004_000;
const samples = (n: number, v = 0.5) => new Float32Array(n).fill(v);

describe('WaveformBuffers', () => {
  it('routes each segment of a frame to its bed and channel', () => {
    let clock = 100;
    const buffers = new WaveformBuffers({ receiveClock: () => clock });
    buffers.ingestFrame(
      encodeWaveformFrame([
        { bedIndex: 0, channel: 'ecg', flags: 0, firstSampleAt: T0, samples: samples(10, 1) },
        { bedIndex: 0, channel: 'pleth', flags: 0, firstSampleAt: T0, samples: samples(5, 2) },
        { bedIndex: 7, channel: 'resp', flags: 0, firstSampleAt: T0 + 8, samples: samples(3, 3) },
      ]),
    );
    expect(buffers.rejectedFrames).toBe(0);
    expect(buffers.ring(0, 'ecg')?.size).toBe(10);
    expect(buffers.ring(0, 'ecg')?.valueAt(0)).toBe(1);
    expect(buffers.ring(0, 'pleth')?.size).toBe(5);
    expect(buffers.ring(0, 'pleth')?.periodMs).toBe(8);
    expect(buffers.ring(0, 'resp')).toBeUndefined();
    expect(buffers.ring(7, 'resp')?.valueAt(0)).toBe(3);
    expect(buffers.ring(7, 'resp')?.timeAt(1)).toBe(T0 + 8 + 16);
    expect(buffers.ring(1, 'ecg')).toBeUndefined();
    expect(buffers.lastSampleReceivedAt(0)).toBe(100);
    expect(buffers.lastSampleReceivedAt(7)).toBe(100);
    expect(buffers.lastSampleReceivedAt(1)).toBeNull();

    clock = 140;
    buffers.ingestFrame(encodeWaveformFrame([{ bedIndex: 0, channel: 'ecg', flags: 0, firstSampleAt: T0 + 40, samples: samples(10) }]));
    expect(buffers.ring(0, 'ecg')?.size).toBe(20);
    expect(buffers.lastSampleReceivedAt(0)).toBe(140);
    expect(buffers.lastSampleReceivedAt(7)).toBe(100);
  });

  it('counts and drops malformed frames without throwing', () => {
    const buffers = new WaveformBuffers();
    const good = encodeWaveformFrame([{ bedIndex: 2, channel: 'ecg', flags: 0, firstSampleAt: T0, samples: samples(10) }]);
    expect(() => buffers.ingestFrame(new ArrayBuffer(3))).not.toThrow();
    expect(() => buffers.ingestFrame(good.slice(0, good.byteLength - 4))).not.toThrow(); // truncated
    const badMagic = good.slice(0);
    new DataView(badMagic).setUint32(0, 0xdeadbeef, true);
    buffers.ingestFrame(badMagic);
    // Decodes, but names a bed no unit can have: the whole frame goes.
    buffers.ingestFrame(
      encodeWaveformFrame([
        { bedIndex: 1, channel: 'ecg', flags: 0, firstSampleAt: T0, samples: samples(10) },
        { bedIndex: 9999, channel: 'ecg', flags: 0, firstSampleAt: T0, samples: samples(10) },
      ]),
    );
    buffers.ingestFrame(encodeWaveformFrame([{ bedIndex: 1, channel: 'ecg', flags: 0, firstSampleAt: Number.NaN, samples: samples(10) }]));
    buffers.ingestFrame(undefined as unknown as ArrayBuffer);
    expect(buffers.rejectedFrames).toBe(6);
    expect(buffers.ring(1, 'ecg')).toBeUndefined();
    expect(buffers.lastSampleReceivedAt(1)).toBeNull();
    buffers.ingestFrame(good);
    expect(buffers.rejectedFrames).toBe(6);
    expect(buffers.ring(2, 'ecg')?.size).toBe(10);
  });

  it('tracks lead-off from the ECG segments', () => {
    const buffers = new WaveformBuffers();
    const frame = (flags: number, channel: 'ecg' | 'pleth', at: number) =>
      encodeWaveformFrame([{ bedIndex: 3, channel, flags, firstSampleAt: at, samples: samples(10) }]);
    expect(buffers.leadOff(3)).toBe(false);
    buffers.ingestFrame(frame(SEGMENT_FLAG_LEAD_OFF, 'ecg', T0));
    expect(buffers.leadOff(3)).toBe(true);
    expect(buffers.leadOff(4)).toBe(false);
    buffers.ingestFrame(frame(0, 'pleth', T0)); // only ECG segments speak for the leads
    expect(buffers.leadOff(3)).toBe(true);
    buffers.ingestFrame(frame(0, 'ecg', T0 + 40));
    expect(buffers.leadOff(3)).toBe(false);
  });

  it('reset forgets samples, receive times and lead-off, and bumps the generation', () => {
    const buffers = new WaveformBuffers({ receiveClock: () => 5 });
    buffers.ingestFrame(encodeWaveformFrame([{ bedIndex: 0, channel: 'ecg', flags: SEGMENT_FLAG_LEAD_OFF, firstSampleAt: T0, samples: samples(10) }]));
    const generation = buffers.generation;
    buffers.reset();
    expect(buffers.generation).toBe(generation + 1);
    expect(buffers.ring(0, 'ecg')?.size ?? 0).toBe(0);
    expect(buffers.lastSampleReceivedAt(0)).toBeNull();
    expect(buffers.leadOff(0)).toBe(false);
  });
});
