import { describe, expect, it } from 'vitest';
import { SEGMENT_FLAG_LEAD_OFF, encodeWaveformFrame } from '../../../shared/waveform/frame';
import { WaveformBuffers } from '../../../renderer/src/waveform/waveform-buffers';
import { HOUR_STEPS } from '../../support/fake-clock';

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
    // On the receive clock: the newest sample (3rd, 32 ms after the first) arrived at 100.
    expect(buffers.ring(7, 'resp')?.timeAt(1)).toBe(100 - 32 + 16);
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

  describe('sample times on this view’s clock', () => {
    /** One 40 ms ECG segment per call, its sender's clock at `senderAt`, received at `receivedAt`. */
    const feed = (buffers: WaveformBuffers, clock: { now: number }) => (senderAt: number, receivedAt: number) => {
      clock.now = receivedAt;
      buffers.ingestFrame(encodeWaveformFrame([{ bedIndex: 0, channel: 'ecg', flags: 0, firstSampleAt: senderAt, samples: samples(10) }]));
    };

    it.each([
      ['an hour ahead', +3_600_000],
      ['an hour behind', -3_600_000],
    ])('a sender whose clock is %s of this view’s plays on the receive clock, as one run', (_case, skew) => {
      const clock = { now: 0 };
      const buffers = new WaveformBuffers({ receiveClock: () => clock.now });
      const send = feed(buffers, clock);
      for (let i = 0; i < 25; i++) send(T0 + skew + i * 40, 1_000 + i * 40 + 36);
      const ring = buffers.ring(0, 'ecg')!;
      expect(ring.size).toBe(250);
      expect(ring.runStartIndex(ring.endIndex - 1)).toBe(ring.startIndex);
      expect(ring.newestSampleAt).toBe(1_000 + 24 * 40 + 36);
    });

    it.each(HOUR_STEPS)('a sender whose clock is set an hour %s mid-stream neither freezes nor jumps the trace for more than 2 s', (_direction, step) => {
      const clock = { now: 0 };
      const buffers = new WaveformBuffers({ receiveClock: () => clock.now });
      const send = feed(buffers, clock);
      let senderAt = T0;
      for (let i = 0; i < 150; i++) {
        if (i === 50) senderAt += step;
        send(senderAt, 1_000 + i * 40 + 36);
        senderAt += 40;
      }
      const ring = buffers.ring(0, 'ecg')!;
      // The newest samples are where they arrived, on the receive clock.
      expect(ring.newestSampleAt).toBe(1_000 + 149 * 40 + 36);
      // At most 2 s of the stepped timeline could be held back; everything after is stored.
      expect(ring.size).toBeGreaterThanOrEqual(1500 - 500);
    });

    it('a segment that arrives late stays late: it is stored at its sender time, not at its arrival', () => {
      const clock = { now: 0 };
      const buffers = new WaveformBuffers({ receiveClock: () => clock.now });
      const send = feed(buffers, clock);
      for (let i = 0; i < 10; i++) send(T0 + i * 40, 1_000 + i * 40 + 36);
      // The next segment, 300 ms late.
      send(T0 + 400, 1_000 + 400 + 36 + 300);
      expect(buffers.ring(0, 'ecg')!.newestSampleAt).toBe(1_000 + 400 + 36);
    });
  });
});
