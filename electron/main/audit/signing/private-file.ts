import { statSync } from 'node:fs';

/**
 * Files only the service account may read (the signing key) or replace (the
 * key folder and the last signed head). On POSIX the mode and owner are the
 * protection, so they are checked at every start and a key anyone else could
 * read is refused, loudly, rather than used. Windows has no POSIX modes here:
 * there the Electron app seals the key with DPAPI (safeStorage) and the
 * folder's ACL is IT's to set (docs/security.md, "Audit trail tamper-evidence").
 */
export class ExposedKeyFileError extends Error {
  override name = 'ExposedKeyFileError';
}

const POSIX = process.platform !== 'win32';

function describeMode(mode: number): string {
  return `0${(mode & 0o777).toString(8)}`;
}

/** Throws ExposedKeyFileError if `file` is readable or writable by anyone but its owner, or owned by someone else. */
export function assertOnlyOwnerCanRead(file: string): void {
  if (!POSIX) return;
  const stat = statSync(file);
  if ((stat.mode & 0o077) !== 0) {
    throw new ExposedKeyFileError(`${file} is readable by others (mode ${describeMode(stat.mode)}): the key must be treated as leaked; IT: chmod 600 it and consider a new key`);
  }
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new ExposedKeyFileError(`${file} belongs to uid ${stat.uid}, not to the service account (uid ${uid}); IT: chown it to the account the station runs as`);
  }
}

/** Throws ExposedKeyFileError if someone but the owner could add or swap files in `dir`. */
export function assertOnlyOwnerCanWrite(dir: string): void {
  if (!POSIX) return;
  const stat = statSync(dir);
  if ((stat.mode & 0o022) !== 0) {
    throw new ExposedKeyFileError(`${dir} is writable by others (mode ${describeMode(stat.mode)}), so the key or the last signed head could be swapped; IT: chmod 700 it`);
  }
}
