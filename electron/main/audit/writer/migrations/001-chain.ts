import { NO_DELETE_TRIGGER_SQL, NO_UPDATE_TRIGGER_SQL } from '../append-only-triggers';
import type { Migration } from './migration';

/** The first schema: the chain itself, append-only. */
export const migration001Chain: Migration = {
  version: 1,
  up(db) {
    db.exec(`CREATE TABLE audit_log (
      seq        INTEGER PRIMARY KEY,
      utc_ms     INTEGER NOT NULL,
      mono_ms    INTEGER NOT NULL,
      station_id TEXT NOT NULL,
      user_id    TEXT NOT NULL,
      role       TEXT NOT NULL,
      action     TEXT NOT NULL,
      bed_id     TEXT,
      alarm_id   TEXT,
      details    TEXT NOT NULL,
      prev_hash  TEXT NOT NULL,
      hash       TEXT NOT NULL
    ) STRICT`);
    db.exec(NO_UPDATE_TRIGGER_SQL);
    db.exec(NO_DELETE_TRIGGER_SQL);
  },
};
