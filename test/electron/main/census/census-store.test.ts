import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CensusFileStore, MemoryCensusStore } from '../../../../electron/main/census/census-store';
import { tempDir } from '../audit/audit-test-kit';
import { adt, censusHarness, manualPatient, occupancy } from './census-test-kit';

/**
 * The census survives a restart: census.json in the data folder, replaced
 * atomically after every change and before the change is confirmed. A
 * damaged file is never read as "nobody is admitted".
 */
describe('census: kept across a restart', () => {
  it('a restarted station has the same patients, history spans and version, and each bed back on its patient\'s category limits', async () => {
    const file = join(tempDir('vigil-census-'), 'census.json');
    const first = await censusHarness({ store: new CensusFileStore(file, 'st') });
    const { encounterId } = await first.census.admit('bed-1', manualPatient({ mrn: 'NEO-9', dob: '2026-03-05', category: 'neonatal' }), first.charge);
    await first.census.transfer('bed-1', encounterId, 'bed-2', first.charge);
    await first.census.applyFeed(adt('admit', 'bed-4'), 'adt');
    const spans = first.census.spansOf(encounterId);

    const second = await censusHarness({ store: new CensusFileStore(file, 'st') });
    expect(occupancy(second.census)).toEqual(occupancy(first.census));
    expect(second.census.spansOf(encounterId)).toEqual(spans);
    expect(second.census.version).toBe(first.census.version);
    // Limits are not kept across a restart: the neonate's bed is on neonatal limits again, not the adult default.
    expect(second.alarms.limitsOf('bed-2')?.profile).toBe('neonatal');
    expect(second.trail.of('limits.reset').map((e) => e.details.reason)).toEqual(['census-restored', 'census-restored']);
    expect(second.trail.of('census.loaded')[0]!.details).toMatchObject({ from: 'file', active: 2, unknown_beds: 0 });
    // Owner-only: the file holds names and dates of birth.
    if (process.platform !== 'win32') expect((await import('node:fs')).statSync(file).mode & 0o077).toBe(0);
  });

  it('the file is on disk before a change is confirmed; a temp file left by a crash mid-write is not read', async () => {
    const dir = tempDir('vigil-census-');
    const file = join(dir, 'census.json');
    const h = await censusHarness({ store: new CensusFileStore(file, 'st') });
    await h.census.admit('bed-3', manualPatient(), h.charge);
    expect(JSON.parse(readFileSync(file, 'utf8')).encounters).toHaveLength(1);
    // What a crash between write and rename leaves behind.
    writeFileSync(join(dir, 'census.json.1234.deadbeef.tmp'), '{"format":"vigil-census/1","enc');
    const again = await censusHarness({ store: new CensusFileStore(file, 'st') });
    expect(occupancy(again.census)['bed-3']).toBe('MRN-100');
  });

  it('an unreadable file is set aside for IT; every bed is "patient unknown" (CENSUS_UNAVAILABLE) until a person sets it', async () => {
    const dir = tempDir('vigil-census-');
    const file = join(dir, 'census.json');
    writeFileSync(file, '{"format":"vigil-census/1","stationId":"st","version":3,"savedAt":1,"encounters":[{"encounterId":');
    const h = await censusHarness({ store: new CensusFileStore(file, 'st') });
    expect(readdirSync(dir).some((f) => f.startsWith('census.json.unreadable-'))).toBe(true);
    expect(h.census.display('full-name').beds.every((b) => b.unknown && b.encounterId === null)).toBe(true);
    expect(h.technical.has('CENSUS_UNAVAILABLE:*')).toBe(true);
    expect(h.census.details(h.charge).unavailable).toBe(true);
    expect(h.trail.of('census.loaded')[0]!.details).toMatchObject({ from: 'unreadable', unknown_beds: 6 });

    await h.census.admit('bed-1', manualPatient(), h.charge);
    for (const bedId of ['bed-2', 'bed-3', 'bed-4', 'bed-5']) await h.census.confirmReview(bedId, null, h.charge);
    expect(h.technical.has('CENSUS_UNAVAILABLE:*')).toBe(true);
    await h.census.confirmReview('bed-6', null, h.charge);
    expect(h.technical.has('CENSUS_UNAVAILABLE:*')).toBe(false);
    expect(h.census.display('full-name').beds.some((b) => b.unknown)).toBe(false);
    expect(h.trail.of('census.review-confirmed')).toHaveLength(5);
    // The census written now is a good one; the bad one is still there for IT.
    expect(existsSync(file)).toBe(true);
    const after = await censusHarness({ store: new CensusFileStore(file, 'st') });
    expect(occupancy(after.census)['bed-1']).toBe('MRN-100');
  });

  it('another station\'s census file is not this station\'s patients', async () => {
    const file = join(tempDir('vigil-census-'), 'census.json');
    const other = await censusHarness({ store: new CensusFileStore(file, 'st') });
    await other.census.admit('bed-1', manualPatient(), other.charge);
    // The same data folder under another station id (a copied folder, a changed config).
    const h = await censusHarness({ store: new CensusFileStore(file, 'icu4-central') });
    expect(h.census.occupant('bed-1')).toBeNull();
    expect(h.census.display('full-name').beds[0]!.unknown).toBe(true);
  });

  it('a census it cannot save raises CENSUS_UNSAVED; the feed hears AE until a resend is saved', async () => {
    const store = new MemoryCensusStore();
    const h = await censusHarness({ store });
    store.failWith = new Error('ENOSPC: no space left on device');
    const outcome = await h.census.applyFeed(adt('admit', 'bed-1'), 'adt');
    expect(outcome).toMatchObject({ applied: false, reason: 'not-saved' });
    // Applied and audited (the trail is the record), shown, and loudly not saved.
    expect(occupancy(h.census)['bed-1']).toBe('F-700');
    expect(h.technical.has('CENSUS_UNSAVED:*')).toBe(true);
    // A manual change still works (and says it is unsaved through the alarm).
    await h.census.admit('bed-2', manualPatient(), h.charge);
    store.failWith = null;
    // The sender resends: nothing to change, and now it is on disk.
    expect(await h.census.applyFeed(adt('admit', 'bed-1'), 'adt')).toEqual({ applied: true, changed: false });
    expect(h.technical.has('CENSUS_UNSAVED:*')).toBe(false);
    expect(store.saved?.encounters).toHaveLength(2);
  });
});
