import type { SqliteDatabase } from '../../../storage/open-database';
import { up as initial } from './001-initial';
import { up as recordClock } from './002-record-clock';

/**
 * One migration per file, applied in order. PRAGMA user_version holds the
 * last one applied; each runs in one transaction with its version bump, so a
 * crash leaves the store at a whole version. Append, never edit: stores in
 * the field are at every version.
 */
export const DISCLOSURE_MIGRATIONS: ReadonlyArray<{ version: number; up(db: SqliteDatabase): void }> = [
  { version: 1, up: initial },
  { version: 2, up: recordClock },
];

export function migrate(db: SqliteDatabase): number {
  let version = db.pragma('user_version', { simple: true }) as number;
  const latest = DISCLOSURE_MIGRATIONS[DISCLOSURE_MIGRATIONS.length - 1]!.version;
  if (version > latest) throw new Error(`the full-disclosure store is at schema ${version}, newer than this station knows (${latest})`);
  for (const migration of DISCLOSURE_MIGRATIONS) {
    if (migration.version <= version) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
    version = migration.version;
  }
  return version;
}
