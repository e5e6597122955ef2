import type { SqliteDatabase } from '../../../storage/open-database';
import { migration001Chain } from './001-chain';
import { migration002ReviewAndPrune } from './002-review-and-prune';
import { migration003SignedHeads } from './003-signed-heads';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** In order; append a new file's migration here. */
export const MIGRATIONS: readonly Migration[] = [migration001Chain, migration002ReviewAndPrune, migration003SignedHeads];

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
