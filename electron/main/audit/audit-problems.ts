import { basename, dirname } from 'node:path';
import type { AuditFailureReason } from './audit-failure';

/**
 * What is wrong with the audit trail, in words IT can act on: which file or
 * folder, what is wrong with it, and what to do. The station turns these
 * into technical alarms (a short form on the wall) and the admin status
 * screen shows them whole. A closed list of codes, so the alarm mapping and
 * the tests cannot drift.
 */
export const AUDIT_PROBLEM_CODES = [
  // The database cannot be written (corrupt, read-only, disk full or failing, locked, writer thread gone).
  'store-unavailable',
  // The database does not continue the last signed head, the key's chain or the back end's heads.
  'chain-replaced',
  // Rows fail the hash walk or no longer match a signed head.
  'chain-broken',
  // The second place to be durable is unusable.
  'journal-unavailable',
  // A journal segment failed verification at import (kept as *.rejected).
  'journal-rejected',
  // The signing key cannot be used (exposed, unreadable, another key) or its folder cannot be written.
  'key-unusable',
  // Something checked at start or in a verification is missing (e.g. the last signed head).
  'anchor-missing',
] as const;
export type AuditProblemCode = (typeof AUDIT_PROBLEM_CODES)[number];

export interface AuditProblem {
  code: AuditProblemCode;
  /** The file or folder concerned, in full. */
  path: string;
  what: string;
  fix: string;
  /** The fix in a few words, for the alarm line (the status screen shows `fix`). */
  shortFix?: string;
  sinceUtcMs: number;
}

/** SQLite and OS error codes that say what is wrong with a file, and what to do about each. */
const BY_CODE: Array<{ test: RegExp; what: string; fix: (file: string) => string; shortFix: string }> = [
  { test: /SQLITE_CORRUPT|SQLITE_NOTADB|not a database|malformed/i, what: 'is corrupt', fix: (f) => `stop the station, move ${f} aside for investigation and restore it from backup`, shortFix: 'restore it from backup' },
  { test: /SQLITE_READONLY|EACCES|EPERM|EROFS|readonly/i, what: 'is read-only', fix: (f) => `give the service account write access to ${f} and ${dirname(f)}`, shortFix: 'give it write access' },
  { test: /SQLITE_FULL|ENOSPC|disk is full|database or disk is full/i, what: 'is on a full disk', fix: (f) => `free space on the volume of ${dirname(f)}`, shortFix: 'free disk space' },
  { test: /SQLITE_IOERR|EIO|disk I\/O/i, what: 'cannot be read or written (disk error)', fix: (f) => `check the disk holding ${dirname(f)}; restore ${basename(f)} from backup if it is damaged`, shortFix: 'check the disk' },
  { test: /SQLITE_BUSY|SQLITE_LOCKED|locked/i, what: 'is locked by another program', fix: (f) => `stop the program holding ${f} open (backup, antivirus, a second station)`, shortFix: 'stop what holds it' },
  { test: /ENOENT|ENOTDIR/i, what: 'is missing or its folder cannot be created', fix: (f) => `create ${dirname(f)} for the service account`, shortFix: 'create its folder' },
];

/** A failed open or write of audit.sqlite, in IT's words. */
export function describeStoreFailure(file: string, reason: AuditFailureReason | null, message: string): Pick<AuditProblem, 'code' | 'what' | 'fix' | 'shortFix'> {
  switch (reason) {
    case 'chain-replaced':
      return {
        code: 'chain-replaced',
        what: `replaced or truncated: ${message}`,
        fix: `restore the ${basename(file)} that continues the last signed head; if it is lost for good, record that with "vigil-station --new-audit-chain", station stopped (see docs/security.md, "Audit trail tamper-evidence")`,
        shortFix: 'restore it, or record the loss',
      };
    case 'chain-broken':
      return { code: 'chain-broken', what: `failed verification: ${message}`, fix: `keep ${file} for investigation and restore a verified copy from backup`, shortFix: 'keep it, restore a verified copy' };
    case 'writer-died':
      return { code: 'store-unavailable', what: 'has lost its writer thread', fix: 'the station restarts it by itself; if this alarm stays, restart the station and send its log to IT', shortFix: 'restart the station if it stays' };
    default: {
      const known = BY_CODE.find((entry) => entry.test.test(message));
      return known
        ? { code: 'store-unavailable', what: `${known.what} (${message.slice(0, 120)})`, fix: known.fix(file), shortFix: known.shortFix }
        : { code: 'store-unavailable', what: `cannot be written (${message.slice(0, 120)})`, fix: `check ${file} and the station's log` };
    }
  }
}

/** The fallback journal's folder, in IT's words. */
export function describeJournalFailure(dir: string, message: string): Pick<AuditProblem, 'code' | 'what' | 'fix' | 'shortFix'> {
  const known = BY_CODE.find((entry) => entry.test.test(message));
  return {
    code: 'journal-unavailable',
    what: `${known?.what ?? 'cannot be written'} (${message.slice(0, 120)})`,
    fix: `make ${dir} a folder the service account can write, on another disk than the audit database`,
    shortFix: known?.shortFix ?? 'fix its folder',
  };
}

/** A path short enough for an alarm line: the last two parts. */
export function shortPath(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.length <= 2 ? path : `…/${parts.slice(-2).join('/')}`;
}
