import { describe, expect, it } from 'vitest';
import { ALARM_PRIORITIES } from '../../../shared/domain/alarm-condition';
import { BURST_PATTERNS, burstLengthMs, burstPeriodMs, measuredAt } from '../../../renderer/src/audio/iec-burst-patterns';
import { MEASURING_LEVELS } from '../../support/audio-pulses';
import { IEC_AUDITORY } from '../../support/iec-auditory-signals';

/**
 * The burst geometry against IEC 60601-1-8 Tables 3/4 at each level a reader
 * may measure edges at (10, 50, 90 %). The rendered samples are measured by
 * the e2e suite (alarm-audio.spec.ts); this is the arithmetic behind them.
 */
const inRange = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;

describe('IEC burst patterns, read at 10, 50 and 90 % of the amplitude', () => {
  for (const priority of ALARM_PRIORITIES) {
    const pattern = BURST_PATTERNS[priority];
    it(`${priority}: pulse count, td, rise and fall, spacing and burst interval`, () => {
      expect(inRange(pattern.pulseStartsMs.length, IEC_AUDITORY.pulsesPerBurst[priority])).toBe(true);
      for (const level of MEASURING_LEVELS) {
        const m = measuredAt(pattern, level);
        expect(inRange(m.pulseDurationMs, IEC_AUDITORY.pulseDurationMs[priority]), `td at ${level}`).toBe(true);
        expect(inRange(m.riseMs / m.pulseDurationMs, IEC_AUDITORY.riseShareOfTd), `rise at ${level}`).toBe(true);
        expect(m.fallMs).toBeLessThanOrEqual(m.pulseDurationMs - m.riseMs);
        m.spacingsMs.forEach((s, k) => {
          if (priority === 'HIGH' && k === 4) expect(inRange(s, IEC_AUDITORY.highHalfPauseMs), `pause at ${level}`).toBe(true);
          else if (priority === 'HIGH' && (k === 2 || k === 7)) expect(s).toBeCloseTo(2 * m.spacingsMs[k - 1]! + m.pulseDurationMs, 9);
          else expect(inRange(s, IEC_AUDITORY.spacingMs[priority]), `spacing ${k} at ${level}: ${s}`).toBe(true);
        });
        expect(inRange(m.burstIntervalMs!, IEC_AUDITORY.burstIntervalMs[priority]), `tb at ${level}`).toBe(true);
      }
      // Start to start is inside the table too, for readers who take tb that way.
      expect(inRange(burstPeriodMs(pattern)!, [IEC_AUDITORY.burstIntervalMs[priority][0], IEC_AUDITORY.burstIntervalMs[priority][1]])).toBe(true);
      expect(burstLengthMs(pattern)).toBeLessThan(burstPeriodMs(pattern)!);
    });
  }

  it('a higher priority taking over at a pulse boundary keeps its own spacing after the lower pulse', () => {
    // The scheduler starts a pre-empting burst one pulse gap after the interrupted pulse's end.
    for (const [lower, higher] of [['MEDIUM', 'HIGH'], ['LOW', 'HIGH'], ['LOW', 'MEDIUM']] as const) {
      const gap = BURST_PATTERNS[higher].pulseGapMs;
      for (const level of MEASURING_LEVELS) {
        const s = gap + level * (BURST_PATTERNS[lower].rampMs + BURST_PATTERNS[higher].rampMs);
        expect(inRange(s, IEC_AUDITORY.spacingMs[higher]), `${lower}→${higher} at ${level}: ${s}`).toBe(true);
      }
    }
  });
});
