import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { span } from '../../../../../electron/main/connections/gateway/history-gap-alarm';
import { JournalCursor } from '../../../../../electron/main/connections/gateway/journal-cursor';
import { PositionFile } from '../../../../../electron/main/connections/gateway/position-file';
import { PositionKeeper } from '../../../../../electron/main/connections/gateway/position-keeper';
import { silentLogger } from '../../../../../electron/main/logging/logger';
import { FakeClock } from '../../../../support/fake-clock';
import { tempDir } from '../../audit/audit-test-kit';

describe('gateway feed: where the station stands in the journal', () => {
  it('applies each entry once, in any order, and never moves its position over a hole', () => {
    const cursor = new JournalCursor({ journalId: 'j-0000000001', pos: 4 });
    expect(cursor.take('j-0000000001', 4)).toBe('seen');
    expect(cursor.take('j-0000000001', 6)).toBe('apply');
    expect(cursor.take('j-0000000001', 6)).toBe('seen');
    expect(cursor.position()).toEqual({ journalId: 'j-0000000001', pos: 4 });
    expect(cursor.holeAhead).toBe(true);
    expect(cursor.take('j-0000000001', 5)).toBe('apply');
    expect(cursor.position()?.pos).toBe(6);
    expect(cursor.holeAhead).toBe(false);
    expect(cursor.take('j-0000000002', 7)).toBe('foreign');
  });

  it('restarts in another journal without carrying anything over; with none it has no position', () => {
    const cursor = new JournalCursor(null);
    expect(cursor.position()).toBeNull();
    expect(cursor.take('j-0000000001', 1)).toBe('foreign');
    cursor.restart('j-0000000001', 10);
    expect(cursor.take('j-0000000001', 12)).toBe('apply');
    cursor.restart('j-0000000002', 0);
    expect(cursor.holeAhead).toBe(false);
    expect(cursor.position()).toEqual({ journalId: 'j-0000000002', pos: 0 });
  });

  it('the position file: round trip; missing, torn, foreign or another station\'s file is never a position', () => {
    const dir = tempDir('vigil-pos-');
    const file = join(dir, 'sub', 'gateway-position.json');
    const store = new PositionFile(file, 'icu-a');
    expect(store.load()).toEqual({ kind: 'none' });
    store.save({ position: { journalId: 'j-0000000001', pos: 42 }, completeUntil: 1_768_443_240_000 });
    expect(store.load()).toEqual({ kind: 'saved', saved: { position: { journalId: 'j-0000000001', pos: 42 }, completeUntil: 1_768_443_240_000 } });
    expect(readdirSync(join(dir, 'sub'))).toEqual(['gateway-position.json']);
    expect(new PositionFile(file, 'icu-b').load()).toEqual({ kind: 'unreadable', reason: 'another station' });
    writeFileSync(file, '{"format":1,"stationId":"icu-a","position":{"journ');
    expect(store.load()).toEqual({ kind: 'unreadable', reason: 'not JSON' });
    writeFileSync(file, JSON.stringify({ format: 1, stationId: 'icu-a', position: { journalId: 'j-0000000001', pos: -1 }, completeUntil: 0 }));
    expect(store.load()).toEqual({ kind: 'unreadable', reason: 'invalid' });
    mkdirSync(join(dir, 'a-folder'));
    expect(new PositionFile(join(dir, 'a-folder'), 'icu-a').load().kind).toBe('unreadable');
    expect(new PositionFile(null, 'icu-a').load()).toEqual({ kind: 'none' });
  });

  it('names the gap in local time, with the date when it spans midnight, and "before" when it has no start', () => {
    const at = (h: number, m: number, day = 15) => new Date(2026, 0, day, h, m).getTime();
    expect(span(at(2, 14), at(2, 19))).toBe('02:14–02:19');
    expect(span(at(23, 50), at(0, 10, 16))).toBe('15 Jan 23:50–16 Jan 00:10');
    expect(span(null, at(2, 19))).toBe('before 02:19');
  });
});

describe('gateway feed: keeping the position', () => {
  afterEach(() => vi.useRealTimers());

  it('saves only over what the audit trail flushed, keeps up with positions noted while saving, and writes the durable one on close', async () => {
    vi.useFakeTimers();
    const saved: number[] = [];
    const file = { save: (s: { position: { pos: number } }) => void saved.push(s.position.pos) } as unknown as PositionFile;
    let release: () => void = () => undefined;
    const audit = { flush: () => new Promise<void>((r) => (release = r)) };
    const clock = new FakeClock();
    const keeper = new PositionKeeper(file, audit, silentLogger, clock);
    const at = (pos: number, completeUntil = 0) => ({ position: { journalId: 'j-0000000001', pos }, completeUntil });
    keeper.note(at(1));
    await vi.advanceTimersByTimeAsync(1_100);
    expect(saved).toEqual([]); // waiting for the audit flush
    keeper.note(at(2)); // noted while the first save waits
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1_100);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual([1, 2]);
    // Only "complete until" moved, and less than a minute has passed (the wall clock stepping changes nothing): nothing to write.
    clock.advance(30_000);
    clock.stepWall(3_600_000);
    keeper.note(at(2, 30_000));
    await vi.advanceTimersByTimeAsync(1_100);
    expect(saved).toEqual([1, 2]);
    clock.advance(31_000);
    keeper.note(at(2, 61_000));
    await vi.advanceTimersByTimeAsync(1_100);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(saved).toEqual([1, 2, 2]);
    keeper.note(at(3)); // never flushed: not durable, not written on close
    keeper.close();
    expect(saved).toEqual([1, 2, 2, 2]);
  });
});
