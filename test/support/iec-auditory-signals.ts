import type { AlarmPriority } from '../../shared/domain/alarm-condition';
import { durationMs, MEASURING_LEVELS, spacingMs, type MeasuredPulse } from './audio-pulses';

/**
 * IEC 60601-1-8 Tables 3 and 4 (burst and pulse of auditory alarm signals),
 * as collected in shared/guide/clinical-reference.md, written as checks on
 * measured pulses. Each check is applied at every one of MEASURING_LEVELS,
 * because where on the edges td and ts are read is not something the suite
 * may rely on. Returns readable violations, so a failing test says what broke.
 */
export const IEC_AUDITORY = {
  pulseDurationMs: { HIGH: [75, 200], MEDIUM: [125, 250], LOW: [125, 250] },
  pulsesPerBurst: { HIGH: [10, 10], MEDIUM: [3, 3], LOW: [1, 2] },
  /** x (HIGH) and y (MEDIUM, LOW) pulse spacing. */
  spacingMs: { HIGH: [50, 125], MEDIUM: [125, 250], LOW: [125, 250] },
  /** Between pulses 5 and 6 of a HIGH burst. */
  highHalfPauseMs: [350, 1300],
  burstIntervalMs: { HIGH: [2500, 15000], MEDIUM: [2500, 30000], LOW: [15000, Number.POSITIVE_INFINITY] },
  /** Rise time as a share of td. */
  riseShareOfTd: [0.1, 0.2],
} as const satisfies Record<string, unknown>;

/** Our own rule on top of the table: a pulse never ends faster than it may rise (a cut pulse is a click). */
const MIN_FALL_SHARE_OF_TD = IEC_AUDITORY.riseShareOfTd[0];
/** A gain change applies from the next burst: the pulses of one burst are equally loud (± 0.2 dB). */
const SAME_BURST_LEVEL_RATIO = 1.025;
/** The plateau is flat: no step (gain change) or notch (cut and restart) inside a pulse. */
const MIN_PLATEAU_DIP = 0.9;
/** Slack for "2x + td" read from samples, ms. */
const RHYTHM_TOLERANCE_MS = 3;

const levelName = (i: number) => `${Math.round(MEASURING_LEVELS[i]! * 100)} %`;
const outside = (v: number, [lo, hi]: readonly [number, number]) => !(v >= lo && v <= hi);
const fmt = (v: number) => v.toFixed(1);

export function pulseViolations(priority: AlarmPriority, p: MeasuredPulse, label = 'pulse'): string[] {
  const out: string[] = [];
  MEASURING_LEVELS.forEach((_, i) => {
    const td = durationMs(p, i);
    if (outside(td, IEC_AUDITORY.pulseDurationMs[priority])) out.push(`${label}: td ${fmt(td)} ms at ${levelName(i)}`);
    const share = p.riseTimeMs / td;
    if (outside(share, IEC_AUDITORY.riseShareOfTd)) out.push(`${label}: rise ${fmt(p.riseTimeMs)} ms is ${fmt(share * 100)} % of td at ${levelName(i)}`);
    if (p.fallTimeMs > td - p.riseTimeMs || p.fallTimeMs < MIN_FALL_SHARE_OF_TD * td) out.push(`${label}: fall ${fmt(p.fallTimeMs)} ms with td ${fmt(td)} ms at ${levelName(i)}`);
  });
  if (p.plateauDip < MIN_PLATEAU_DIP) out.push(`${label}: plateau dips to ${fmt(p.plateauDip * 100)} % (a step or a cut inside the pulse)`);
  return out;
}

/**
 * One burst of `priority`: pulse count, each pulse, the rhythm, one
 * fundamental, one level. `interrupted`: the burst was stopped at a pulse
 * boundary (acknowledged, pre-empted), so only the count may fall short.
 */
export function burstViolations(priority: AlarmPriority, pulses: readonly MeasuredPulse[], label = 'burst', interrupted = false): string[] {
  const out: string[] = [];
  const [fewest, most] = IEC_AUDITORY.pulsesPerBurst[priority];
  if (pulses.length > most || (!interrupted && pulses.length < fewest) || pulses.length === 0) out.push(`${label}: ${pulses.length} pulses`);
  pulses.forEach((p, k) => out.push(...pulseViolations(priority, p, `${label} pulse ${k + 1}`)));
  if (new Set(pulses.map((p) => p.fundamentalHz)).size > 1) out.push(`${label}: pulses of different fundamentals ${pulses.map((p) => p.fundamentalHz).join(',')}`);
  const peaks = pulses.map((p) => p.peak);
  if (Math.max(...peaks) / Math.min(...peaks) > SAME_BURST_LEVEL_RATIO) out.push(`${label}: pulse levels ${peaks.map((v) => v.toFixed(3)).join(',')} differ within the burst`);
  MEASURING_LEVELS.forEach((_, i) => {
    const spacings = pulses.slice(1).map((p, k) => spacingMs(pulses[k]!, p, i));
    spacings.forEach((s, k) => {
      const at = `${label} spacing ${k + 1}-${k + 2} ${fmt(s)} ms at ${levelName(i)}`;
      if (priority !== 'HIGH') {
        if (outside(s, IEC_AUDITORY.spacingMs[priority])) out.push(at);
      } else if (k === 4) {
        if (outside(s, IEC_AUDITORY.highHalfPauseMs)) out.push(at);
      } else if (k === 2 || k === 7) {
        const x = spacings[k - 1]!;
        const td = durationMs(pulses[k]!, i);
        if (Math.abs(s - (2 * x + td)) > RHYTHM_TOLERANCE_MS) out.push(`${at} is not 2x+td (${fmt(2 * x + td)})`);
      } else if (outside(s, IEC_AUDITORY.spacingMs.HIGH)) out.push(at);
    });
  });
  return out;
}

/** The silence between two consecutive bursts of `priority`. */
export function burstIntervalViolations(priority: AlarmPriority, before: readonly MeasuredPulse[], after: readonly MeasuredPulse[], label = 'burst interval'): string[] {
  return MEASURING_LEVELS.flatMap((_, i) => {
    const tb = spacingMs(before[before.length - 1]!, after[0]!, i);
    return outside(tb, IEC_AUDITORY.burstIntervalMs[priority]) ? [`${label} ${fmt(tb)} ms at ${levelName(i)}`] : [];
  });
}
