import { describe, expect, it } from 'vitest';
import { adt, censusHarness, manualPatient, occupancy } from './census-test-kit';

/**
 * The ADT feed applied to the census: transitions (admit, transfer,
 * discharge, update, register, pre-admit), the cancels, the conflict rule
 * (the feed is the source of truth for identity), and events as episodes:
 * an out-of-order transfer after a discharge, a cancel for something never
 * seen, a manual change racing a feed change for the same bed.
 */
describe('census: the ADT feed', () => {
  it('admit → transfer → update → discharge; the update never moves anyone', async () => {
    const { census, trail } = await censusHarness();
    expect(await census.applyFeed(adt('admit', 'bed-1'), 'adt')).toEqual({ applied: true, changed: true });
    expect(occupancy(census)['bed-1']).toBe('F-700');
    expect(census.occupant('bed-1')).toMatchObject({ source: 'feed', admittedBy: { kind: 'feed', connection: 'adt' }, visitNumber: 'V-1', patient: { category: 'adult' } });
    expect(await census.applyFeed(adt('transfer', 'bed-3', { prior: { kind: 'bed', bedId: 'bed-1' } }), 'adt')).toEqual({ applied: true, changed: true });
    expect(occupancy(census)).toMatchObject({ 'bed-1': null, 'bed-3': 'F-700' });
    // A08 naming another bed: identity taken, location ignored.
    expect(await census.applyFeed(adt('update', 'bed-5', { patient: { given: 'Bertil', dob: '1950-01-21' } }), 'adt')).toEqual({ applied: true, changed: true });
    expect(occupancy(census)).toMatchObject({ 'bed-3': 'F-700', 'bed-5': null });
    expect(census.occupant('bed-3')?.patient).toMatchObject({ given: 'Bertil', dob: '1950-01-21' });
    expect(await census.applyFeed(adt('discharge', 'bed-3'), 'adt')).toEqual({ applied: true, changed: true });
    expect(occupancy(census)['bed-3']).toBeNull();
    const actions = trail.entries.filter((e) => e.action.startsWith('census.') && e.action !== 'census.loaded');
    expect(actions.map((e) => e.action)).toEqual(['census.admitted', 'census.transferred', 'census.updated', 'census.discharged']);
    for (const e of actions) expect(e.actor).toEqual({ userId: 'adt-feed', role: 'feed' });
    expect(actions[0]!.details).toMatchObject({ source: 'adt', event: 'A01', control_id: 'CTL-1', patient_id: 'F-700', visit: 'V-1' });
  });

  it('a message the station already matches changes nothing and is still applied (the ACK may be AA)', async () => {
    const { census, trail } = await censusHarness();
    await census.applyFeed(adt('admit', 'bed-1'), 'adt');
    const entries = trail.entries.length;
    expect(await census.applyFeed(adt('admit', 'bed-1'), 'adt')).toEqual({ applied: true, changed: false });
    expect(await census.applyFeed(adt('transfer', 'bed-1'), 'adt')).toEqual({ applied: true, changed: false });
    // Someone else's discharge, an admission to another ward, a pre-admission, an outpatient registration: nothing here.
    expect(await census.applyFeed(adt('discharge', null, { mrn: 'OTHER-1' }), 'adt')).toEqual({ applied: true, changed: false });
    expect(await census.applyFeed(adt('admit', { kind: 'elsewhere' }, { mrn: 'OTHER-2' }), 'adt')).toEqual({ applied: true, changed: false });
    expect(await census.applyFeed(adt('preadmit', 'bed-2', { mrn: 'OTHER-3' }), 'adt')).toEqual({ applied: true, changed: false });
    expect(await census.applyFeed(adt('register', { kind: 'elsewhere' }, { mrn: 'OTHER-4' }), 'adt')).toEqual({ applied: true, changed: false });
    expect(trail.entries).toHaveLength(entries);
    expect(occupancy(census)).toMatchObject({ 'bed-1': 'F-700', 'bed-2': null });
  });

  it('the category follows the date of birth (unknown: the default, flagged as assumed); a category a person set stays', async () => {
    const { census, charge } = await censusHarness();
    await census.applyFeed(adt('admit', 'bed-1', { mrn: 'N-1', patient: { dob: '2026-03-01' } }), 'adt');
    await census.applyFeed(adt('admit', 'bed-2', { mrn: 'P-1', patient: { dob: '2019-03-01' } }), 'adt');
    await census.applyFeed(adt('admit', 'bed-3', { mrn: 'U-1', patient: { dob: null } }), 'adt');
    expect(census.occupant('bed-1')?.patient.category).toBe('neonatal');
    expect(census.occupant('bed-2')?.patient.category).toBe('paediatric');
    expect(census.occupant('bed-3')).toMatchObject({ categoryAssumed: true, patient: { category: 'adult' } });
    const p = census.occupant('bed-2')!;
    await census.update('bed-2', p.encounterId, { ...manualPatient({ mrn: 'P-1' }), family: p.patient.family, given: p.patient.given, dob: p.patient.dob, sex: p.patient.sex, mrn: p.patient.mrn, category: 'adult' }, charge);
    await census.applyFeed(adt('update', null, { mrn: 'P-1', patient: { dob: '2019-03-02' } }), 'adt');
    expect(census.occupant('bed-2')?.patient).toMatchObject({ dob: '2019-03-02', category: 'adult' });
  });

  it('the feed owns identity: a charge nurse may change a feed patient\'s category, not their name', async () => {
    const { census, charge } = await censusHarness();
    await census.applyFeed(adt('admit', 'bed-1'), 'adt');
    const e = census.occupant('bed-1')!;
    const same = { mrn: e.patient.mrn, family: e.patient.family, given: e.patient.given, dob: e.patient.dob, sex: e.patient.sex, category: e.patient.category };
    await expect(census.update('bed-1', e.encounterId, { ...same, family: 'Typo' }, charge)).rejects.toThrow(/ADT feed owns this patient's identity/);
    await census.update('bed-1', e.encounterId, { ...same, category: 'paediatric' }, charge);
    expect(census.occupant('bed-1')?.patient).toMatchObject({ family: 'Lindqvist', category: 'paediatric' });
  });

  describe('the conflict rule', () => {
    it('a manual admission of a bed the feed then admits with someone else is replaced, audited and flagged for the charge nurse', async () => {
      const { census, trail, charge, technical } = await censusHarness();
      const manual = await census.admit('bed-2', manualPatient({ mrn: 'MAN-1' }), charge);
      await census.applyFeed(adt('admit', 'bed-2'), 'adt');
      expect(occupancy(census)['bed-2']).toBe('F-700');
      expect(census.occupant('bed-2')?.review?.reason).toBe('replaced-manual-admission');
      const replaced = trail.of('census.replaced-by-feed')[0]!;
      expect(replaced).toMatchObject({ bedId: 'bed-2', details: { encounter: manual.encounterId, patient_id: 'MAN-1', same_patient: false } });
      expect(replaced.seq).toBeLessThan(trail.of('census.admitted').at(-1)!.seq);
      expect(technical.has('ADT_REVIEW:bed-2')).toBe(true);
      // A new patient: the bed's limits are the new patient's category default.
      expect(trail.of('limits.reset').at(-1)).toMatchObject({ bedId: 'bed-2', details: { reason: 'admission' } });
      // The charge nurse checks and confirms: the flag and its technical alarm clear.
      await census.confirmReview('bed-2', census.occupant('bed-2')!.encounterId, charge);
      expect(census.occupant('bed-2')?.review).toBeNull();
      expect(technical.has('ADT_REVIEW:bed-2')).toBe(false);
      expect(trail.of('census.review-confirmed')[0]!.details).toMatchObject({ confirmed: 'replaced-manual-admission' });
    });

    it('the same patient admitted by hand is taken over by the feed: one encounter, the feed\'s identity, limits kept', async () => {
      const { census, trail, charge } = await censusHarness();
      const manual = await census.admit('bed-1', manualPatient({ mrn: 'F-700', family: 'Lindkvist', given: 'Bo', dob: '1950-01-20', sex: 'M' }), charge);
      const resets = trail.of('limits.reset').length;
      await census.applyFeed(adt('admit', 'bed-1'), 'adt');
      expect(census.occupant('bed-1')).toMatchObject({ encounterId: manual.encounterId, source: 'feed', visitNumber: 'V-1', patient: { family: 'Lindqvist' }, review: { reason: 'replaced-manual-admission' } });
      expect(trail.of('census.replaced-by-feed')[0]!.details).toMatchObject({ same_patient: true, fields: 'family' });
      expect(trail.of('limits.reset')).toHaveLength(resets);
    });

    it('a feed patient in the way of another feed admission is displaced (active, no bed, flagged), not lost', async () => {
      const { census, charge } = await censusHarness();
      await census.applyFeed(adt('admit', 'bed-4', { mrn: 'OLD-1', visitNumber: 'V-9' }), 'adt');
      await census.applyFeed(adt('admit', 'bed-4'), 'adt');
      expect(occupancy(census)['bed-4']).toBe('F-700');
      const details = census.details(charge);
      expect(details.unplaced).toEqual([expect.objectContaining({ patient: expect.objectContaining({ mrn: expect.objectContaining({ id: 'OLD-1' }) }), review: expect.objectContaining({ reason: 'displaced-by-feed' }) })]);
      expect(census.occupant('bed-4')?.review?.reason).toBe('displaced-previous-patient');
      // The displaced patient's next transfer places them again.
      await census.applyFeed(adt('transfer', 'bed-5', { mrn: 'OLD-1', visitNumber: 'V-9' }), 'adt');
      expect(occupancy(census)['bed-5']).toBe('OLD-1');
      expect(census.details(charge).unplaced).toEqual([]);
    });
  });

  describe('events are episodes', () => {
    it('a transfer that arrives after the discharge of its visit is refused, not a re-admission', async () => {
      const { census } = await censusHarness();
      await census.applyFeed(adt('admit', 'bed-1'), 'adt');
      await census.applyFeed(adt('discharge', 'bed-1'), 'adt');
      const outcome = await census.applyFeed(adt('transfer', 'bed-2'), 'adt');
      expect(outcome).toMatchObject({ applied: false, reason: 'visit-not-active' });
      expect(occupancy(census)).toMatchObject({ 'bed-1': null, 'bed-2': null });
      // A new visit of the same patient is a new stay: the transfer places them.
      expect(await census.applyFeed(adt('transfer', 'bed-2', { visitNumber: 'V-2' }), 'adt')).toEqual({ applied: true, changed: true });
      expect(census.occupant('bed-2')?.review?.reason).toBe('transfer-without-admission');
    });

    it('a cancel for something never seen (or never done by the feed) is refused with a reason', async () => {
      const { census, charge } = await censusHarness();
      for (const action of ['cancel-admit', 'cancel-transfer', 'cancel-discharge'] as const) {
        expect(await census.applyFeed(adt(action, 'bed-1', { mrn: 'NEVER-1' }), 'adt')).toMatchObject({ applied: false, reason: 'nothing-to-cancel' });
      }
      await census.admit('bed-1', manualPatient({ mrn: 'MAN-5' }), charge);
      expect(await census.applyFeed(adt('cancel-admit', 'bed-1', { mrn: 'MAN-5' }), 'adt')).toMatchObject({ applied: false, reason: 'nothing-to-cancel' });
      expect(occupancy(census)['bed-1']).toBe('MAN-5');
      // Admitted once, never moved: no transfer to cancel.
      await census.applyFeed(adt('admit', 'bed-2'), 'adt');
      expect(await census.applyFeed(adt('cancel-transfer', 'bed-2'), 'adt')).toMatchObject({ applied: false, reason: 'nothing-to-cancel' });
    });

    it('A11 cancels the admission as if it never happened (not a discharge); sent twice, the second changes nothing', async () => {
      const { census, trail } = await censusHarness();
      await census.applyFeed(adt('admit', 'bed-1'), 'adt');
      expect(await census.applyFeed(adt('cancel-admit', 'bed-1'), 'adt')).toEqual({ applied: true, changed: true });
      expect(occupancy(census)['bed-1']).toBeNull();
      expect(trail.of('census.admission-cancelled')).toHaveLength(1);
      expect(trail.of('census.discharged')).toHaveLength(0);
      expect(await census.applyFeed(adt('cancel-admit', 'bed-1'), 'adt')).toEqual({ applied: true, changed: false });
    });

    it('A12 puts the patient back where the station\'s history says, even when PV1-3 names a bed never used (flagged)', async () => {
      const { census, alarms } = await censusHarness();
      await census.applyFeed(adt('admit', 'bed-1'), 'adt');
      await census.applyFeed(adt('transfer', 'bed-2'), 'adt');
      await census.applyFeed(adt('transfer', 'bed-3'), 'adt');
      // PV1-3 should be bed-2 (before the cancelled transfer); this feed says another ward.
      expect(await census.applyFeed(adt('cancel-transfer', { kind: 'elsewhere' }, { prior: { kind: 'bed', bedId: 'bed-3' } }), 'adt')).toEqual({ applied: true, changed: true });
      expect(occupancy(census)).toMatchObject({ 'bed-2': 'F-700', 'bed-3': null });
      expect(census.occupant('bed-2')?.review?.reason).toBe('restored-from-history');
      expect(alarms.limitsOf('bed-2')?.profile).toBe('adult');
      // When PV1-3 agrees with the history, nobody needs to look.
      await census.applyFeed(adt('transfer', 'bed-6'), 'adt');
      await census.applyFeed(adt('cancel-transfer', 'bed-2'), 'adt');
      expect(occupancy(census)['bed-2']).toBe('F-700');
    });

    it('A13 brings the visit back: to PV1-3\'s bed, or from history when PV1-3 has none (flagged), never into someone else\'s bed', async () => {
      const { census } = await censusHarness();
      await census.applyFeed(adt('admit', 'bed-1'), 'adt');
      await census.applyFeed(adt('discharge', 'bed-1'), 'adt');
      expect(await census.applyFeed(adt('cancel-discharge', null), 'adt')).toEqual({ applied: true, changed: true });
      expect(census.occupant('bed-1')?.review?.reason).toBe('restored-from-history');
      await census.applyFeed(adt('discharge', 'bed-1'), 'adt');
      await census.applyFeed(adt('admit', 'bed-1', { mrn: 'NEXT-1', visitNumber: 'V-7' }), 'adt');
      expect(await census.applyFeed(adt('cancel-discharge', null), 'adt')).toMatchObject({ applied: false, reason: 'bed-occupied' });
      expect(occupancy(census)['bed-1']).toBe('NEXT-1');
      // A name that changes inside the cancel: one patient (by number and visit), flagged.
      expect(await census.applyFeed(adt('cancel-discharge', 'bed-2', { patient: { family: 'Renamed' } }), 'adt')).toEqual({ applied: true, changed: true });
      expect(census.occupant('bed-2')).toMatchObject({ patient: { family: 'Renamed' }, review: { reason: 'identity-changed-in-cancel' } });
    });

    it('a transfer into one of this unit\'s beds the bed map does not know is refused; out of the unit, the bed is freed', async () => {
      const { census, charge } = await censusHarness();
      await census.applyFeed(adt('admit', 'bed-1'), 'adt');
      expect(await census.applyFeed(adt('transfer', { kind: 'unmapped-bed' }), 'adt')).toMatchObject({ applied: false, reason: 'unmapped-bed' });
      expect(occupancy(census)['bed-1']).toBe('F-700');
      // Into the unit with no bed named: out of bed 1, listed as unplaced for the charge nurse.
      await census.applyFeed(adt('transfer', { kind: 'unit-no-bed' }), 'adt');
      expect(occupancy(census)['bed-1']).toBeNull();
      expect(census.details(charge).unplaced).toHaveLength(1);
      await census.applyFeed(adt('transfer', { kind: 'elsewhere' }), 'adt');
      expect(census.details(charge).unplaced).toHaveLength(0);
    });
  });

  describe('a manual change racing the feed for the same bed', () => {
    it('manual admission first: the feed admission that follows replaces it (conflict rule)', async () => {
      const { census, trail, charge } = await censusHarness();
      trail.mode = 'deferred';
      const manual = census.admit('bed-3', manualPatient({ mrn: 'MAN-1' }), charge);
      const feed = census.applyFeed(adt('admit', 'bed-3'), 'adt');
      await settleAll(trail);
      await manual;
      expect(await feed).toEqual({ applied: true, changed: true });
      expect(occupancy(census)['bed-3']).toBe('F-700');
      expect(census.occupant('bed-3')?.review?.reason).toBe('replaced-manual-admission');
    });

    it('feed admission first: the manual admission that follows finds the bed taken and is refused', async () => {
      const { census, trail, charge } = await censusHarness();
      trail.mode = 'deferred';
      const feed = census.applyFeed(adt('admit', 'bed-3'), 'adt');
      const manual = census.admit('bed-3', manualPatient({ mrn: 'MAN-1' }), charge);
      const refused = expect(manual).rejects.toThrow(/Bed 3 already has a patient/);
      await settleAll(trail);
      expect(await feed).toEqual({ applied: true, changed: true });
      await refused;
      expect(occupancy(census)['bed-3']).toBe('F-700');
      expect(trail.of('census.admitted')).toHaveLength(1);
    });

    it('a discharge from a screen that showed the patient the feed has since replaced is refused', async () => {
      const { census, charge } = await censusHarness();
      const manual = await census.admit('bed-2', manualPatient({ mrn: 'MAN-1' }), charge);
      await census.applyFeed(adt('admit', 'bed-2'), 'adt');
      await expect(census.discharge('bed-2', manual.encounterId, charge)).rejects.toThrow(/changed since this screen was shown/);
      expect(occupancy(census)['bed-2']).toBe('F-700');
    });
  });
});

async function settleAll(trail: { pending: Array<{ release(): void }> }): Promise<void> {
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setImmediate(r));
    while (trail.pending.length > 0) trail.pending.shift()!.release();
  }
}
