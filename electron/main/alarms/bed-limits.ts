import { LIMIT_PARAMETERS, type LimitParameter } from '../../../shared/alarms/limit-parameters';
import { ParameterLimitsSchema, type LimitProfile, type ParameterLimits } from '../../../shared/alarms/limit-profiles';
import { validate, type Validated } from '../../../shared/validation';
import { systemClock, type Clock } from '../time/clock';
import { LimitEvaluator, type LimitTransition } from './limit-evaluator';

export type ParameterTransition = LimitTransition & { parameter: LimitParameter };

/**
 * One bed's limit profile, the operator's per-parameter changes to it, and
 * a limit evaluator per parameter. Condition delays and hysteresis episodes
 * run on the monotonic clock.
 */
export class BedLimits {
  private readonly evaluators: Record<LimitParameter, LimitEvaluator>;

  constructor(
    private profile: LimitProfile,
    private readonly clock: Clock = systemClock,
  ) {
    this.evaluators = Object.fromEntries(
      LIMIT_PARAMETERS.map((p) => [p, new LimitEvaluator(profile.parameters[p])]),
    ) as Record<LimitParameter, LimitEvaluator>;
  }

  get profileName(): string {
    return this.profile.name;
  }

  limitsOf(parameter: LimitParameter): ParameterLimits {
    return this.evaluators[parameter].currentLimits;
  }

  /** `measuredAt`: the source's time of the sample, the episode's identity across stations (never a duration). */
  observe(parameter: LimitParameter, value: number | null, measuredAt: number | null = null): ParameterTransition[] {
    return tag(parameter, this.evaluators[parameter].observe(value, this.clock.monotonic(), measuredAt));
  }

  /** The bed's feed is gone: nothing it last said can raise or clear a condition. */
  invalidateAll(): void {
    for (const p of LIMIT_PARAMETERS) this.evaluators[p].invalidate();
  }

  tick(): ParameterTransition[] {
    const now = this.clock.monotonic();
    return LIMIT_PARAMETERS.flatMap((p) => tag(p, this.evaluators[p].tick(now)));
  }

  /**
   * The limits a change would produce, validated as a whole: only low/high
   * are operator-adjustable, and they must stay inside the profile's extreme
   * limits (moving an extreme limit means choosing another profile).
   */
  propose(parameter: LimitParameter, change: { low?: number | null; high?: number | null }): Validated<ParameterLimits> {
    const current = this.limitsOf(parameter);
    return validate(ParameterLimitsSchema, {
      ...current,
      low: change.low === undefined ? current.low : change.low,
      high: change.high === undefined ? current.high : change.high,
    });
  }

  setLimits(parameter: LimitParameter, limits: ParameterLimits): ParameterTransition[] {
    return tag(parameter, this.evaluators[parameter].setLimits(limits, this.clock.monotonic()));
  }

  /** Replaces every parameter's limits, discarding the operator's changes. */
  applyProfile(profile: LimitProfile): ParameterTransition[] {
    this.profile = profile;
    return LIMIT_PARAMETERS.flatMap((p) => this.setLimits(p, profile.parameters[p]));
  }

  /** Takes another bed's profile and every limit set on it (a patient moving beds takes their settings along). */
  adopt(other: BedLimits): ParameterTransition[] {
    this.profile = other.profile;
    return LIMIT_PARAMETERS.flatMap((p) => this.setLimits(p, other.limitsOf(p)));
  }
}

function tag(parameter: LimitParameter, transitions: LimitTransition[]): ParameterTransition[] {
  return transitions.map((t) => ({ ...t, parameter }));
}
