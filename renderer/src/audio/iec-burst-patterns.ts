import type { AlarmPriority } from '../../../shared/domain/alarm-condition';

/**
 * Auditory alarm signal bursts after IEC 60601-1-8, Tables 3 and 4
 * (figures as collected in our clinical reference, shared/guide/clinical-reference.md):
 *
 * | priority | pulses | pulse duration td | spacing ts                          | burst interval tb |
 * | HIGH     | 10     | 75–200 ms         | x,x,2x+td,x, 0.35–1.30 s, x,x,2x+td,x | 2.5–15 s          |
 * | MEDIUM   | 3      | 125–250 ms        | y,y                                 | 2.5–30 s          |
 * | LOW      | 1 or 2 | 125–250 ms        | y                                   | > 15 s            |
 *   x = 50–125 ms, y = 125–250 ms; rise 10–20 % of td, fall ≤ td − rise;
 *   fundamental 150–1000 Hz with ≥ 4 harmonics in 300–4000 Hz within ±15 dB.
 *
 * Spacing is the silence from the end of one pulse to the start of the next;
 * the burst interval is from the end of a burst's last pulse to the start of
 * the next burst. Values are chosen near the middle of each range so that
 * whichever amplitude point a meter uses (ramp start or 50 %), the measured
 * figure stays inside the table.
 */
export interface BurstPattern {
  priority: AlarmPriority;
  /** Pulse start offsets from the burst start, ms. */
  pulseStartsMs: readonly number[];
  pulseDurationMs: number;
  riseMs: number;
  fallMs: number;
  /** Silence after the last pulse before the next burst, ms; null = burst is not repeated. */
  burstIntervalMs: number | null;
  fundamentalHz: number;
  /** Relative amplitudes of harmonics 1..n (1 = fundamental). */
  harmonicAmplitudes: readonly number[];
}

/** Each pulse is [duration], separated by the given silences. */
function pulseStarts(durationMs: number, spacingsMs: readonly number[]): number[] {
  const starts = [0];
  for (const spacing of spacingsMs) starts.push(starts[starts.length - 1]! + durationMs + spacing);
  return starts;
}

const X_MS = 90;
const Y_MS = 190;
const HIGH_TD_MS = 160;
const MEDIUM_TD_MS = 190;
const LOW_TD_MS = 190;
/** Five partials, falling ~2–11 dB below the fundamental: inside ±15 dB. */
const HARMONICS = [1, 0.8, 0.6, 0.45, 0.35] as const;

export const BURST_PATTERNS: Readonly<Record<AlarmPriority, BurstPattern>> = {
  HIGH: {
    priority: 'HIGH',
    pulseStartsMs: pulseStarts(HIGH_TD_MS, [X_MS, X_MS, 2 * X_MS + HIGH_TD_MS, X_MS, 600, X_MS, X_MS, 2 * X_MS + HIGH_TD_MS, X_MS]),
    pulseDurationMs: HIGH_TD_MS,
    riseMs: 24, // 15 % of td
    fallMs: 24,
    burstIntervalMs: 4000,
    fundamentalHz: 660,
    harmonicAmplitudes: HARMONICS,
  },
  MEDIUM: {
    priority: 'MEDIUM',
    pulseStartsMs: pulseStarts(MEDIUM_TD_MS, [Y_MS, Y_MS]),
    pulseDurationMs: MEDIUM_TD_MS,
    riseMs: 28,
    fallMs: 28,
    burstIntervalMs: 7000,
    fundamentalHz: 520,
    harmonicAmplitudes: HARMONICS,
  },
  LOW: {
    priority: 'LOW',
    pulseStartsMs: [0],
    pulseDurationMs: LOW_TD_MS,
    riseMs: 28,
    fallMs: 28,
    burstIntervalMs: 20000,
    fundamentalHz: 440,
    harmonicAmplitudes: HARMONICS,
  },
};

/** Time from the start of one burst to the start of the next, ms (null: no repeat). */
export function burstPeriodMs(pattern: BurstPattern): number | null {
  if (pattern.burstIntervalMs === null) return null;
  const last = pattern.pulseStartsMs[pattern.pulseStartsMs.length - 1]!;
  return last + pattern.pulseDurationMs + pattern.burstIntervalMs;
}

/** Escalation level 2+ is louder (IEC lets the level rise; never quieter). */
export function escalationGain(level: number): number {
  return level >= 3 ? 1 : level === 2 ? 0.8 : 0.6;
}
