import { describe, expect, it } from 'vitest';
import { ADULT_PROFILE, NEONATAL_PROFILE } from '../../../../shared/alarms/limit-profiles';
import { AlarmActionRefused } from '../../../../electron/main/alarms/alarm-action-refused';
import { censusHarness, manualPatient, occupancy, operator } from './census-test-kit';

/**
 * Manual ADT at the station: a charge nurse admits, edits, transfers and
 * discharges; each change is audited durably before it shows; a nurse may
 * look but not change; admission resets the bed's limits to the patient's
 * category default, and a transfer carries the patient's own limits along.
 */
describe('census: manual ADT at the station', () => {
  it('admits, edits, transfers and discharges, each as one audit entry naming the patient by number only', async () => {
    const { census, trail, charge } = await censusHarness();
    const { encounterId } = await census.admit('bed-1', manualPatient(), charge);
    expect(occupancy(census)['bed-1']).toBe('MRN-100');
    await census.update('bed-1', encounterId, manualPatient({ given: 'Adaeze' }), charge);
    expect(census.occupant('bed-1')?.patient.given).toBe('Adaeze');
    await census.transfer('bed-1', encounterId, 'bed-4', charge);
    expect(occupancy(census)).toMatchObject({ 'bed-1': null, 'bed-4': 'MRN-100' });
    await census.discharge('bed-4', encounterId, charge);
    expect(Object.values(occupancy(census)).every((v) => v === null)).toBe(true);

    const census_ = trail.entries.filter((e) => e.action.startsWith('census.') && e.action !== 'census.loaded');
    expect(census_.map((e) => [e.action, e.bedId])).toEqual([
      ['census.admitted', 'bed-1'],
      ['census.updated', 'bed-1'],
      ['census.transferred', 'bed-1'],
      ['census.discharged', 'bed-4'],
    ]);
    for (const e of census_) {
      expect(e.kind).toBe('clinical');
      expect(e.actor).toEqual({ userId: 'carla', role: 'charge-nurse' });
      expect(e.details).toMatchObject({ encounter: encounterId, patient_id: 'MRN-100', patient_id_type: 'MR', patient_id_authority: 'HOSP' });
      // Identity in the trail is the number: never the name or the date of birth.
      expect(JSON.stringify(e.details)).not.toMatch(/Okafor|Ada|1961/);
    }
    expect(census_[1]!.details.fields).toBe('given');
    expect(census_[2]!.details).toMatchObject({ from_bed: 'bed-1', to_bed: 'bed-4' });
  });

  it('shows nothing until the audit entry is durable, and nothing at all when it cannot be written', async () => {
    const { census, trail, charge } = await censusHarness();
    trail.mode = 'deferred';
    const pending = census.admit('bed-2', manualPatient(), charge);
    await Promise.resolve();
    await new Promise((r) => setImmediate(r));
    expect(census.occupant('bed-2')).toBeNull();
    expect(trail.pending).toHaveLength(1);
    trail.pending.shift()!.release();
    await pending;
    expect(census.occupant('bed-2')?.patient.mrn.id).toBe('MRN-100');

    trail.mode = 'fail';
    const before = census.version;
    await expect(census.admit('bed-3', manualPatient({ mrn: 'MRN-200' }), charge)).rejects.toThrow(/audit trail could not record it/);
    expect(census.occupant('bed-3')).toBeNull();
    expect(census.version).toBe(before);
  });

  it('a nurse may look but not change; a charge nurse cannot view-only their way in either', async () => {
    const { census, nurse, charge } = await censusHarness();
    await expect(census.admit('bed-1', manualPatient(), nurse)).rejects.toBeInstanceOf(AlarmActionRefused);
    await expect(census.admit('bed-1', manualPatient(), operator('charge-nurse', 'census-view'))).rejects.toThrow(/not authorised/);
    expect(census.occupant('bed-1')).toBeNull();
    await census.admit('bed-1', manualPatient(), charge);
    expect(census.details(operator('nurse', 'census-view')).beds[0]!.encounter?.patient.family).toBe('Okafor');
    expect(() => census.details(operator('admin', 'census-view'))).toThrow(/not authorised/);
  });

  it('refuses what would put two patients in one bed or one patient in two beds, and a change made on a stale screen', async () => {
    const { census, charge } = await censusHarness();
    const first = await census.admit('bed-1', manualPatient(), charge);
    await expect(census.admit('bed-1', manualPatient({ mrn: 'MRN-999' }), charge)).rejects.toThrow(/Bed 1 already has a patient/);
    await expect(census.admit('bed-2', manualPatient(), charge)).rejects.toThrow(/already admitted in Bed 1/);
    const second = await census.admit('bed-2', manualPatient({ mrn: 'MRN-222' }), charge);
    await expect(census.transfer('bed-1', first.encounterId, 'bed-2', charge)).rejects.toThrow(/Bed 2 already has a patient/);
    // The screen showed bed 2's patient in bed 1: refused, nobody's record changes.
    await expect(census.discharge('bed-1', second.encounterId, charge)).rejects.toThrow(/changed since this screen was shown/);
    await expect(census.transfer('bed-1', first.encounterId, 'bed-1', charge)).rejects.toThrow(/already in Bed 1/);
    await expect(census.admit('bed-99', manualPatient({ mrn: 'X' }), charge)).rejects.toThrow(/no bed bed-99/);
    expect(occupancy(census)).toMatchObject({ 'bed-1': 'MRN-100', 'bed-2': 'MRN-222' });
  });

  it('admission resets the bed to its category default: the last patient\'s custom limits never carry over (audited)', async () => {
    const { census, alarms, trail, charge } = await censusHarness();
    const adult = await census.admit('bed-1', manualPatient(), charge);
    await alarms.changeLimits('bed-1', 'hr', { low: 45 }, operator('charge-nurse', 'limit-change'));
    expect(alarms.limitsOf('bed-1')!.parameters.hr.low).toBe(45);
    await census.discharge('bed-1', adult.encounterId, charge);
    // Discharge leaves the bed monitoring with what it had.
    expect(alarms.limitsOf('bed-1')!.parameters.hr.low).toBe(45);

    const baby = await census.admit('bed-1', manualPatient({ mrn: 'NEO-1', dob: '2026-03-08', category: 'neonatal' }), charge);
    expect(alarms.limitsOf('bed-1')).toMatchObject({ profile: 'neonatal', parameters: { hr: NEONATAL_PROFILE.parameters.hr } });
    const reset = trail.of('limits.reset').at(-1)!;
    expect(reset).toMatchObject({ bedId: 'bed-1', actor: { userId: 'carla', role: 'charge-nurse' }, details: { profile_before: 'adult', profile_after: 'neonatal', reason: 'admission', encounter: baby.encounterId } });
    // The admission's own entry says so too, and comes first in the trail.
    const admitted = trail.of('census.admitted').at(-1)!;
    expect(admitted.details.limits_reset_to).toBe('neonatal');
    expect(admitted.seq).toBeLessThan(reset.seq);

    // A corrected category is a new default too.
    await census.update('bed-1', baby.encounterId, manualPatient({ mrn: 'NEO-1', dob: '2026-03-08', category: 'adult' }), charge);
    expect(alarms.limitsOf('bed-1')).toMatchObject({ profile: 'adult', parameters: { hr: ADULT_PROFILE.parameters.hr } });
  });

  it('a transfer takes the patient\'s own limits to the new bed and the history view with them', async () => {
    const { census, alarms, charge } = await censusHarness();
    const { encounterId } = await census.admit('bed-1', manualPatient({ category: 'paediatric', dob: '2016-05-05' }), charge);
    await alarms.changeLimits('bed-1', 'spo2', { low: 88 }, operator('charge-nurse', 'limit-change'));
    await census.transfer('bed-1', encounterId, 'bed-5', charge);
    expect(alarms.limitsOf('bed-5')).toMatchObject({ profile: 'paediatric', parameters: { spo2: { low: 88 } } });
    const spans = census.spansOf(encounterId);
    expect(spans.map((s) => [s.bedId, s.toSeq === null])).toEqual([
      ['bed-1', false],
      ['bed-5', true],
    ]);
    expect(spans[0]!.toSeq).toBe(spans[1]!.fromSeq);
  });

  it('a limit change still being written for the old patient lands before the reset, never on the new patient', async () => {
    const { census, alarms, trail, charge } = await censusHarness();
    const first = await census.admit('bed-1', manualPatient(), charge);
    await census.discharge('bed-1', first.encounterId, charge);
    trail.mode = 'deferred';
    const change = alarms.changeLimits('bed-1', 'hr', { low: 44 }, operator('charge-nurse', 'limit-change'));
    const admit = census.admit('bed-1', manualPatient({ mrn: 'MRN-300' }), charge);
    await new Promise((r) => setImmediate(r));
    // Both writes are waiting; the change was asked for first, but the admission's write lands first.
    expect(trail.pending).toHaveLength(2);
    const [changeWrite, admitWrite] = trail.pending.splice(0);
    admitWrite!.release();
    await new Promise((r) => setImmediate(r));
    changeWrite!.release();
    await Promise.all([change, admit]);
    expect(alarms.limitsOf('bed-1')!.parameters.hr.low).toBe(ADULT_PROFILE.parameters.hr.low);
  });
});

describe('census: what a person types', () => {
  it('refuses a date of birth after today (the age and category would be unknowable)', async () => {
    const { census, charge } = await censusHarness();
    await expect(census.admit('bed-1', manualPatient({ dob: '2026-03-11' }), charge)).rejects.toThrow(/after today/);
    const { encounterId } = await census.admit('bed-1', manualPatient({ dob: '2026-03-10' }), charge);
    await expect(census.update('bed-1', encounterId, manualPatient({ dob: '2027-01-01' }), charge)).rejects.toThrow(/after today/);
  });
});
