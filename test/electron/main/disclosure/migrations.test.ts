import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DISCLOSURE_MIGRATIONS, migrate } from '../../../../electron/main/disclosure/writer/migrations';
import { blockRowId, DisclosureStore } from '../../../../electron/main/disclosure/writer/store';
import { BLOCK_MS } from '../../../../shared/disclosure/disclosure-limits';
import { ROOT, tempDir } from './disclosure-test-kit';

describe('full-disclosure store migrations', () => {
  it('001 creates the schema at version 1; running again changes nothing; a newer store is refused', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name").pluck().all();
    expect(tables).toEqual(['alarm_events', 'bed_events', 'beds', 'block_keys', 'blocks', 'nibp', 'trend_minutes']);
    expect(migrate(db)).toBe(1);
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
});
