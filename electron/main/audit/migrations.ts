import type { SqliteDatabase } from '../storage/open-database';
import { NO_DELETE_TRIGGER_SQL, NO_UPDATE_TRIGGER_SQL } from './append-only-triggers';

/**
 * Numbered schema migrations. PRAGMA user_version holds the last one applied;
 * each runs in its own transaction together with the version bump, so a crash
 * leaves the file at a whole version. Append new entries, never edit old ones:
 * stations in the field are at every version.
 */
export interface Migration {
  version: number;
  up(db: SqliteDatabase): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    // The first schema: the chain itself, append-only.
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
  },
  {
    // Viewer indexes, the verified checkpoint and the prune anchors.
    version: 2,
    up(db) {
      // (column, seq) so a filtered, seq-ordered page is one index range walk.
      // Partial where most rows would add nothing: every index costs 20-35 %
      // of append throughput (measured), and 'system' is most rows' user.
      db.exec(`CREATE INDEX audit_log_utc ON audit_log (utc_ms);
        CREATE INDEX audit_log_bed ON audit_log (bed_id, seq) WHERE bed_id IS NOT NULL;
        CREATE INDEX audit_log_alarm ON audit_log (alarm_id, seq) WHERE alarm_id IS NOT NULL;
        CREATE INDEX audit_log_user ON audit_log (user_id, seq) WHERE user_id <> 'system';
        CREATE INDEX audit_log_action ON audit_log (action, seq);`);
      // Single row: the last row proven by a full walk from the chain start.
      db.exec(`CREATE TABLE audit_checkpoint (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        verified_utc_ms INTEGER NOT NULL
      ) STRICT`);
      // One row per prune: the retained chain resumes at anchor_seq with anchor_prev_hash.
      db.exec(`CREATE TABLE audit_prune (
        id INTEGER PRIMARY KEY,
        from_seq INTEGER NOT NULL,
        to_seq INTEGER NOT NULL,
        anchor_seq INTEGER NOT NULL,
        anchor_prev_hash TEXT NOT NULL,
        manifest_sha256 TEXT NOT NULL,
        audit_seq INTEGER NOT NULL,
        pruned_utc_ms INTEGER NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_prune_no_update BEFORE UPDATE ON audit_prune
        BEGIN SELECT RAISE(ABORT, 'audit_prune is append-only'); END;
      CREATE TRIGGER audit_prune_no_delete BEFORE DELETE ON audit_prune
        BEGIN SELECT RAISE(ABORT, 'audit_prune is append-only'); END;`);
    },
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function schemaVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies pending migrations up to `target` (default: latest). Refuses files from a newer build. */
export function migrate(db: SqliteDatabase, target = LATEST_SCHEMA_VERSION): { from: number; to: number } {
  const from = schemaVersion(db);
  if (from > LATEST_SCHEMA_VERSION) {
    throw new Error(`audit schema version ${from} is newer than this build supports (${LATEST_SCHEMA_VERSION})`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= from || migration.version > target) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}
