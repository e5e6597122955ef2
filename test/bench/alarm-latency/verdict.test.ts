import { describe, expect, it } from 'vitest';
import { alarmLatencyVerdict } from './verdict';

const singles = (n: number, ms = 30) => Array.from({ length: n }, () => ms);
const burst = (ms = 40, lost = 0) => [...Array.from({ length: 64 - lost }, () => ms), ...Array.from({ length: lost }, () => null)];

describe('alarm-latency verdict', () => {
  it('is met by a run with nothing lost and every figure within target', () => {
    const v = alarmLatencyVerdict({ sequential: singles(1000), bursts: Array.from({ length: 10 }, () => burst()), notCleared: 0 });
    expect(v).toMatchObject({ met: true, lost: 0, p99AtMix: 40, worstBurst: 40, failures: [] });
  });

  it('fails on 106 of 640 burst alarms lost, which the 1/10 weighting used to hide', () => {
    const bursts = [burst(40, 64), burst(40, 42), ...Array.from({ length: 8 }, () => burst())];
    const v = alarmLatencyVerdict({ sequential: singles(1000), bursts, notCleared: 0 });
    // The weighted p99 alone still looks fine: that was the defect.
    expect(v.p99AtMix).toBeLessThanOrEqual(50);
    expect(v.lost).toBe(106);
    expect(v.met).toBe(false);
    expect(v.failures[0]).toBe('106 alarm(s) lost');
  });

  it('fails on one single alarm lost among 1,000', () => {
    const sequential: Array<number | null> = singles(1000);
    sequential[500] = null;
    expect(alarmLatencyVerdict({ sequential, bursts: [burst()], notCleared: 0 })).toMatchObject({ met: false, lost: 1 });
  });

  it('fails when the slowest alarm of the worst burst is over 100 ms, however well the p99 is weighted', () => {
    const bursts = [burst(101), ...Array.from({ length: 9 }, () => burst())];
    const v = alarmLatencyVerdict({ sequential: singles(1000), bursts, notCleared: 0 });
    expect(v.p99AtMix).toBeLessThanOrEqual(50);
    expect(v.worstBurst).toBe(101);
    expect(v.met).toBe(false);
  });

  it('fails when the p99 at the profile’s mix is over 50 ms, and when an ended alarm stays on screen', () => {
    expect(alarmLatencyVerdict({ sequential: singles(1000, 51), bursts: [burst()], notCleared: 0 }).met).toBe(false);
    expect(alarmLatencyVerdict({ sequential: singles(1000), bursts: [burst()], notCleared: 1 }).met).toBe(false);
  });
});
