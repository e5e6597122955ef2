import type { SqliteDatabase } from '../../../storage/open-database';

/**
 * The record's own time axis (shared/disclosure/record-time.ts).
 *
 * - `record_clock`: from which record time on the station's wall clock read
 *   record time + wall_offset (one row per run, and one per clock change
 *   while it ran). Before the first row the two are the same.
 * - `record_state.through`: a record time at or after everything in the
 *   store, raised with every commit, so the next run starts after it
 *   however the wall clock has been set meanwhile.
 *
 * A store from version 1 gets `through` from what it holds: its last block
 * window's end, its last event and NIBP reading. (Trend minutes are keyed,
 * not timed: a run that starts within a stored minute merges into it.)
 */
export function up(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE record_clock (
      record_from REAL PRIMARY KEY,
      wall_offset REAL NOT NULL
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE record_state (
      id      INTEGER PRIMARY KEY CHECK (id = 1),
      through REAL NOT NULL
    ) STRICT;

    INSERT INTO record_state (id, through)
      SELECT 1, max(t) FROM (
        SELECT (max(id) / 1048576 + 1) * 8000 AS t FROM blocks
        UNION ALL SELECT max(at) FROM alarm_events
        UNION ALL SELECT max(at) FROM bed_events
        UNION ALL SELECT max(measured_at) FROM nibp
      ) WHERE t IS NOT NULL
      HAVING max(t) IS NOT NULL;
  `);
}
