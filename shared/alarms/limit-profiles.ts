import { z } from 'zod';
import { AlarmPrioritySchema } from '../domain/alarm-condition';
import type { LimitParameter } from './limit-parameters';

/**
 * Alarm limits per parameter, grouped into named profiles (adult, paediatric,
 * neonatal). The values shipped here are SITE-CONFIGURABLE DEFAULTS for
 * development and testing, not clinical advice: each hospital sets its own.
 *
 * Semantics (one rule for every parameter, so nobody has to remember which
 * ones are inclusive):
 * - A limit is the last acceptable value. `low: 90` alarms at 89, not at 90.
 * - Beyond `low`/`high` is a plain violation at `priority` (usually MEDIUM).
 * - Beyond `extremeLow`/`extremeHigh` is always HIGH.
 * - `null` means the parameter has no limit on that side.
 * - The alarm condition delay is how long a violation must last before it
 *   becomes an alarm condition. It trades alarm fatigue (most short
 *   excursions are artefact: motion, a cough, a probe slipping) against the
 *   latency of a real alarm; extreme violations get the shorter
 *   `extremeDelayMs` because the cost of waiting is higher.
 * - `hysteresis` (absolute, in the parameter's unit): a condition ends only
 *   when the value is back inside the limit by this margin, so a value
 *   hovering on the limit does not toggle the alarm on and off.
 */
export const ParameterLimitsSchema = z
  .object({
    low: z.number().finite().nullable(),
    high: z.number().finite().nullable(),
    extremeLow: z.number().finite().nullable(),
    extremeHigh: z.number().finite().nullable(),
    /** Priority of a plain (non-extreme) violation. */
    priority: AlarmPrioritySchema,
    delayMs: z.number().int().min(0).max(120_000),
    extremeDelayMs: z.number().int().min(0).max(120_000),
    hysteresis: z.number().finite().min(0),
  })
  .strict()
  .superRefine((p, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (p.low !== null && p.high !== null && !(p.low < p.high)) fail('low must be below high');
    if (p.extremeLow !== null && (p.low === null || !(p.extremeLow < p.low))) fail('extremeLow needs a low limit above it');
    if (p.extremeHigh !== null && (p.high === null || !(p.extremeHigh > p.high))) fail('extremeHigh needs a high limit below it');
    if (p.extremeDelayMs > p.delayMs) fail('extremeDelayMs must not exceed delayMs');
    if (p.low !== null && p.high !== null && p.hysteresis * 2 >= p.high - p.low) fail('hysteresis must be less than half the low-high span');
  });
export type ParameterLimits = z.infer<typeof ParameterLimitsSchema>;

export const ProfileNameSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'profile name must be 1-32 lowercase letters, digits or -');
export type ProfileName = z.infer<typeof ProfileNameSchema>;

export const LimitProfileSchema = z
  .object({
    name: ProfileNameSchema,
    parameters: z
      .object({
        hr: ParameterLimitsSchema,
        spo2: ParameterLimitsSchema,
        rr: ParameterLimitsSchema,
        nibpSys: ParameterLimitsSchema,
        nibpDia: ParameterLimitsSchema,
        nibpMean: ParameterLimitsSchema,
        temp: ParameterLimitsSchema,
      })
      .strict() satisfies z.ZodType<Record<LimitParameter, ParameterLimits>>,
  })
  .strict();
export type LimitProfile = z.infer<typeof LimitProfileSchema>;

/** A site's profile set; each key must match its profile's `name`. */
export const LimitProfilesSchema = z
  .record(ProfileNameSchema, LimitProfileSchema)
  .refine((profiles) => Object.entries(profiles).every(([key, profile]) => key === profile.name), 'profile key must equal its name')
  .refine((profiles) => Object.keys(profiles).length > 0, 'at least one profile is required');
export type LimitProfiles = z.infer<typeof LimitProfilesSchema>;

// NIBP is one cuff measurement every few minutes: a delay would only postpone
// the alarm to a value that is already final, so its delay is 0.
const nibp = (low: number, high: number, extremeLow: number, extremeHigh: number): ParameterLimits => ({
  low,
  high,
  extremeLow,
  extremeHigh,
  priority: 'MEDIUM',
  delayMs: 0,
  extremeDelayMs: 0,
  hysteresis: 2,
});

/**
 * Adult plain limits: the "typical adult default alarm limits" table of
 * ../shared/guide/clinical-reference.md (vendor manuals): HR 50/120, SpO2 low
 * 90 with < 85 HIGH, RR 8/30 with apnea HIGH, NIBP 90/160, 50/90, 60/110,
 * Temp 36.0/39.0. Extremes follow the NEWS2 "scores 3" bands in the same
 * document where one exists (pulse <= 40, RR <= 8 → we use <= 5 as the
 * apnea-range extreme, temp <= 35.0, sys >= 220).
 * Delays: SpO2 10 s / 5 s (probe artefact is the commonest false alarm),
 * HR 10 s / 5 s, RR 20 s / 10 s (impedance RR is noisy; true apnea is
 * detected and reported by the device itself), temp 30 s / 15 s (changes
 * slowly; a displaced probe reads low).
 * Priorities: plain violations are MEDIUM, except temperature, which is LOW.
 * IEC 60601-1-8 ranks an alarm condition by the harm of not responding and how
 * soon it comes: a temperature past 36.0/39.0 °C in an adult or child calls
 * for awareness, not a prompt response (harm reversible, onset over tens of
 * minutes), so it is LOW; past 35.0/40.0 °C it is the extreme, HIGH, as for
 * every parameter. (Sites change both; this is also the station's one plain
 * LOW limit, exercised end to end by the simulator's `fever` scenario.)
 */
export const ADULT_PROFILE: LimitProfile = {
  name: 'adult',
  parameters: {
    hr: { low: 50, high: 120, extremeLow: 40, extremeHigh: 150, priority: 'MEDIUM', delayMs: 10_000, extremeDelayMs: 5_000, hysteresis: 2 },
    spo2: { low: 90, high: null, extremeLow: 85, extremeHigh: null, priority: 'MEDIUM', delayMs: 10_000, extremeDelayMs: 5_000, hysteresis: 1 },
    // extremeLow 6: RR <= 5 rpm (limits are the last acceptable value).
    rr: { low: 8, high: 30, extremeLow: 6, extremeHigh: 40, priority: 'MEDIUM', delayMs: 20_000, extremeDelayMs: 10_000, hysteresis: 2 },
    nibpSys: nibp(90, 160, 70, 220),
    nibpDia: nibp(50, 90, 40, 120),
    nibpMean: nibp(60, 110, 50, 130),
    temp: { low: 36.0, high: 39.0, extremeLow: 35.0, extremeHigh: 40.0, priority: 'LOW', delayMs: 30_000, extremeDelayMs: 15_000, hysteresis: 0.2 },
  },
};

/**
 * Paediatric (roughly 1-12 years). Rate limits follow vendor paediatric
 * defaults (e.g. pulse 75/160 in Edan and Contec monitor manuals); the rest
 * are plausible placeholders for the site to replace.
 */
export const PAEDIATRIC_PROFILE: LimitProfile = {
  name: 'paediatric',
  parameters: {
    hr: { low: 75, high: 160, extremeLow: 55, extremeHigh: 190, priority: 'MEDIUM', delayMs: 10_000, extremeDelayMs: 5_000, hysteresis: 2 },
    spo2: { low: 90, high: null, extremeLow: 85, extremeHigh: null, priority: 'MEDIUM', delayMs: 10_000, extremeDelayMs: 5_000, hysteresis: 1 },
    rr: { low: 12, high: 40, extremeLow: 8, extremeHigh: 55, priority: 'MEDIUM', delayMs: 20_000, extremeDelayMs: 10_000, hysteresis: 2 },
    nibpSys: nibp(80, 130, 65, 150),
    nibpDia: nibp(40, 80, 30, 95),
    nibpMean: nibp(55, 95, 45, 110),
    temp: { low: 36.0, high: 39.0, extremeLow: 35.0, extremeHigh: 40.0, priority: 'LOW', delayMs: 30_000, extremeDelayMs: 15_000, hysteresis: 0.2 },
  },
};

/**
 * Neonatal. HR 100/200 and SpO2 85/95 follow vendor neonatal defaults (Edan,
 * Contec manuals); the extremes (HR < 80 or > 230, SpO2 < 80) and the SpO2
 * delays of 15 s / 10 s follow published NICU unit-wide defaults (PMC6906083,
 * table 6). The SpO2 high limit matters in neonates: hyperoxia harms
 * premature retinas, so it is a real limit here, not off. Temperature stays
 * MEDIUM here: a newborn's small mass cools within minutes, so the onset of
 * harm is prompt rather than delayed.
 */
export const NEONATAL_PROFILE: LimitProfile = {
  name: 'neonatal',
  parameters: {
    hr: { low: 100, high: 200, extremeLow: 80, extremeHigh: 230, priority: 'MEDIUM', delayMs: 5_000, extremeDelayMs: 0, hysteresis: 3 },
    spo2: { low: 85, high: 95, extremeLow: 80, extremeHigh: null, priority: 'MEDIUM', delayMs: 15_000, extremeDelayMs: 10_000, hysteresis: 1 },
    rr: { low: 30, high: 70, extremeLow: 20, extremeHigh: 90, priority: 'MEDIUM', delayMs: 20_000, extremeDelayMs: 10_000, hysteresis: 3 },
    nibpSys: nibp(50, 90, 40, 105),
    nibpDia: nibp(25, 60, 20, 75),
    nibpMean: nibp(35, 65, 30, 75),
    temp: { low: 36.5, high: 37.5, extremeLow: 35.5, extremeHigh: 38.5, priority: 'MEDIUM', delayMs: 30_000, extremeDelayMs: 15_000, hysteresis: 0.1 },
  },
};

export const DEFAULT_PROFILE_NAME: ProfileName = 'adult';

export const DEFAULT_LIMIT_PROFILES: LimitProfiles = {
  adult: ADULT_PROFILE,
  paediatric: PAEDIATRIC_PROFILE,
  neonatal: NEONATAL_PROFILE,
};
