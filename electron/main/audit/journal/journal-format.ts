import { sha256Hex } from '../chain-format';
import type { PendingAuditEvent } from '../audit-row';

/**
 * The fallback journal's file format: the whole definition, so it can be
 * checked with any SHA-256 and Ed25519 tool.
 *
 * One segment file per stretch of outage, UTF-8, one record per line:
 *
 *   <hash> SP <json> LF        hash = hex(SHA-256(prev_hash US json))
 *
 * prev_hash is the previous line's hash (64 zeros for the first line), so
 * the lines form a hash chain like the audit table's rows; `n` counts lines
 * from 1. The first line is the header, then entries, and every write ends
 * with a seal whose `sig` is the station key's Ed25519 signature over
 * sealPayload(journalId, n, prev_hash): an entry is only ever confirmed to
 * anyone (and so only ever imported) once a seal after it is on disk. A last
 * line without its LF is a write the process did not live to finish, which
 * nobody was told had happened; anything else out of place is tampering or
 * damage, and the segment is refused as a whole.
 */
export const JOURNAL_FORMAT = 'vigil-audit-journal/1';
export const GENESIS_LINE_HASH = '0'.repeat(64);

export interface JournalHeader {
  t: 'header';
  n: 1;
  format: typeof JOURNAL_FORMAT;
  journalId: string;
  stationId: string;
  createdUtc: number;
  /** The signing key of the seals, or null when the station had no usable key (seals are then unsigned). */
  keyId: string | null;
  publicKey: string | null;
}

export interface JournalEntry {
  t: 'entry';
  n: number;
  /** A clinical action: the person was told it was recorded once its seal was on disk. */
  clinical: boolean;
  /**
   * Sent to the audit store just before the store failed in a way that
   * leaves its commit unknown (the writer thread died): the import skips it
   * if the store has that exact row already.
   */
  inDoubt: boolean;
  event: PendingAuditEvent;
}

export interface JournalSeal {
  t: 'seal';
  n: number;
  /** base64 Ed25519 signature over sealPayload(), or null in an unsigned journal. */
  sig: string | null;
}

export type JournalRecord = JournalHeader | JournalEntry | JournalSeal;

const US = '\x1f';

export function lineHash(prevHash: string, json: string): string {
  return sha256Hex(prevHash + US + json);
}

export function sealPayload(journalId: string, n: number, prevHash: string): string {
  return ['vigil-audit-journal-seal/1', journalId, String(n), prevHash].join(US);
}

/** One line with its hash, and the hash the next line links to. */
export function encodeLine(prevHash: string, record: JournalRecord): { text: string; hash: string } {
  const json = JSON.stringify(record);
  const hash = lineHash(prevHash, json);
  return { text: `${hash} ${json}\n`, hash };
}

/**
 * Segment files: journal-<station>-<number>-<UTC time>-<random>.jsonl. The
 * number (ten digits, one more than any segment the folder has held, pending,
 * imported or rejected) is the order they were written in, which is the
 * order they are imported in; the time is for people. Never a time sort: a
 * wall clock set back between two segments (NTP, a technician, a restart on
 * a machine whose clock was wrong) would import the later one first.
 */
export function segmentFileName(stationId: string, number: number, createdUtc: number, random: string): string {
  const stamp = new Date(createdUtc).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `journal-${stationId}-${String(number).padStart(10, '0')}-${stamp}-${random}.jsonl`;
}

/** The segment's number if `name` is one of this station's segment files (pending, or with a suffix such as .rejected), else null. */
export function segmentNumber(stationId: string, name: string): number | null {
  const prefix = `journal-${stationId}-`;
  if (!name.startsWith(prefix)) return null;
  // The digits right after the station id: another station whose id merely starts with this one's never matches.
  const match = /^(\d{10})-\d{8}T\d{6}Z-[0-9a-f]+\.jsonl/.exec(name.slice(prefix.length));
  return match ? Number(match[1]) : null;
}

export function isSegmentOf(stationId: string, name: string): boolean {
  return name.endsWith('.jsonl') && segmentNumber(stationId, name) !== null;
}
