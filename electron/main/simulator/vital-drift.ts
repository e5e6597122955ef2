import type { Rng } from './prng';

/**
 * Slow, bounded wandering of the numerics around where the physiology (the
 * bed's baseline or a scenario) puts them. Each vital is an Ornstein-Uhlenbeck
 * deviation: a random walk pulled back to zero, so values look alive but never
 * wander into alarm territory unless a scenario takes them there.
 */

export interface Vitals {
  hr: number;
  spo2: number;
  rr: number;
  temp: number;
}
export const VITAL_KEYS = ['hr', 'spo2', 'rr', 'temp'] as const satisfies ReadonlyArray<keyof Vitals>;

export interface BaselineVitals extends Vitals {
  nibpSys: number;
  nibpDia: number;
}

/** A stable adult on a general ward: everything inside default alarm limits. */
export function pickBaseline(rng: Rng): BaselineVitals {
  const nibpSys = rng.between(108, 138);
  return {
    hr: rng.between(62, 92),
    spo2: rng.between(95.5, 98.5),
    rr: rng.between(12, 19),
    temp: rng.between(36.5, 37.3),
    nibpSys,
    nibpDia: Math.min(rng.between(62, 84), nibpSys - 35),
  };
}

interface DeviationModel {
  /** Stationary sd of the deviation. */
  sd: number;
  /** Hard bound, so a scenario's range (e.g. tachycardia 140-160) holds with drift on top. */
  limit: number;
  /** Time constant of the pull back to zero, s. */
  tauS: number;
  /** HR and RR vary in proportion to their level; SpO2 and temperature do not. */
  relative: boolean;
}

const MODELS: Readonly<Record<keyof Vitals, DeviationModel>> = {
  hr: { sd: 0.025, limit: 0.05, tauS: 45, relative: true },
  spo2: { sd: 0.5, limit: 1, tauS: 30, relative: false },
  rr: { sd: 0.06, limit: 0.12, tauS: 60, relative: true },
  temp: { sd: 0.08, limit: 0.2, tauS: 600, relative: false },
};

export class VitalDrift {
  private readonly deviation: Vitals = { hr: 0, spo2: 0, rr: 0, temp: 0 };

  /** `steady` pins every deviation at zero: vitals sit exactly on their targets (tests). */
  constructor(
    private readonly rng: Rng,
    private readonly steady: boolean,
  ) {
    if (steady) return;
    for (const key of VITAL_KEYS) {
      const m = MODELS[key];
      this.deviation[key] = rng.boundedGaussian(m.sd, m.limit);
    }
  }

  step(dtS: number): void {
    if (this.steady) return;
    for (const key of VITAL_KEYS) {
      const m = MODELS[key];
      const decay = Math.exp(-dtS / m.tauS);
      const next = this.deviation[key] * decay + m.sd * Math.sqrt(1 - decay * decay) * this.rng.gaussian();
      this.deviation[key] = Math.max(-m.limit, Math.min(m.limit, next));
    }
  }

  /** Current vitals: the targets plus each deviation, kept physically possible. */
  apply(targets: Readonly<Vitals>, out: Vitals): void {
    for (const key of VITAL_KEYS) {
      const m = MODELS[key];
      out[key] = m.relative ? targets[key] * (1 + this.deviation[key]) : targets[key] + this.deviation[key];
    }
    out.spo2 = Math.min(100, Math.max(0, out.spo2));
    out.hr = Math.max(0, out.hr);
    out.rr = Math.max(0, out.rr);
  }
}

/** Cuff cycle of a ward monitor. */
export const NIBP_INTERVAL_MS = 15 * 60_000;
/** First cuffs are spread over the first minute so a unit's cuffs never all inflate together. */
const NIBP_STAGGER_SPAN_MS = 60_000;

/** ms after start of a bed's first NIBP; bed 0 measures right at start. */
export function firstNibpAt(bedIndex: number, bedCount: number): number {
  return Math.floor((bedIndex * NIBP_STAGGER_SPAN_MS) / bedCount);
}

export interface NibpReading {
  sys: number;
  dia: number;
  mean: number;
}

/** One cuff measurement: integer mmHg with mean ≈ dia + (sys - dia) / 3, as an oscillometric monitor reports. */
export function measureNibp(rng: Rng, baseline: Readonly<BaselineVitals>): NibpReading {
  const sysDeviation = rng.boundedGaussian(5, 12);
  const sys = Math.round(baseline.nibpSys + sysDeviation);
  // Diastolic follows systolic partly; pulse pressure stays above 25 mmHg.
  const dia = Math.min(sys - 25, Math.round(baseline.nibpDia + 0.4 * sysDeviation + rng.boundedGaussian(3, 8)));
  return { sys, dia, mean: Math.round(dia + (sys - dia) / 3) };
}
