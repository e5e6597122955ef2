import type { SqliteDatabase } from '../../../storage/open-database';

/**
 * One numbered schema step. PRAGMA user_version holds the last one applied;
 * each runs in its own transaction together with the version bump, so a
 * crash leaves the file at a whole version. Add a new file for a new step,
 * never edit an old one: stations in the field are at every version.
 */
export interface Migration {
  version: number;
  up(db: SqliteDatabase): void;
}
