import type { SqliteDatabase } from '../../../storage/open-database';

/**
 * The first schema of the full-disclosure store.
 *
 * A block's rowid IS its index entry by (time, bed):
 *
 *   id = ((window · 1024 + bed_key) · 4 + channel) · 256 + part
 *
 * window = ⌊t0 / 8 s⌋ (a block never crosses one), channel 0 ECG, 1 pleth,
 * 2 resp (the waveform frame's codes), 3 numerics; part numbers the blocks
 * of one stream within one window (a gap starts another). Blocks arrive in
 * time order, so the table grows at its end and its pages fill completely;
 * a bed's strip is one rowid range per 8 s window; retention deletes the
 * lowest rowids. Measured on real signals (test/bench/full-disclosure), the
 * alternatives cost 10-40 % more space: a table clustered on (bed, channel,
 * t0) left its pages a third empty (every commit inserts into 256 places of
 * the key space), and a rowid table with a separate (bed, channel, t0) index
 * spent ~95 kB per bed-hour on keys. 16 KiB pages (set before this runs)
 * hold a dozen ECG blocks each. `block_keys` spells the rowid out for tools.
 */
export function up(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE beds (
      bed_key INTEGER PRIMARY KEY,
      bed_id  TEXT NOT NULL UNIQUE
    ) STRICT;

    CREATE TABLE blocks (
      id   INTEGER PRIMARY KEY,
      t0   REAL NOT NULL,
      blob BLOB NOT NULL
    ) STRICT;
    CREATE VIEW block_keys AS
      SELECT id, id / 1048576 AS window, (id / 1024) % 1024 AS bed_key, (id / 256) % 4 AS channel, id % 256 AS part, t0, blob FROM blocks;

    CREATE TABLE trend_minutes (
      bed_key INTEGER NOT NULL,
      minute  INTEGER NOT NULL,
      blob    BLOB NOT NULL,
      PRIMARY KEY (bed_key, minute)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE nibp (
      bed_key     INTEGER NOT NULL,
      measured_at REAL NOT NULL,
      sys         REAL,
      dia         REAL,
      mean        REAL,
      PRIMARY KEY (bed_key, measured_at)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE alarm_events (
      id        INTEGER PRIMARY KEY,
      bed_key   INTEGER,
      at        REAL NOT NULL,
      kind      TEXT NOT NULL,
      alarm_id  TEXT NOT NULL,
      code      TEXT NOT NULL,
      priority  TEXT,
      level     INTEGER,
      actor     TEXT
    ) STRICT;
    CREATE INDEX alarm_events_by_bed_time ON alarm_events (bed_key, at);
    CREATE INDEX alarm_events_by_alarm ON alarm_events (alarm_id);

    CREATE TABLE bed_events (
      id      INTEGER PRIMARY KEY,
      bed_key INTEGER,
      at      REAL NOT NULL,
      kind    TEXT NOT NULL,
      detail  TEXT
    ) STRICT;
    CREATE INDEX bed_events_by_bed_time ON bed_events (bed_key, at);
  `);
}
