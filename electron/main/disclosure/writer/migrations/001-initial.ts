import type { SqliteDatabase } from '../../../storage/open-database';

/**
 * The first schema of the full-disclosure store.
 *
 * Blocks and trend minutes are WITHOUT ROWID tables clustered on their key:
 * the key IS the index by (bed, time), so an 8 s block costs ~15 bytes of
 * key and cell overhead instead of a rowid table plus a separate index
 * (measured ~60 bytes, ~100 kB per bed-hour at 1,800 blocks an hour). The
 * store uses 64 KiB pages (set before this runs) so blobs of 0.3-2 KiB pack
 * densely and stay well under the 1/20-of-a-page size that clustered rows
 * should keep to.
 *
 * Channels: 0 ECG, 1 pleth, 2 resp (the waveform frame's codes), 3 numerics.
 */
export function up(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE beds (
      bed_key INTEGER PRIMARY KEY,
      bed_id  TEXT NOT NULL UNIQUE
    ) STRICT;

    CREATE TABLE blocks (
      bed_key INTEGER NOT NULL,
      channel INTEGER NOT NULL,
      t0      REAL NOT NULL,
      blob    BLOB NOT NULL,
      PRIMARY KEY (bed_key, channel, t0)
    ) STRICT, WITHOUT ROWID;

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
