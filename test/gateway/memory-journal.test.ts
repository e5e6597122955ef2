import { describe, expect, it } from 'vitest';
import type { AckRecord } from '../../shared/protocol/acknowledgement';
import type { ProtocolDeviceAlarm } from '../../shared/protocol/device-alarm';
import { MemoryJournal } from '../../gateway/memory-journal';
import { FakeClock } from '../support/fake-clock';

const HOUR = 3_600_000;
const vt = (deviceAlarmId: string, phase: ProtocolDeviceAlarm['phase']): ProtocolDeviceAlarm => ({ bedId: 'bed-01', code: 'VT', message: 'V-Tach', priority: 'HIGH', source: 'device', phase, deviceAlarmId });
const ack = (episodeId: string, stationId: string): AckRecord => ({ ackId: `${stationId}:1`, alarm: { episodeId, bedId: 'bed-01', code: 'VT', origin: 'device', priority: 'HIGH' }, by: { stationId, userId: 'nina' }, at: 0 });

describe('gateway: the in-memory episode journal', () => {
  it('numbers entries without holes and pages them from any position', async () => {
    const clock = new FakeClock();
    const journal = new MemoryJournal(() => clock.wall());
    const a = await journal.deviceAlarm(vt('a', 'start'), clock.wall());
    await journal.deviceAlarm(vt('a', 'end'), clock.wall());
    await journal.deviceAlarm(vt('b', 'start'), clock.wall());
    expect(a.journalId).toBe(journal.journalId);
    const page = await journal.page(1, 10);
    expect(page.entries.map((e) => e.pos)).toEqual([2, 3]);
    expect(page.journal).toMatchObject({ oldest: 1, head: 3 });
    expect((await journal.page(0, 2)).entries.map((e) => e.pos)).toEqual([1, 2]);
    expect((await journal.picture()).episodes.map((e) => e.deviceAlarmId)).toEqual(['b']);
  });

  it('keeps 24 h by its own clock: older entries leave, oldest first, and what only they kept alive goes with them', async () => {
    const clock = new FakeClock();
    const journal = new MemoryJournal(() => clock.wall(), { retentionMs: 24 * HOUR });
    const started = await journal.deviceAlarm(vt('a', 'start'), clock.wall());
    const episodeId = (started.entries[0] as Extract<(typeof started.entries)[0], { kind: 'episode' }>).episode.episodeId;
    await journal.claim(ack(episodeId, 'icu-a'));
    await journal.deviceAlarm(vt('a', 'end'), clock.wall());
    clock.advance(23 * HOUR);
    await journal.deviceAlarm(vt('b', 'start'), clock.wall());
    expect((await journal.state())).toMatchObject({ oldest: 1, head: 4 });
    clock.advance(2 * HOUR);
    await journal.trim();
    expect(await journal.state()).toMatchObject({ oldest: 4, head: 4 });
    // The acknowledgement left with its entry: a claim now would be decided afresh.
    const later = await journal.claim(ack(episodeId, 'icu-b'));
    expect(later.winner.by.stationId).toBe('icu-b');
  });

  it('is bounded in size: beyond maxEntries the oldest leave at once', async () => {
    const clock = new FakeClock();
    const journal = new MemoryJournal(() => clock.wall(), { maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd', 'e']) await journal.deviceAlarm(vt(id, 'start'), clock.wall());
    expect(await journal.state()).toMatchObject({ oldest: 3, head: 5 });
    expect((await journal.page(0, 10)).entries.map((e) => e.pos)).toEqual([3, 4, 5]);
  });

  it('the first claim of an episode wins and is journaled once; another episode is another decision', async () => {
    const clock = new FakeClock();
    const journal = new MemoryJournal(() => clock.wall());
    const first = await journal.claim(ack('ep-1', 'icu-a'));
    const second = await journal.claim(ack('ep-1', 'icu-b'));
    const other = await journal.claim(ack('ep-2', 'icu-b'));
    expect(first.journaled?.entries).toHaveLength(1);
    expect(second).toEqual({ winner: first.winner, journaled: null });
    expect(other.winner.by.stationId).toBe('icu-b');
  });

  it('journals an escalation only when it raises the level', async () => {
    const clock = new FakeClock();
    const journal = new MemoryJournal(() => clock.wall());
    const record = (level: 2 | 3) => ({ alarm: ack('ep-1', 'x').alarm, level, stationId: 'icu-a', at: 0 });
    expect(await journal.escalate(record(2))).not.toBeNull();
    expect(await journal.escalate(record(2))).toBeNull();
    expect(await journal.escalate(record(3))).not.toBeNull();
    expect((await journal.picture()).escalations).toEqual([expect.objectContaining({ level: 3 })]);
  });

  it('a new journal has a new identity', () => {
    const clock = new FakeClock();
    expect(new MemoryJournal(() => clock.wall()).journalId).not.toBe(new MemoryJournal(() => clock.wall()).journalId);
  });
});

describe('gateway: the in-memory journal under a flood', () => {
  it('stays bounded and pages correctly across many evictions', async () => {
    const clock = new FakeClock();
    const journal = new MemoryJournal(() => clock.wall(), { maxEntries: 2_000 });
    for (let i = 0; i < 10_000; i++) await journal.deviceAlarm(vt(`f${i}`, 'start'), clock.wall());
    expect(await journal.state()).toMatchObject({ oldest: 8_001, head: 10_000 });
    const page = await journal.page(9_000, 3);
    expect(page.entries.map((e) => e.pos)).toEqual([9_001, 9_002, 9_003]);
    expect((await journal.page(0, 2)).entries.map((e) => e.pos)).toEqual([8_001, 8_002]);
  });
});
