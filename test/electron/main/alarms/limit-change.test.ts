import { describe, expect, it } from 'vitest';
import { ADULT_PROFILE } from '../../../../shared/alarms/limit-profiles';
import { chargeLimits, codes, harness, operator, refusal, settle } from './alarm-test-kit';

/**
 * A charge nurse may change a bed's low/high limits; the change is audited
 * with its before and after values, durably, before it takes effect.
 */
describe('limit change', () => {
  it('a nurse is refused; nothing changes and nothing is audited', async () => {
    const h = harness();
    expect(await refusal(h.engine.changeLimits('bed-1', 'spo2', { low: 88 }, operator('nurse', 'limit-change', 'nina')))).toBe('not-permitted');
    expect(h.engine.limitsOf('bed-1')?.parameters.spo2.low).toBe(90);
    expect(h.audit.durable).toEqual([]);
  });

  it('a charge nurse acting with an Operator minted for another action is refused', async () => {
    const h = harness();
    expect(await refusal(h.engine.changeLimits('bed-1', 'spo2', { low: 88 }, operator('charge-nurse', 'acknowledge', 'carl')))).toBe('not-permitted');
    expect(h.engine.limitsOf('bed-1')?.parameters.spo2.low).toBe(90);
  });

  it('a charge nurse change is audited with before/after values, and takes effect only once durable', async () => {
    const h = harness();
    h.audit.mode = 'deferred';
    const change = h.engine.changeLimits('bed-1', 'hr', { low: 45, high: 130 }, chargeLimits());
    await settle();
    expect(h.audit.pending.map((p) => p.event)).toEqual([
      {
        action: 'limits.changed',
        actor: { userId: 'carl', role: 'charge-nurse' },
        bedId: 'bed-1',
        details: { parameter: 'hr', profile: 'adult', low_before: 50, low_after: 45, high_before: 120, high_after: 130 },
      },
    ]);
    // Not yet in effect: 125 still violates the old high limit.
    expect(h.engine.limitsOf('bed-1')?.parameters.hr).toEqual(ADULT_PROFILE.parameters.hr);
    h.numerics('bed-1', { hr: 125 });
    h.tick(10_000);
    expect(codes(h.engine)).toEqual(['HR_HIGH']);

    h.audit.resolveNext();
    await expect(change).resolves.toMatchObject({ low: 45, high: 130 });
    expect(h.engine.limitsOf('bed-1')?.parameters.hr).toMatchObject({ low: 45, high: 130, extremeLow: 40, extremeHigh: 150 });
    // The new limit applies at once to the last value: 125 is now inside.
    expect(h.engine.list()).toEqual([]);
    expect(h.engine.limitsOf('bed-2')?.parameters.hr.high).toBe(120);
  });

  it('a tighter limit applies to the current value with a fresh condition delay', async () => {
    const h = harness();
    h.numerics('bed-1', { spo2: 91 });
    h.tick(60_000);
    await h.engine.changeLimits('bed-1', 'spo2', { low: 92 }, chargeLimits());
    expect(h.engine.list()).toEqual([]);
    h.tick(9_999);
    expect(h.engine.list()).toEqual([]);
    h.tick(1);
    expect(codes(h.engine)).toEqual(['SPO2_LOW']);
  });

  it('only the side named changes', async () => {
    const h = harness();
    await h.engine.changeLimits('bed-1', 'rr', { high: 35 }, chargeLimits());
    expect(h.engine.limitsOf('bed-1')?.parameters.rr).toMatchObject({ low: 8, high: 35 });
  });

  it.each([
    { change: { low: 125 }, why: 'low above high' },
    { change: { low: 38 }, why: 'low beyond the extreme low limit' },
    { change: { high: 160 }, why: 'high beyond the extreme high limit' },
    { change: { low: null }, why: 'no low limit while an extreme low limit exists' },
  ])('refuses $why as an invalid request, without auditing', async ({ change }) => {
    const h = harness();
    expect(await refusal(h.engine.changeLimits('bed-1', 'hr', change, chargeLimits()))).toBe('invalid-request');
    expect(h.engine.limitsOf('bed-1')?.parameters.hr).toEqual(ADULT_PROFILE.parameters.hr);
    expect(h.audit.durable).toEqual([]);
  });

  it('refuses an unknown bed and a parameter without limits', async () => {
    const h = harness();
    expect(await refusal(h.engine.changeLimits('bed-9', 'hr', { low: 45 }, chargeLimits()))).toBe('unknown-bed');
    expect(await refusal(h.engine.changeLimits('bed-1', 'pulseRate' as 'hr', { low: 45 }, chargeLimits()))).toBe('invalid-request');
  });

  it('changes run one at a time, so each audited "before" is the true previous value', async () => {
    const h = harness();
    h.audit.mode = 'deferred';
    const first = h.engine.changeLimits('bed-1', 'spo2', { low: 88 }, chargeLimits());
    const second = h.engine.changeLimits('bed-1', 'spo2', { low: 87 }, chargeLimits());
    await settle();
    expect(h.audit.pending).toHaveLength(1);
    h.audit.resolveNext();
    await first;
    await settle();
    h.audit.resolveNext();
    await second;
    expect(h.audit.entries('limits.changed').map((e) => [e.details?.low_before, e.details?.low_after])).toEqual([
      [90, 88],
      [88, 87],
    ]);
    expect(h.engine.limitsOf('bed-1')?.parameters.spo2.low).toBe(87);
  });

  it('a refused change does not block the next one', async () => {
    const h = harness();
    await refusal(h.engine.changeLimits('bed-1', 'spo2', { low: 80 }, chargeLimits()));
    await expect(h.engine.changeLimits('bed-1', 'spo2', { low: 88 }, chargeLimits())).resolves.toMatchObject({ low: 88 });
  });

  it('a profile change by a nurse is refused; an unknown profile is refused', async () => {
    const h = harness();
    expect(await refusal(h.engine.setProfile('bed-1', 'neonatal', operator('nurse', 'limit-change')))).toBe('not-permitted');
    expect(await refusal(h.engine.setProfile('bed-1', 'toString', chargeLimits()))).toBe('unknown-profile');
    expect(h.engine.limitsOf('bed-1')?.profile).toBe('adult');
  });
});
