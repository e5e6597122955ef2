import type { Migration } from './migration';

/** Viewer indexes, the verified checkpoint and the prune anchors. */
export const migration002ReviewAndPrune: Migration = {
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
};
