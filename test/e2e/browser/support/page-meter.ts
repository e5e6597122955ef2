import { ALARM_PRIORITIES } from '../../../../shared/domain/alarm-condition';
import { BURST_PATTERNS } from '../../../../renderer/src/audio/iec-burst-patterns';
import { findPulses, type MeasuredPulse } from '../../../support/audio-pulses';

const FUNDAMENTALS = ALARM_PRIORITIES.map((p) => BURST_PATTERNS[p].fundamentalHz);

/** The meter (test/support/audio-pulses.ts) set up for the app's three patterns, run in the page on rendered or recorded samples. */
export function analyse(samples: Float32Array, sampleRate: number, silenceBelow?: number): MeasuredPulse[] {
  return findPulses(samples, { sampleRate, minFundamentalHz: Math.min(...FUNDAMENTALS), candidateHz: FUNDAMENTALS, silenceBelow });
}
