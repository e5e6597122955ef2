import type { AlarmPriority } from '../../../shared/domain/alarm-condition';

/**
 * Auditory alarm signal bursts after IEC 60601-1-8, Tables 3 and 4, as
 * collected in ../shared/guide/clinical-reference.md ("Auditory alarm
 * signals: burst characteristics"):
 *
 * | priority | pulses | pulse duration td | spacing ts                            | burst interval tb |
 * | HIGH     | 10     | 75–200 ms         | x,x,2x+td,x, 0.35–1.30 s, x,x,2x+td,x | 2.5–15 s          |
 * | MEDIUM   | 3      | 125–250 ms        | y,y                                   | 2.5–30 s          |
 * | LOW      | 1 or 2 | 125–250 ms        | y                                     | > 15 s            |
 *   x = 50–125 ms, y = 125–250 ms; rise tr 10–20 % of td, fall tf ≤ td − tr;
 *   fundamental 150–1000 Hz with ≥ 4 harmonics in 300–4000 Hz within ±15 dB.
 *
 * Where on the pulse edges a duration or a spacing is measured differs
 * between readers of the standard and between test labs (10 %, 50 % or 90 %
 * of the pulse amplitude; one public generator measures td between the 90 %
 * points of rise and fall, and ts from the 90 % point of the fall to the 90 %
 * point of the next rise). So the shape is chosen to comply at all three
 * levels, with margin: a pulse is a linear ramp up over `rampMs`, a plateau
 * and a linear ramp down over `rampMs`, `envelopeMs` from silence to silence;
 * `pulseGapMs` of silence separates two pulses. At amplitude level p
 * (0.1, 0.5, 0.9) a reader then measures
 *   td(p) = envelope − 2p·ramp,  spacing(p) = gap + 2p·ramp,  tr = tf = 0.8·ramp (10→90 %).
 * `measuredAt` below computes exactly that, and the unit test checks every
 * row of the table at each level; the e2e suite measures the rendered samples.
 *
 * HIGH: envelope 150, ramp 22, gap 65 → td 145.6/128/110.4 ms, x 69.4/87/104.6 ms,
 *   tr 17.6 ms = 12.1–15.9 % of td. (The old 160/24/90 gave x = 133 ms at 90 %.)
 * MEDIUM and LOW: envelope 200, ramp 29, gap 158 → td 194.2/171/147.8 ms,
 *   y 163.8/187/210.2 ms, tr 23.2 ms = 11.9–15.7 % of td.
 * The 2x+td spacing is built as a regular pulse grid with one pulse left out
 * (silence 2·gap + envelope), which equals 2x+td at every measuring level.
 */
export interface BurstPattern {
  priority: AlarmPriority;
  /** Start of each pulse's rise, from the burst start, ms. */
  pulseStartsMs: readonly number[];
  /** One pulse from silence to silence (start of rise to end of fall), ms. */
  envelopeMs: number;
  /** Linear rise 0 → 100 % and linear fall 100 → 0 %, each, ms. */
  rampMs: number;
  /** Silence between two pulses of the x or y kind, ms (also the gap before a pre-empting burst). */
  pulseGapMs: number;
  /** Silence after the last pulse before the next burst, ms; null = burst is not repeated. */
  burstIntervalMs: number | null;
  fundamentalHz: number;
  /** Relative amplitudes of harmonics 1..n (1 = fundamental). */
  harmonicAmplitudes: readonly number[];
}

/** Pulse starts on a regular grid (`envelope + gap`), with the given extra silences after pulse i. */
function pulseStarts(count: number, envelopeMs: number, gapMs: number, extraSilenceAfter: Readonly<Record<number, number>> = {}): number[] {
  const starts = [0];
  for (let i = 1; i < count; i++) starts.push(starts[i - 1]! + envelopeMs + gapMs + (extraSilenceAfter[i - 1] ?? 0));
  return starts;
}

const HIGH = { envelopeMs: 150, rampMs: 22, gapMs: 65 } as const;
const MEDIUM_LOW = { envelopeMs: 200, rampMs: 29, gapMs: 158 } as const;
/** 2x+td between pulses 3-4 and 8-9: one grid slot (envelope + gap) of extra silence. */
const HIGH_MISSING_PULSE_MS = HIGH.envelopeMs + HIGH.gapMs;
/** The pause between the two halves of a HIGH burst (table: 0.35–1.30 s), silence to silence. */
const HIGH_HALF_PAUSE_MS = 600;
/** Five partials, falling ~2–11 dB below the fundamental: inside ±15 dB. */
const HARMONICS = [1, 0.8, 0.6, 0.45, 0.35] as const;

export const BURST_PATTERNS: Readonly<Record<AlarmPriority, BurstPattern>> = {
  HIGH: {
    priority: 'HIGH',
    pulseStartsMs: pulseStarts(10, HIGH.envelopeMs, HIGH.gapMs, { 2: HIGH_MISSING_PULSE_MS, 4: HIGH_HALF_PAUSE_MS - HIGH.gapMs, 7: HIGH_MISSING_PULSE_MS }),
    envelopeMs: HIGH.envelopeMs,
    rampMs: HIGH.rampMs,
    pulseGapMs: HIGH.gapMs,
    burstIntervalMs: 4000,
    fundamentalHz: 660,
    harmonicAmplitudes: HARMONICS,
  },
  MEDIUM: {
    priority: 'MEDIUM',
    pulseStartsMs: pulseStarts(3, MEDIUM_LOW.envelopeMs, MEDIUM_LOW.gapMs),
    envelopeMs: MEDIUM_LOW.envelopeMs,
    rampMs: MEDIUM_LOW.rampMs,
    pulseGapMs: MEDIUM_LOW.gapMs,
    burstIntervalMs: 7000,
    fundamentalHz: 520,
    harmonicAmplitudes: HARMONICS,
  },
  LOW: {
    priority: 'LOW',
    pulseStartsMs: [0],
    envelopeMs: MEDIUM_LOW.envelopeMs,
    rampMs: MEDIUM_LOW.rampMs,
    pulseGapMs: MEDIUM_LOW.gapMs,
    burstIntervalMs: 20000,
    fundamentalHz: 440,
    harmonicAmplitudes: HARMONICS,
  },
};

/** Length of one burst, from its first pulse's start to its last pulse's end, ms. */
export function burstLengthMs(pattern: BurstPattern): number {
  return pattern.pulseStartsMs[pattern.pulseStartsMs.length - 1]! + pattern.envelopeMs;
}

/** Time from the start of one burst to the start of the next, ms (null: no repeat). */
export function burstPeriodMs(pattern: BurstPattern): number | null {
  return pattern.burstIntervalMs === null ? null : burstLengthMs(pattern) + pattern.burstIntervalMs;
}

/** The longest silence between two pulses of one burst (silence to silence), ms; 0 for a single pulse. */
export function longestSilenceMs(pattern: BurstPattern): number {
  const starts = pattern.pulseStartsMs;
  return Math.max(0, ...starts.slice(1).map((s, i) => s - starts[i]! - pattern.envelopeMs));
}

/** What a meter reading the edges at `level` (0.1, 0.5, 0.9 of the pulse amplitude) measures, ms. */
export interface MeasuredBurst {
  pulseDurationMs: number;
  /** 10 → 90 % (and 90 → 10 %): independent of the level the durations are read at. */
  riseMs: number;
  fallMs: number;
  /** Between consecutive pulses of one burst. */
  spacingsMs: number[];
  burstIntervalMs: number | null;
}

export function measuredAt(pattern: BurstPattern, level: number): MeasuredBurst {
  const edges = 2 * level * pattern.rampMs;
  const starts = pattern.pulseStartsMs;
  return {
    pulseDurationMs: pattern.envelopeMs - edges,
    riseMs: 0.8 * pattern.rampMs,
    fallMs: 0.8 * pattern.rampMs,
    spacingsMs: starts.slice(1).map((s, i) => s - starts[i]! - pattern.envelopeMs + edges),
    burstIntervalMs: pattern.burstIntervalMs === null ? null : pattern.burstIntervalMs + edges,
  };
}

/** Escalation level 2+ is louder (IEC lets the level rise; never quieter). */
export function escalationGain(level: number): number {
  return level >= 3 ? 1 : level === 2 ? 0.8 : 0.6;
}
