import { describe, expect, it } from 'vitest';
import { isStationEpisodeIdOf, stationEpisodeId } from '../../../shared/protocol/episode';
import { judgeResume, JournalEntrySchema, JournalStateSchema } from '../../../shared/protocol/journal';

const journal = { journalId: 'j-0123456789abcdef', oldest: 11, head: 20, createdAt: 0 };

describe('protocol: resuming from a journal position (judgeResume)', () => {
  it('complete only when the same journal still holds the entry right after the position and is not behind it', () => {
    expect(judgeResume({ journalId: journal.journalId, pos: 20 }, journal)).toEqual({ complete: true, after: 20 });
    expect(judgeResume({ journalId: journal.journalId, pos: 10 }, journal)).toEqual({ complete: true, after: 10 });
    expect(judgeResume({ journalId: journal.journalId, pos: 15 }, journal)).toEqual({ complete: true, after: 15 });
  });

  it('every way of not knowing is incomplete, and says from where the journal can still be read', () => {
    expect(judgeResume(null, journal)).toEqual({ complete: false, reason: 'no-position', after: null });
    expect(judgeResume({ journalId: 'j-another-journal', pos: 20 }, journal)).toEqual({ complete: false, reason: 'journal-replaced', after: 10 });
    expect(judgeResume({ journalId: journal.journalId, pos: 9 }, journal)).toEqual({ complete: false, reason: 'evicted', after: 10 });
    expect(judgeResume({ journalId: journal.journalId, pos: 21 }, journal)).toEqual({ complete: false, reason: 'journal-behind', after: null });
  });

  it('an empty journal (everything trimmed) is complete for a station at its head, not for one before', () => {
    const empty = { ...journal, oldest: 21, head: 20 };
    expect(JournalStateSchema.safeParse(empty).success).toBe(true);
    expect(judgeResume({ journalId: journal.journalId, pos: 20 }, empty).complete).toBe(true);
    expect(judgeResume({ journalId: journal.journalId, pos: 19 }, empty)).toMatchObject({ complete: false, reason: 'evicted' });
    expect(JournalStateSchema.safeParse({ ...journal, oldest: 22 }).success).toBe(false);
  });

  it('station-evaluated episode ids: derived from the source data only, recognisable, and refused for another bed/code/priority', () => {
    const id = stationEpisodeId('bed-05', 'SPO2_LOW', 'MEDIUM', 1_768_443_240_123);
    expect(id).toBe('st:bed-05:SPO2_LOW:MEDIUM:1768443240123');
    expect(isStationEpisodeIdOf(id, 'bed-05', 'SPO2_LOW', 'MEDIUM')).toBe(true);
    expect(isStationEpisodeIdOf(id, 'bed-05', 'SPO2_LOW', 'HIGH')).toBe(false);
    expect(isStationEpisodeIdOf(id, 'bed-5', 'SPO2_LOW', 'MEDIUM')).toBe(false);
    expect(isStationEpisodeIdOf('st:bed-05:SPO2_LOW:MEDIUM:12x', 'bed-05', 'SPO2_LOW', 'MEDIUM')).toBe(false);
  });

  it('journal entries are strict: an unknown kind or a stray field is refused', () => {
    const ack = { kind: 'ack', pos: 1, at: 0, ack: { ackId: 'a1', alarm: { episodeId: 'ep-1', bedId: 'bed-01', code: 'VT', origin: 'device', priority: 'HIGH' }, by: { stationId: 's1', userId: 'nina' }, at: 0 } };
    expect(JournalEntrySchema.safeParse(ack).success).toBe(true);
    expect(JournalEntrySchema.safeParse({ ...ack, kind: 'reset' }).success).toBe(false);
    expect(JournalEntrySchema.safeParse({ ...ack, extra: 1 }).success).toBe(false);
    expect(JournalEntrySchema.safeParse({ ...ack, pos: 0 }).success).toBe(false);
  });
});
