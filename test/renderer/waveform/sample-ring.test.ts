import { describe, expect, it } from 'vitest';
import { SampleRing } from '../../../renderer/src/waveform/sample-ring';

const T0 = 1_700_000_004_000;
const ramp = (n: number, from = 0) => Float32Array.from({ length: n }, (_, i) => from + i);

describe('SampleRing', () => {
  it('derives each sample time from its running index and the rate', () => {
    const ring = new SampleRing(250, 100);
    expect(ring.append(T0, ramp(10))).toBe(10);
    expect(ring.append(T0 + 40, ramp(10, 10))).toBe(10);
    expect(ring.startIndex).toBe(0);
    expect(ring.endIndex).toBe(20);
    expect(ring.timeAt(0)).toBe(T0);
    expect(ring.timeAt(13)).toBe(T0 + 13 * 4);
    expect(ring.valueAt(13)).toBe(13);
    expect(ring.newestSampleAt).toBe(T0 + 19 * 4);
    expect(ring.runStartIndex(19)).toBe(0);
    expect(ring.firstIndexAfter(T0 + 40)).toBe(11);
    expect(ring.firstIndexAfter(T0 - 1)).toBe(0);
    expect(ring.firstIndexAfter(T0 + 1000)).toBe(20);
  });

  it('tolerates timestamp jitter within a run', () => {
    const ring = new SampleRing(250, 100);
    ring.append(T0, ramp(10));
    ring.append(T0 + 40 + 1.5, ramp(10, 10)); // 1.5 ms late: same run, nothing dropped
    ring.append(T0 + 80 - 1.5, ramp(10, 20)); // 1.5 ms early: same run, nothing dropped
    expect(ring.size).toBe(30);
    expect(ring.runStartIndex(29)).toBe(0);
    expect(ring.timeAt(29)).toBe(T0 + 29 * 4);
  });

  it('starts a new run when a segment jumps forward by more than ~2 sample periods', () => {
    const ring = new SampleRing(250, 100);
    ring.append(T0, ramp(10)); // newest at T0+36
    ring.append(T0 + 500, ramp(10, 100));
    expect(ring.runStartIndex(9)).toBe(0);
    expect(ring.runStartIndex(10)).toBe(10);
    expect(ring.runStartIndex(15)).toBe(10);
    expect(ring.timeAt(10)).toBe(T0 + 500);
    expect(ring.timeAt(15)).toBe(T0 + 520);
    expect(ring.firstIndexAfter(T0 + 200)).toBe(10);
    // One missing sample (a jump of 2 periods) is bridged; four missing are not.
    ring.append(T0 + 540 + 4, ramp(1));
    expect(ring.runStartIndex(20)).toBe(10);
    ring.append(T0 + 544 + 16, ramp(1));
    expect(ring.runStartIndex(21)).toBe(21);
  });

  it('ignores duplicates and samples older than what is stored', () => {
    const ring = new SampleRing(250, 100);
    ring.append(T0, ramp(10));
    expect(ring.append(T0, ramp(10, 50))).toBe(0); // exact re-send
    expect(ring.append(T0 - 400, ramp(10, 50))).toBe(0); // entirely older
    expect(ring.append(T0 + 20, ramp(10, 5))).toBe(5); // overlaps 5, adds 5
    expect(ring.size).toBe(15);
    expect(Array.from({ length: 15 }, (_, i) => ring.valueAt(i))).toEqual(Array.from(ramp(15)));
    expect(ring.timeAt(14)).toBe(T0 + 56);
    expect(ring.append(Number.NaN, ramp(3))).toBe(0);
  });

  it('wraps at capacity, keeping the newest samples and their times', () => {
    const ring = new SampleRing(125, 16);
    for (let k = 0; k < 5; k++) ring.append(T0 + k * 80, ramp(10, k * 10));
    expect(ring.endIndex).toBe(50);
    expect(ring.startIndex).toBe(34);
    expect(ring.size).toBe(16);
    expect(ring.valueAt(34)).toBe(34);
    expect(ring.valueAt(49)).toBe(49);
    expect(ring.timeAt(34)).toBe(T0 + 34 * 8);
    expect(ring.firstIndexAfter(0)).toBe(34);
    // A single segment longer than the ring keeps only its tail.
    ring.append(T0 + 400, ramp(40, 100));
    expect(ring.startIndex).toBe(74);
    expect(ring.valueAt(74)).toBe(124);
    expect(ring.timeAt(89)).toBe(T0 + 400 + 39 * 8);
  });

  it('drops runs that have been overwritten and keeps time mapping of survivors', () => {
    const ring = new SampleRing(62.5, 8);
    ring.append(T0, ramp(4));
    ring.append(T0 + 1000, ramp(4, 10));
    ring.append(T0 + 2000, ramp(4, 20));
    expect(ring.startIndex).toBe(4);
    expect(ring.timeAt(4)).toBe(T0 + 1000);
    expect(ring.timeAt(11)).toBe(T0 + 2000 + 3 * 16);
  });

  it('clear keeps the running index so readers can tell data was dropped', () => {
    const ring = new SampleRing(250, 100);
    ring.append(T0, ramp(10));
    ring.clear();
    expect(ring.size).toBe(0);
    expect(ring.startIndex).toBe(10);
    expect(ring.newestSampleAt).toBeNull();
    // After a clear, even older timestamps are accepted (another patient, another clock).
    expect(ring.append(T0 - 10_000, ramp(5))).toBe(5);
    expect(ring.runStartIndex(10)).toBe(10);
    expect(ring.timeAt(10)).toBe(T0 - 10_000);
  });
});
