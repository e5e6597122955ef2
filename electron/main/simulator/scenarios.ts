import type { ScenarioKind } from '../../../shared/domain/scenario';
import { deriveSeed, Rng } from './prng';
import { VITAL_KEYS, type Vitals } from './vital-drift';

/**
 * Scripted scenarios. Everything random about one (how deep, how fast) comes
 * from its own seed, so a trainer can replay exactly the same desaturation.
 *
 * Physiological scenarios (desaturation, tachycardia, bradycardia, tachypnoea,
 * fever) replace one another; technical ones (lead off, bed silent) sit on top
 * of whatever the physiology is doing, because electrodes falling off does not
 * cure a desaturation. `recover` clears both.
 */

export type BedScenarioKind = Exclude<ScenarioKind, 'feed-drop'>;

export interface ScenarioPlan {
  kind: BedScenarioKind;
  seed: number;
  /** Targets to ramp to; vitals not listed go back to baseline. Null leaves the physiology alone. */
  targets: Partial<Vitals> | null;
  rampMs: number;
  /** Null: unchanged. */
  ecgLeadOff: boolean | null;
  /** Null: unchanged. */
  silent: boolean | null;
}

const SCENARIO_SEED_STREAM = 0x5ce7a110;

/** Seed for a request that brought none: reproducible from the unit seed and how many triggers came before. */
export function deriveScenarioSeed(unitSeed: number, triggerCount: number): number {
  return deriveSeed(unitSeed, SCENARIO_SEED_STREAM, triggerCount);
}

export function planScenario(kind: BedScenarioKind, seed: number, baseline: Readonly<Vitals>): ScenarioPlan {
  const rng = new Rng(seed);
  const plan: ScenarioPlan = { kind, seed, targets: null, rampMs: 0, ecgLeadOff: null, silent: null };
  switch (kind) {
    case 'desaturation':
      // Low 80s: below the usual 90 % limit and, with drift (±1) on top, below 85.
      // Hypoxaemia drives breathing and heart rate up a little.
      plan.targets = { spo2: rng.between(80, 83), rr: baseline.rr + rng.between(3, 6), hr: baseline.hr * rng.between(1.05, 1.12) };
      plan.rampMs = rng.between(30_000, 60_000);
      break;
    case 'tachycardia':
      // Narrow enough that ±5 % drift stays inside 140-160.
      plan.targets = { hr: rng.between(147, 152) };
      plan.rampMs = rng.between(20_000, 40_000);
      break;
    case 'bradycardia':
      // Narrow enough that ±5 % drift stays inside 35-42.
      plan.targets = { hr: rng.between(37.5, 39.5) };
      plan.rampMs = rng.between(20_000, 40_000);
      break;
    case 'tachypnoea':
      // RR 34-35.5: past the adult high limit of 30 (MEDIUM); at the bottom of the ±12 % drift
      // it reads 30, still short of the 28 that ends the alarm, and at the top 39.8 reads 40,
      // not beyond the extreme. The heart follows a little, staying far inside its limits.
      plan.targets = { rr: rng.between(34, 35.5), hr: baseline.hr * rng.between(1.05, 1.1) };
      plan.rampMs = rng.between(30_000, 60_000);
      break;
    case 'fever':
      // A slow rise to 39.3-39.6 °C: past the 39.0 limit (LOW on the adult and paediatric
      // profiles) by more than the ±0.2 °C drift, and under the 40.0 extreme with it. Fever
      // speeds the heart (~10 bpm per °C) and breathing a little; both stay inside their
      // limits (HR ≤ 92 + 12, × 1.05 drift = 109; RR ≤ 19 + 3, × 1.12 = 25), so the
      // temperature alarm is the only one.
      plan.targets = { temp: rng.between(39.3, 39.6), hr: baseline.hr + rng.between(8, 12), rr: baseline.rr + rng.between(2, 3) };
      plan.rampMs = rng.between(180_000, 300_000);
      break;
    case 'ecg-lead-off':
      plan.ecgLeadOff = true;
      break;
    case 'bed-silent':
      plan.silent = true;
      break;
    case 'recover':
      plan.targets = {};
      plan.rampMs = rng.between(10_000, 20_000);
      plan.ecgLeadOff = false;
      plan.silent = false;
      break;
  }
  return plan;
}

/** Where a plan's ramp ends: the baseline with the plan's targets laid over it. */
export function resolveTargets(baseline: Readonly<Vitals>, targets: Partial<Vitals>): Vitals {
  return { ...pickVitals(baseline), ...targets };
}

function pickVitals(v: Readonly<Vitals>): Vitals {
  return { hr: v.hr, spo2: v.spo2, rr: v.rr, temp: v.temp };
}

/**
 * The physiological set point over time: a smooth (raised-cosine) ramp from
 * wherever it was when a scenario started to the scenario's targets, so a
 * scenario arriving mid-ramp continues from the current value without a jump.
 */
export class TargetRamp {
  private from: Vitals;
  private to: Vitals;
  private startedAt = 0;
  private rampMs = 0;

  constructor(initial: Readonly<Vitals>) {
    this.from = pickVitals(initial);
    this.to = pickVitals(initial);
  }

  retarget(at: number, to: Readonly<Vitals>, rampMs: number): void {
    const current: Vitals = { hr: 0, spo2: 0, rr: 0, temp: 0 };
    this.valueAt(at, current);
    this.from = current;
    this.to = pickVitals(to);
    this.startedAt = at;
    this.rampMs = rampMs;
  }

  valueAt(t: number, out: Vitals): void {
    const progress = this.rampMs <= 0 ? 1 : Math.min(1, Math.max(0, (t - this.startedAt) / this.rampMs));
    const eased = 0.5 - 0.5 * Math.cos(Math.PI * progress);
    for (const key of VITAL_KEYS) out[key] = this.from[key] + (this.to[key] - this.from[key]) * eased;
  }
}
