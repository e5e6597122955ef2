import { describe, expect, it } from 'vitest';
import { patientAlarmHistory } from '../../../../electron/main/census/patient-history';
import type { BedSpan } from '../../../../electron/main/census/encounter-record';
import type { MemoryCensusStore } from '../../../../electron/main/census/census-store';
import { waitFor } from '../audit/audit-test-kit';
import { adt, censusHarness, manualPatient, occupancy, type RecordingTrail } from './census-test-kit';

/**
 * Census changes while the audit store cannot write (issue 14 item 1 meets
 * issue 16): they are clinical actions, so they are done and made durable in
 * the fallback journal like an acknowledgement. A stay's beds are bounded by
 * audit seqs, which a journal entry does not have until it is imported; the
 * boundary is never guessed meanwhile, and is placed exactly once the
 * imported row is in the trail.
 */

/** An alarm row on a bed, named so a test can tell whose it is. */
function alarmOn(trail: RecordingTrail, bedId: string, tag: string): void {
  trail.record({ action: 'alarm.onset', bedId, details: { tag } });
}

async function historyOf(trail: RecordingTrail, spans: readonly BedSpan[]): Promise<{ tags: string[]; incomplete: boolean }> {
  const page = await patientAlarmHistory(trail, spans, { limit: 100 });
  return { tags: page.rows.map((r) => (JSON.parse(r.details) as { tag: string }).tag).reverse(), incomplete: page.incomplete };
}

const journalMarks = (spans: readonly BedSpan[]) => spans.filter((s) => s.fromJournal || s.toJournal).length;

describe('census changes while the audit store is down', () => {
  it('a transfer and an admission are done, journalled, and no history is guessed; once imported, each stay is bounded by its imported rows', async () => {
    const { census, trail, charge, store } = await censusHarness();
    const a = (await census.admit('bed-1', manualPatient({ mrn: 'MRN-A' }), charge)).encounterId;
    alarmOn(trail, 'bed-1', 'A before the outage');
    const headBefore = trail.chainStatus().headSeq;

    trail.mode = 'journal';
    alarmOn(trail, 'bed-1', 'A in bed 1 during the outage');
    await census.transfer('bed-1', a, 'bed-2', charge);
    alarmOn(trail, 'bed-2', 'A in bed 2 during the outage');
    const b = (await census.admit('bed-1', manualPatient({ mrn: 'MRN-B' }), charge)).encounterId;
    alarmOn(trail, 'bed-1', 'B in bed 1 during the outage');

    // Done: the beds show the change, and the entries are in the journal, in call order.
    expect(occupancy(census)).toMatchObject({ 'bed-1': 'MRN-B', 'bed-2': 'MRN-A' });
    // (A transfer carries the patient's limits along, an admission resets them: each a limits.reset after the census entry.)
    expect(trail.journal.map((e) => e.action)).toEqual(['alarm.onset', 'census.transferred', 'limits.reset', 'alarm.onset', 'census.admitted', 'limits.reset', 'alarm.onset']);
    expect(trail.journal.find((e) => e.action === 'census.admitted')!.details).toMatchObject({ encounter: b, patient_id: 'MRN-B' });
    // The boundaries wait for their rows, bounded by the trail's head when they were written; the saved file keeps that.
    expect(census.awaitingJournalImport).toBe(true);
    expect(census.spansOf(a)).toMatchObject([
      { bedId: 'bed-1', toSeq: headBefore, toJournal: { journalId: trail.journalId } },
      { bedId: 'bed-2', fromSeq: headBefore, fromJournal: { journalId: trail.journalId }, toSeq: null },
    ]);
    expect((store as MemoryCensusStore).saved!.encounters.filter((e) => journalMarks(e.spans) > 0)).toHaveLength(2);

    // The store is back and the journal imported, but the census has not placed its entries yet:
    // B's alarm (above A's unplaced end) is never shown as A's, and both lists say they are incomplete.
    trail.importJournal();
    expect(await historyOf(trail, census.spansOf(a))).toEqual({ tags: ['A before the outage'], incomplete: true });
    expect(await historyOf(trail, census.spansOf(b))).toEqual({ tags: [], incomplete: true });
    expect(census.encounterAt('bed-1', { seq: headBefore })).toMatchObject({ encounterId: a });
    expect(census.encounterAt('bed-1', { seq: headBefore + 1 })).toBe('unknown');

    expect(await census.placeJournalledEntries()).toBe(3);
    const transferRow = trail.of('census.transferred')[0]!;
    const admitRow = trail.of('census.admitted').at(-1)!;
    expect(census.spansOf(a)).toEqual([
      expect.objectContaining({ bedId: 'bed-1', toSeq: transferRow.seq }),
      expect.objectContaining({ bedId: 'bed-2', fromSeq: transferRow.seq, toSeq: null }),
    ]);
    expect(census.spansOf(b)).toEqual([expect.objectContaining({ bedId: 'bed-1', fromSeq: admitRow.seq })]);
    expect(journalMarks([...census.spansOf(a), ...census.spansOf(b)])).toBe(0);
    expect(census.awaitingJournalImport).toBe(false);
    expect((store as MemoryCensusStore).saved!.encounters.every((e) => journalMarks(e.spans) === 0)).toBe(true);

    expect(await historyOf(trail, census.spansOf(a))).toEqual({ tags: ['A before the outage', 'A in bed 1 during the outage', 'A in bed 2 during the outage'], incomplete: false });
    expect(await historyOf(trail, census.spansOf(b))).toEqual({ tags: ['B in bed 1 during the outage'], incomplete: false });
    expect(census.encounterAt('bed-1', { seq: admitRow.seq + 1 })).toMatchObject({ encounterId: b });
  });

  it('an ADT feed admission and discharge are applied (the ACK may be AA) with their entries in the journal', async () => {
    const { census, trail } = await censusHarness();
    trail.mode = 'journal';
    expect(await census.applyFeed(adt('admit', 'bed-3'), 'adt')).toEqual({ applied: true, changed: true });
    expect(occupancy(census)['bed-3']).toBe('F-700');
    expect(await census.applyFeed(adt('discharge', 'bed-3'), 'adt')).toEqual({ applied: true, changed: true });
    expect(occupancy(census)['bed-3']).toBeNull();
    expect(trail.journal.filter((e) => e.action.startsWith('census.')).map((e) => [e.action, e.actor, e.details.patient_id])).toEqual([
      ['census.admitted', { userId: 'adt-feed', role: 'feed' }, 'F-700'],
      ['census.discharged', { userId: 'adt-feed', role: 'feed' }, 'F-700'],
    ]);
    trail.importJournal();
    expect(await census.placeJournalledEntries()).toBe(2);
    expect(census.awaitingJournalImport).toBe(false);
  });

  it('a census saved during the outage is placed by the next start, once that start has imported the journal', async () => {
    const first = await censusHarness();
    const a = (await first.census.admit('bed-1', manualPatient({ mrn: 'MRN-A' }), first.charge)).encounterId;
    first.trail.mode = 'journal';
    await first.census.discharge('bed-1', a, first.charge);
    const b = (await first.census.admit('bed-1', manualPatient({ mrn: 'MRN-B' }), first.charge)).encounterId;

    // Restarted: the store opens and imports the journal before anything else, then the census loads its file.
    first.trail.importJournal();
    const second = await censusHarness({ store: first.store, trail: { trail: first.trail, clock: first.clock } });
    await waitFor(() => !second.census.awaitingJournalImport);
    expect(second.census.spansOf(a)).toEqual([expect.objectContaining({ toSeq: first.trail.of('census.discharged')[0]!.seq })]);
    expect(second.census.spansOf(b)).toEqual([expect.objectContaining({ fromSeq: first.trail.of('census.admitted').at(-1)!.seq })]);
    await waitFor(() => ((second.store as MemoryCensusStore).saved?.encounters ?? []).every((e) => journalMarks(e.spans) === 0));
  });

  it('asked again while it reads (the store came back after a second outage), it reads again: the later entries are placed too', async () => {
    const { census, trail, charge } = await censusHarness();
    const a = (await census.admit('bed-1', manualPatient({ mrn: 'MRN-A' }), charge)).encounterId;
    trail.mode = 'journal';
    await census.discharge('bed-1', a, charge);
    trail.importJournal();
    // The first read is slow (the writer thread is busy with a full verification).
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const query = trail.query.bind(trail);
    trail.query = async (q) => {
      await gate;
      return query(q);
    };
    const first = census.placeJournalledEntries();
    trail.mode = 'journal';
    const b = (await census.admit('bed-1', manualPatient({ mrn: 'MRN-B' }), charge)).encounterId;
    trail.importJournal();
    void census.placeJournalledEntries();
    release();
    expect(await first).toBe(1);
    await waitFor(() => !census.awaitingJournalImport);
    expect(census.spansOf(b)).toEqual([expect.objectContaining({ fromSeq: trail.of('census.admitted').at(-1)!.seq })]);
  });

  it('an entry whose journal never reaches the trail (a rejected segment) leaves its boundary unknown for good: never guessed', async () => {
    const { census, trail, charge } = await censusHarness();
    const a = (await census.admit('bed-1', manualPatient({ mrn: 'MRN-A' }), charge)).encounterId;
    trail.mode = 'journal';
    await census.discharge('bed-1', a, charge);
    // The trail cannot be read yet: nothing is placed, nothing is lost.
    expect(await census.placeJournalledEntries()).toBe(0);
    expect(census.awaitingJournalImport).toBe(true);
    // The segment is rejected at import (damaged or forged): its lines never become rows.
    trail.journal.length = 0;
    trail.mode = 'ok';
    alarmOn(trail, 'bed-1', 'after the outage: nobody in bed 1');
    expect(await census.placeJournalledEntries()).toBe(0);
    expect(census.awaitingJournalImport).toBe(true);
    expect(await historyOf(trail, census.spansOf(a))).toEqual({ tags: [], incomplete: true });
    expect(census.encounterAt('bed-1', { seq: trail.chainStatus().headSeq })).toBe('unknown');
  });
});
