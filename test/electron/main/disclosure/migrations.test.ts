import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DISCLOSURE_MIGRATIONS, migrate } from '../../../../electron/main/disclosure/writer/migrations';
import { blockRowId, DisclosureStore } from '../../../../electron/main/disclosure/writer/store';
import { BLOCK_MS } from '../../../../shared/disclosure/disclosure-limits';
import { ROOT, tempDir } from './disclosure-test-kit';

describe('full-disclosure store migrations', () => {
  it('creates the schema at the latest version; running again changes nothing; a newer store is refused', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(2);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name").pluck().all();
    expect(tables).toEqual(['alarm_events', 'bed_events', 'beds', 'block_keys', 'blocks', 'nibp', 'record_clock', 'record_state', 'trend_minutes']);
    expect(migrate(db)).toBe(2);
    db.pragma(`user_version = ${DISCLOSURE_MIGRATIONS.length + 1}`);
    expect(() => migrate(db)).toThrow(/newer than this station knows/);
  });

  it('001: a block rowid spells out window, bed, channel and part (the block_keys view reads them back), parts follow each other', () => {
    const store = new DisclosureStore(`${tempDir()}/d.sqlite`, ROOT);
    const t0 = 1_768_446_003_221;
    for (let part = 0; part < 3; part++) store.writeBlock({ bedKey: 5, channel: 2, t0: t0 + part, blob: Buffer.from([part]) });
    store.writeBlock({ bedKey: 6, channel: 0, t0, blob: Buffer.from([9]) });
    const rows = store.db.prepare('SELECT id, window, bed_key, channel, part, t0 FROM block_keys ORDER BY id').all();
    const window = Math.floor(t0 / BLOCK_MS);
    expect(rows).toEqual([
      { id: blockRowId(window, 5, 2, 0), window, bed_key: 5, channel: 2, part: 0, t0 },
      { id: blockRowId(window, 5, 2, 1), window, bed_key: 5, channel: 2, part: 1, t0: t0 + 1 },
      { id: blockRowId(window, 5, 2, 2), window, bed_key: 5, channel: 2, part: 2, t0: t0 + 2 },
      { id: blockRowId(window, 6, 0, 0), window, bed_key: 6, channel: 0, part: 0, t0 },
    ]);
    expect(store.blocksIn(5, [2], t0 - 1, t0 + 10).map((b) => b.t0)).toEqual([t0, t0 + 1, t0 + 2]);
    expect(store.db.pragma('page_size', { simple: true })).toBe(16384);
    store.close();
  });

  it('002 on a version-1 store that holds a record: the next run starts after the latest thing in it', () => {
    const db = new Database(':memory:');
    db.transaction(() => {
      DISCLOSURE_MIGRATIONS[0]!.up(db);
      db.pragma('user_version = 1');
    })();
    const t0 = 1_768_446_003_221;
    db.prepare('INSERT INTO blocks (id, t0, blob) VALUES (?, ?, ?)').run(blockRowId(Math.floor(t0 / BLOCK_MS), 1, 0, 0), t0, Buffer.from([1]));
    db.prepare("INSERT INTO alarm_events (bed_key, at, kind, alarm_id, code) VALUES (1, ?, 'onset', 'a', 'VT')").run(t0 + 20_000);
    db.prepare('INSERT INTO trend_minutes (bed_key, minute, blob) VALUES (1, ?, ?)').run(Math.floor(t0 / 60_000), Buffer.from([1]));
    expect(migrate(db)).toBe(2);
    // The block's window ends before the alarm: the alarm is the latest (a trend minute is merged into, not overlapped).
    expect(db.prepare('SELECT through FROM record_state').pluck().get()).toBe(t0 + 20_000);
    expect(db.prepare('SELECT count(*) FROM record_clock').pluck().get()).toBe(0);
    const empty = new Database(':memory:');
    expect(migrate(empty)).toBe(2);
    expect(empty.prepare('SELECT count(*) FROM record_state').pluck().get()).toBe(0);
  });
});
