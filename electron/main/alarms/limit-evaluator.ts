import type { AlarmPriority } from '../../../shared/domain/alarm-condition';
import type { ParameterLimits } from '../../../shared/alarms/limit-profiles';

export type LimitSide = 'low' | 'high';
export type LimitSeverity = 'plain' | 'extreme';

export type LimitTransition =
  | {
      kind: 'onset';
      side: LimitSide;
      severity: LimitSeverity;
      priority: AlarmPriority;
      value: number;
      limit: number;
      /**
       * The source's time (`measuredAt`) of the sample that began this
       * excursion beyond this severity's limit: what makes the episode's
       * identity the same at every station fed the same samples (null when
       * the sample carried no time).
       */
      excursionAt: number | null;
    }
  | { kind: 'end'; side: LimitSide };

/** One side (low or high) of one parameter: the current violation episode. */
interface SideState {
  /** Beyond the plain limit since (monotonic ms), and not yet back inside it by the hysteresis. */
  episodeSince: number | null;
  /** Beyond the extreme limit since (monotonic ms), and not yet back inside it by the hysteresis. */
  extremeSince: number | null;
  /** The source times of the samples that began those two excursions. */
  episodeFirstAt: number | null;
  extremeFirstAt: number | null;
  /** The alarm condition raised in this episode, if any. */
  raised: LimitSeverity | null;
}

const idle = (): SideState => ({ episodeSince: null, extremeSince: null, episodeFirstAt: null, extremeFirstAt: null, raised: null });
const SIDES: readonly LimitSide[] = ['low', 'high'];

/**
 * The limit-alarm state machine of one parameter on one bed.
 *
 * normal → (value beyond limit) → pending → (still an episode after the
 * condition delay) → alarm condition → (back inside by the hysteresis) → normal.
 *
 * - The episode, not the raw value, carries the delay: a value hovering on
 *   the limit (89, 90, 89 with low 90 and hysteresis 1) stays one episode, so
 *   it alarms after the delay instead of restarting the timer forever.
 * - Deepening: an extreme violation lasting its (shorter) delay raises a new
 *   HIGH condition; the engine retires the plain one (see alarm-engine.ts).
 *   Within an episode the severity never goes back down: a condition that
 *   was extreme stays HIGH until the value is back inside the plain limit, so
 *   recovering from 80 % to 87 % does not raise a fresh MEDIUM alarm.
 * - An invalid value (null) neither raises nor clears: the device says it
 *   cannot measure, and the technical alarm (lead off, no data) covers that.
 *   A pending episode does not mature while invalid; when a valid value comes
 *   back still beyond the limit, the episode continues from its original
 *   start (unknown is treated as "the violation persisted").
 *
 * Every `now` here is a monotonic reading (BedLimits passes its Clock's):
 * condition delays are durations, and a system clock set forward an hour
 * must not mature every pending episode at once.
 */
export class LimitEvaluator {
  private readonly sides: Record<LimitSide, SideState> = { low: idle(), high: idle() };
  private lastValue: number | null = null;
  private lastMeasuredAt: number | null = null;

  constructor(private limits: ParameterLimits) {}

  get currentLimits(): ParameterLimits {
    return this.limits;
  }

  raised(side: LimitSide): LimitSeverity | null {
    return this.sides[side].raised;
  }

  /** `measuredAt`: the source's time of the sample (its identity across stations, never a duration). */
  observe(value: number | null, now: number, measuredAt: number | null = null): LimitTransition[] {
    this.lastValue = value;
    this.lastMeasuredAt = measuredAt;
    if (value === null) return [];
    const out: LimitTransition[] = [];
    for (const side of SIDES) this.follow(side, value, now, measuredAt, out);
    this.mature(now, out);
    return out;
  }

  /** The feed went silent: keep every condition, raise nothing new. */
  invalidate(): void {
    this.lastValue = null;
  }

  tick(now: number): LimitTransition[] {
    const out: LimitTransition[] = [];
    this.mature(now, out);
    return out;
  }

  /** New limits apply to the last valid value at once; a new episode starts its delay now. */
  setLimits(limits: ParameterLimits, now: number): LimitTransition[] {
    this.limits = limits;
    return this.lastValue === null ? [] : this.observe(this.lastValue, now, this.lastMeasuredAt);
  }

  private follow(side: LimitSide, value: number, now: number, measuredAt: number | null, out: LimitTransition[]): void {
    const state = this.sides[side];
    const plain = side === 'low' ? this.limits.low : this.limits.high;
    const extreme = side === 'low' ? this.limits.extremeLow : this.limits.extremeHigh;
    const h = this.limits.hysteresis;
    const beyond = (limit: number) => (side === 'low' ? value < limit : value > limit);
    const backInside = (limit: number) => (side === 'low' ? value >= limit + h : value <= limit - h);

    if (plain === null || backInside(plain)) {
      if (state.raised) out.push({ kind: 'end', side });
      this.sides[side] = idle();
      return;
    }
    if (beyond(plain) && state.episodeSince === null) {
      state.episodeSince = now;
      state.episodeFirstAt = measuredAt;
    }
    if (state.episodeSince === null || extreme === null) {
      state.extremeSince = null;
      state.extremeFirstAt = null;
      return;
    }
    if (beyond(extreme) && state.extremeSince === null) {
      state.extremeSince = now;
      state.extremeFirstAt = measuredAt;
    } else if (backInside(extreme)) {
      state.extremeSince = null;
      state.extremeFirstAt = null;
    }
  }

  private mature(now: number, out: LimitTransition[]): void {
    const value = this.lastValue;
    if (value === null) return;
    for (const side of SIDES) {
      const state = this.sides[side];
      const limits = this.limits;
      if (state.extremeSince !== null && state.raised !== 'extreme' && now - state.extremeSince >= limits.extremeDelayMs) {
        const limit = side === 'low' ? limits.extremeLow : limits.extremeHigh;
        if (limit === null) continue;
        state.raised = 'extreme';
        out.push({ kind: 'onset', side, severity: 'extreme', priority: 'HIGH', value, limit, excursionAt: state.extremeFirstAt });
      } else if (state.episodeSince !== null && state.raised === null && now - state.episodeSince >= limits.delayMs) {
        const limit = side === 'low' ? limits.low : limits.high;
        if (limit === null) continue;
        state.raised = 'plain';
        out.push({ kind: 'onset', side, severity: 'plain', priority: limits.priority, value, limit, excursionAt: state.episodeFirstAt });
      }
    }
  }
}
