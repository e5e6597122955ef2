import { describe, expect, it } from 'vitest';
import { LIMIT_PARAMETERS } from '../../../../shared/alarms/limit-parameters';
import {
  ADULT_PROFILE,
  DEFAULT_LIMIT_PROFILES,
  LimitProfilesSchema,
  NEONATAL_PROFILE,
  PAEDIATRIC_PROFILE,
  ParameterLimitsSchema,
} from '../../../../shared/alarms/limit-profiles';
import { chargeLimits, codes, harness } from './alarm-test-kit';

/** Paediatric and neonatal patients are monitored against their own named profiles. */
describe('limit profiles', () => {
  it('ships adult, paediatric and neonatal profiles that all pass their own schema', () => {
    expect(Object.keys(DEFAULT_LIMIT_PROFILES).sort()).toEqual(['adult', 'neonatal', 'paediatric']);
    expect(() => LimitProfilesSchema.parse(DEFAULT_LIMIT_PROFILES)).not.toThrow();
    for (const profile of Object.values(DEFAULT_LIMIT_PROFILES)) {
      for (const p of LIMIT_PARAMETERS) {
        const limits = profile.parameters[p];
        // Extreme violations must not wait longer than plain ones.
        expect(limits.extremeDelayMs).toBeLessThanOrEqual(limits.delayMs);
      }
    }
  });

  it('paediatric and neonatal rate limits differ from adult', () => {
    expect([PAEDIATRIC_PROFILE.parameters.hr.low, PAEDIATRIC_PROFILE.parameters.hr.high]).not.toEqual([ADULT_PROFILE.parameters.hr.low, ADULT_PROFILE.parameters.hr.high]);
    expect([NEONATAL_PROFILE.parameters.hr.low, NEONATAL_PROFILE.parameters.hr.high]).toEqual([100, 200]);
    expect([NEONATAL_PROFILE.parameters.rr.low, NEONATAL_PROFILE.parameters.rr.high]).not.toEqual([ADULT_PROFILE.parameters.rr.low, ADULT_PROFILE.parameters.rr.high]);
    // Neonates: hyperoxia harms premature retinas, so SpO2 has a high limit there and not in adults.
    expect(NEONATAL_PROFILE.parameters.spo2.high).toBe(95);
    expect(ADULT_PROFILE.parameters.spo2.high).toBeNull();
  });

  it('a neonatal HR of 90 alarms and 180 does not; for an adult it is the other way round', () => {
    const neonate = harness({ defaultProfile: 'neonatal' });
    const adult = harness();
    for (const h of [neonate, adult]) {
      h.numerics('bed-1', { hr: 90 });
      h.numerics('bed-2', { hr: 180 });
      h.tick(10_000);
    }
    expect(neonate.engine.list().map((a) => [a.bedId, a.code])).toEqual([['bed-1', 'HR_LOW']]);
    expect(adult.engine.list().map((a) => [a.bedId, a.code])).toEqual([['bed-2', 'HR_EXTREME_HIGH']]);
  });

  it('a paediatric HR of 170 is a plain HR_HIGH, in an adult it is extreme; 65 alarms only for a child', () => {
    const child = harness({ defaultProfile: 'paediatric' });
    const adult = harness();
    for (const h of [child, adult]) {
      h.numerics('bed-1', { hr: 170 });
      h.numerics('bed-2', { hr: 65 });
      h.tick(10_000);
    }
    expect(child.engine.list().map((a) => [a.bedId, a.code, a.priority])).toEqual([
      ['bed-1', 'HR_HIGH', 'MEDIUM'],
      ['bed-2', 'HR_LOW', 'MEDIUM'],
    ]);
    expect(adult.engine.list().map((a) => [a.bedId, a.code, a.priority])).toEqual([['bed-1', 'HR_EXTREME_HIGH', 'HIGH']]);
  });

  it('neonatal SpO2 of 97 % is a high-limit alarm after its 15 s delay', () => {
    const h = harness({ defaultProfile: 'neonatal' });
    h.numerics('bed-1', { spo2: 97 });
    h.tick(14_999);
    expect(h.engine.list()).toEqual([]);
    h.tick(1);
    expect(codes(h.engine)).toEqual(['SPO2_HIGH']);
  });

  it('every bed starts on the default profile; a charge nurse can move one bed to another profile', async () => {
    const h = harness();
    expect(h.engine.limitsOf('bed-1')?.profile).toBe('adult');
    await h.engine.setProfile('bed-1', 'neonatal', chargeLimits());
    expect(h.engine.limitsOf('bed-1')).toEqual({ profile: 'neonatal', parameters: NEONATAL_PROFILE.parameters });
    expect(h.engine.limitsOf('bed-2')?.profile).toBe('adult');
    expect(h.audit.entries('profile.changed')).toEqual([
      expect.objectContaining({ bedId: 'bed-1', actor: { userId: 'carl', role: 'charge-nurse' }, details: { profile_before: 'adult', profile_after: 'neonatal' } }),
    ]);
    // The new profile applies at once to the last value.
    h.numerics('bed-1', { hr: 90 });
    h.tick(5_000);
    expect(codes(h.engine)).toEqual(['HR_LOW']);
  });

  it('refuses an unknown default profile at construction and an invalid profile set', () => {
    expect(() => harness({ defaultProfile: 'geriatric' })).toThrow(/unknown default limit profile/);
    const broken = structuredClone(DEFAULT_LIMIT_PROFILES);
    broken.adult!.parameters.spo2.extremeLow = 95; // above the plain low limit
    expect(() => harness({ profiles: broken })).toThrow();
  });

  it('the schema rejects inconsistent limits', () => {
    const base = ADULT_PROFILE.parameters.hr;
    expect(ParameterLimitsSchema.safeParse(base).success).toBe(true);
    expect(ParameterLimitsSchema.safeParse({ ...base, low: 130 }).success).toBe(false);
    expect(ParameterLimitsSchema.safeParse({ ...base, extremeHigh: 110 }).success).toBe(false);
    expect(ParameterLimitsSchema.safeParse({ ...base, extremeDelayMs: base.delayMs + 1 }).success).toBe(false);
    expect(ParameterLimitsSchema.safeParse({ ...base, hysteresis: 35 }).success).toBe(false);
    expect(ParameterLimitsSchema.safeParse({ ...base, low: null }).success).toBe(false); // extremeLow without low
  });
});
