import { describe, expect, it } from 'vitest';
import type { Patient } from '../../../../shared/domain/patient';
import { ageText, categoryFor } from '../../../../shared/domain/patient-age';
import { displayName } from '../../../../electron/main/census/patient-display';
import { harnessesClosedAfterEach } from '../station/station-test-kit';
import { manualPatient, operator } from './census-test-kit';

const patient = (overrides: Partial<Patient> = {}): Patient => ({
  mrn: { id: '7012673', type: 'MR', authority: 'UHN' },
  otherIds: [],
  family: 'Test',
  given: 'Majaconversion',
  dob: '1973-12-30',
  sex: 'F',
  category: 'adult',
  ...overrides,
});

/** At local noon, so the date is the same in every time zone the tests run in. */
const on = (iso: string) => new Date(`${iso}T12:00:00`).getTime();

describe('what a tile shows of its patient', () => {
  it('full name; initials and the hospital number\'s last four; or nothing but the bed', () => {
    expect(displayName(patient(), 'full-name')).toBe('Test, Majaconversion');
    expect(displayName(patient(), 'initials-mrn')).toBe('T.M. ·2673');
    expect(displayName(patient(), 'bed-only')).toBeNull();
    // Given name only, in a script without case; a de-identified record with no name at all.
    expect(displayName(patient({ family: '', given: '李', mrn: { id: '140202199201305536', type: '01', authority: '' } }), 'initials-mrn')).toBe('李. ·5536');
    expect(displayName(patient({ family: '', given: '' }), 'initials-mrn')).toBe('·2673');
    expect(displayName(patient({ family: '', given: '' }), 'full-name')).toBe('No name recorded');
    expect(displayName(patient({ family: 'émile', given: '' }), 'initials-mrn')).toBe('É. ·2673');
  });

  it('age reads in days for the newborn, months for the infant, years after two; the category follows it', () => {
    expect(ageText('2026-03-01', on('2026-03-10'))).toBe('9 d');
    expect(ageText('2025-12-20', on('2026-03-10'))).toBe('2 mo');
    expect(ageText('2024-03-11', on('2026-03-10'))).toBe('23 mo');
    expect(ageText('1973-12-30', on('2026-03-10'))).toBe('52 y');
    expect(ageText('1973-03-10', on('2026-03-10'))).toBe('53 y');
    expect(ageText('2027-01-01', on('2026-03-10'))).toBeNull();
    expect(ageText(null, on('2026-03-10'))).toBeNull();
    expect(categoryFor('2026-02-11', on('2026-03-10'))).toBe('neonatal');
    expect(categoryFor('2026-02-10', on('2026-03-10'))).toBe('paediatric');
    expect(categoryFor('2008-03-11', on('2026-03-10'))).toBe('paediatric');
    expect(categoryFor('2008-03-10', on('2026-03-10'))).toBe('adult');
    expect(categoryFor(null, on('2026-03-10'))).toBeNull();
  });
});

describe('the wall receives no more than its display mode allows', () => {
  const harness = harnessesClosedAfterEach();

  it('in initials mode neither the snapshot nor the census events carry the name or date of birth; bed-only not even the initials', async () => {
    const h = await harness({ beds: 3, wallMode: true, config: { wall: { allowClinicalActions: false } } });
    await h.station.open();
    expect(h.station.patientDisplay.mode).toBe('initials-mrn');
    // The simulated unit starts with pseudonymous patients: make room for ours.
    await h.station.census.discharge('bed-1', h.station.census.encounterIdIn('bed-1')!, operator('charge-nurse'));
    await h.station.census.admit('bed-1', manualPatient({ family: 'Zebedee', given: 'Quintessa', dob: '1944-07-19', mrn: 'MRN-55501' }), operator('charge-nurse'));
    const events = JSON.stringify(h.view.of('unit:census'));
    const snapshot = JSON.stringify(h.station.snapshot());
    for (const text of [events, snapshot]) {
      expect(text).toContain('Z.Q. ·5501');
      expect(text).not.toMatch(/Zebedee|Quintessa|1944|MRN-55501/);
    }
    expect(h.station.snapshot().census.beds[0]).toMatchObject({ bedId: 'bed-1', category: 'adult', age: expect.stringMatching(/^\d+ y$/) });
    await h.station.patientDisplay.set('bed-only', operator('admin', 'configure' as never));
    expect(JSON.stringify(h.station.snapshot().census)).not.toMatch(/Z\.Q\.|5501/);
    expect(h.station.snapshot().census.beds[0]).toMatchObject({ name: null, category: 'adult' });
  });

  it('an admin\'s change of display mode is audited before it applies and kept across a restart; a nurse cannot change it', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'vigil-display-')), 'display.json');
    const h = await harness({ beds: 2 });
    const { PatientDisplaySetting } = await import('../../../../electron/main/census/patient-display-setting');
    const setting = new PatientDisplaySetting({ configured: 'full-name', file, audit: h.audit });
    await setting.load();
    expect(() => setting.set('bed-only', operator('nurse', 'configure' as never))).toThrow(/not authorised/);
    await setting.set('initials-mrn', operator('admin', 'configure' as never));
    const rows = (await h.audit.query({ action: 'config.changed', limit: 5 })).rows;
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ setting: 'patient_display', before: 'full-name', after: 'initials-mrn' });
    const restarted = new PatientDisplaySetting({ configured: 'full-name', file, audit: h.audit });
    await restarted.load();
    expect(restarted.mode).toBe('initials-mrn');
  });
});

describe('ages move on without a census change', () => {
  const harness = harnessesClosedAfterEach();

  it('a neonate\'s age on the wall turns over at midnight within a minute, and nothing is re-sent while no tile changes', async () => {
    const { FakeClock } = await import('../../../support/fake-clock');
    const { Station } = await import('../../../../electron/main/station/station');
    const base = await harness({ beds: 2, config: { feed: { kind: 'gateway', urls: ['http://127.0.0.1:1'], token: 'token-123456' }, beds: [{ bedId: 'bed-1', label: 'Bed 1', patient: null }, { bedId: 'bed-2', label: 'Bed 2', patient: null }] } });
    // Half a minute before local midnight on 10 March: a baby born on the 7th is 3 days old.
    const clock = new FakeClock({ wall: new Date(2026, 2, 10, 23, 59, 30).getTime() });
    const station = new Station({ ...base.options, clock });
    try {
      await station.open();
      await station.census.admit('bed-1', manualPatient({ mrn: 'NEO-1', dob: '2026-03-07', category: 'neonatal' }), operator('charge-nurse'));
      const sent: unknown[] = [];
      station.attach({ event: (channel, payload) => channel === 'unit:census' && sent.push(payload), waveformFrame: () => undefined });
      expect(station.snapshot().census.beds[0]!.age).toBe('3 d');
      station.tick();
      expect(sent).toEqual([]);
      clock.advance(20_000);
      station.tick();
      expect(sent).toEqual([]);
      // Past midnight, and a minute since the last look.
      clock.advance(45_000);
      station.tick();
      expect(sent).toHaveLength(1);
      expect((sent[0] as { beds: Array<{ age: string }> }).beds[0]!.age).toBe('4 d');
      clock.advance(60_000);
      station.tick();
      expect(sent).toHaveLength(1);
    } finally {
      await station.dispose();
    }
  });
});
