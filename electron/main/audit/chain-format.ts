import * as crypto from 'node:crypto';

/**
 * What a row's hash is. This file is the whole definition, so an auditor can
 * re-check an export with any SHA-256 tool:
 *
 *   hash = hex(SHA-256(UTF-8(prev_hash US seq US utc_ms US mono_ms US station_id
 *          US user_id US role US action US bed_id US alarm_id US details)))
 *
 * US is U+001F (unit separator); integers are plain decimal; a null bed_id or
 * alarm_id is the empty string (ids are never empty, see normalize-event.ts);
 * details is the stored canonical JSON text, byte for byte.
 *
 * Why a separator-joined string and not JSON: the verifier lets SQLite build
 * this exact string with one concat_ws() per row, which is what makes 1 M rows
 * verifiable in under 3 s (a 12-column row read alone costs more than that).
 * It is unambiguous because no field can contain US: ids are printable ASCII,
 * details is JSON (control characters are escaped) and the rest are integers.
 */
export const FIELD_SEPARATOR = '\x1f';

/** prev_hash of the genesis row (seq 1). */
export const GENESIS_PREV_HASH = '0'.repeat(64);

/**
 * utc_ms may go back by at most this much along the chain (compared with the
 * highest utc_ms seen so far). 1 s absorbs NTP slewing and small corrections;
 * the writer never stores a larger step back (it raises utc_ms and keeps the
 * clock's reading in details.original_utc_ms), so anything beyond it in a file
 * means the rows were altered or reordered.
 */
export const TIME_BACKWARDS_TOLERANCE_MS = 1_000;

/** The fields a row's hash covers, apart from prev_hash. */
export interface ChainContent {
  seq: number;
  utcMs: number;
  monoMs: number;
  stationId: string;
  userId: string;
  role: string;
  action: string;
  bedId: string | null;
  alarmId: string | null;
  details: string;
}

/** prev_hash followed by the canonical content: the exact bytes that are hashed. */
export function hashInput(prevHash: string, row: ChainContent): string {
  const s = FIELD_SEPARATOR;
  return (
    prevHash + s + row.seq + s + row.utcMs + s + row.monoMs + s + row.stationId + s + row.userId + s + row.role + s +
    row.action + s + (row.bedId ?? '') + s + (row.alarmId ?? '') + s + row.details
  );
}

// crypto.hash (one-shot, Node >= 20.12) is ~40 % faster than createHash per row.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

export function sha256Hex(input: string): string {
  return oneShot ? oneShot('sha256', input, 'hex') : crypto.createHash('sha256').update(input).digest('hex');
}

export function rowHash(prevHash: string, row: ChainContent): string {
  return sha256Hex(hashInput(prevHash, row));
}

/**
 * The SQL twin of hashInput(), prefixed with the stored hash: one string per
 * row, `hash US prev_hash US seq US ...`. Must stay in step with hashInput().
 */
export const SQL_HASHED_ROW = `concat_ws(char(31), hash, prev_hash, seq, utc_ms, mono_ms, station_id, user_id, role, action,
  coalesce(bed_id, ''), coalesce(alarm_id, ''), details)`;
