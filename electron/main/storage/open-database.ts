import Database from 'better-sqlite3';
import { resolveSqliteNativeBinding } from './native-binding';

export type SqliteDatabase = Database.Database;

/**
 * The one way the main process opens SQLite, so every store gets the right
 * native binding for the runtime it is in (see native-binding.ts).
 */
export function openDatabase(file: string, options: { projectRoot: string; readonly?: boolean }): SqliteDatabase {
  const nativeBinding = resolveSqliteNativeBinding(options.projectRoot);
  return new Database(file, { readonly: options.readonly ?? false, ...(nativeBinding ? { nativeBinding } : {}) });
}

/** Start-up self check: proves the native module loads in this runtime. */
export function sqliteSelfCheck(projectRoot: string): { ok: true; sqliteVersion: string } | { ok: false; reason: string } {
  try {
    const db = openDatabase(':memory:', { projectRoot });
    const row = db.prepare('select sqlite_version() as v').get() as { v: string };
    db.close();
    return { ok: true, sqliteVersion: row.v };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}
