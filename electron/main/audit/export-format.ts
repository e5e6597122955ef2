import type { AuditFilter } from './writer/audit-query';
import type { SignedAuditHead } from '../../../shared/protocol/audit-heads';
import type { AuditRowRecord } from './audit-row';
import { isSignedHead } from './signing/head-file';

/**
 * The two export formats. Both carry every hashed column plus prev_hash and
 * hash, so anyone can re-check rows with chain-format.ts's rule, and both put
 * exactly one row on each line so they can be checked as a stream.
 *
 * CSV: RFC 4180 (CRLF, quoted when needed), a header row, utc_iso added for
 * readers (not hashed). JSON: one document `{"format":...,"rows":[` / one row
 * object per line / `]}`, so it parses as a whole too; details stays a string
 * because its exact text is what was hashed.
 */
export type ExportFormat = 'csv' | 'json';

export interface ExportFilter extends AuditFilter {
  fromSeq?: number;
  toSeq?: number;
}

export interface ExportManifest {
  format: ExportFormat;
  filter: ExportFilter;
  rowCount: number;
  firstSeq: number | null;
  lastSeq: number | null;
  firstHash: string | null;
  lastHash: string | null;
  /** SHA-256 (hex) of the export file's bytes. */
  fileSha256: string;
  stationId: string;
  exportedAt: string;
  /** Every row's seq is its predecessor's + 1, so the links can be re-checked too. */
  contiguous: boolean;
  hashRule: string;
  /**
   * The station's Ed25519 public key (base64 SPKI DER) that signs its chain
   * heads, its id, and the chain's identity (the genesis row's hash). Null
   * for a chain that was never signed. A verifier should compare the key with
   * a copy it trusts (the one IT keeps, or the back end's), not take it from here.
   */
  publicKey: string | null;
  keyId: string | null;
  chainId: string | null;
  /** The signed heads whose rows are in this export: each row must carry that hash, and the signature must verify. */
  signedHeads: SignedAuditHead[];
}

export const HASH_RULE =
  'sha256_hex(prev_hash US seq US utc_ms US mono_ms US station_id US user_id US role US action US bed_id US alarm_id US details), US = U+001F, null = empty';

export const EXPORT_COLUMNS = ['seq', 'utc_ms', 'utc_iso', 'mono_ms', 'station_id', 'user_id', 'role', 'action', 'bed_id', 'alarm_id', 'details', 'prev_hash', 'hash'] as const;

export const CSV_HEADER = EXPORT_COLUMNS.join(',');
export const JSON_OPEN = '{"format":"vigil-audit-export","version":1,"rows":[';
export const JSON_CLOSE = ']}';

export function manifestPathFor(exportFile: string): string {
  return `${exportFile}.manifest.json`;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function exportValues(r: AuditRowRecord): Array<string | number | null> {
  return [r.seq, r.utc_ms, new Date(r.utc_ms).toISOString(), r.mono_ms, r.station_id, r.user_id, r.role, r.action, r.bed_id, r.alarm_id, r.details, r.prev_hash, r.hash];
}

export function csvLine(r: AuditRowRecord): string {
  return exportValues(r).map(csvField).join(',');
}

export function jsonLine(r: AuditRowRecord): string {
  const object: Record<string, string | number | null> = {};
  const values = exportValues(r);
  EXPORT_COLUMNS.forEach((column, i) => (object[column] = values[i]!));
  return JSON.stringify(object);
}

/** Splits one CSV line (fields never contain line breaks: ids are printable ASCII, details is JSON). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) throw new Error('unterminated quoted field');
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      fields.push(value);
    } else {
      const comma = line.indexOf(',', i);
      fields.push(line.slice(i, comma < 0 ? line.length : comma));
      i = comma < 0 ? line.length : comma;
    }
    if (i >= line.length) return fields;
    if (line[i] !== ',') throw new Error('text after a quoted field');
    i++;
  }
}

function integer(value: unknown, column: string): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n) || (typeof value === 'string' && !/^-?\d+$/.test(value))) throw new Error(`${column} is not an integer`);
  return n;
}

function text(value: unknown, column: string): string {
  if (typeof value !== 'string') throw new Error(`${column} is not text`);
  return value;
}

function nullableText(value: unknown, column: string, emptyIsNull: boolean): string | null {
  if (value === null || (emptyIsNull && value === '')) return null;
  return text(value, column);
}

function recordFrom(get: (column: string) => unknown, emptyIsNull: boolean): AuditRowRecord {
  return {
    seq: integer(get('seq'), 'seq'),
    utc_ms: integer(get('utc_ms'), 'utc_ms'),
    mono_ms: integer(get('mono_ms'), 'mono_ms'),
    station_id: text(get('station_id'), 'station_id'),
    user_id: text(get('user_id'), 'user_id'),
    role: text(get('role'), 'role'),
    action: text(get('action'), 'action'),
    bed_id: nullableText(get('bed_id'), 'bed_id', emptyIsNull),
    alarm_id: nullableText(get('alarm_id'), 'alarm_id', emptyIsNull),
    details: text(get('details'), 'details'),
    prev_hash: text(get('prev_hash'), 'prev_hash'),
    hash: text(get('hash'), 'hash'),
  };
}

export function recordFromCsv(header: readonly string[], fields: readonly string[]): AuditRowRecord {
  if (fields.length !== header.length) throw new Error(`expected ${header.length} fields, found ${fields.length}`);
  return recordFrom((column) => fields[header.indexOf(column)], true);
}

export function recordFromJsonLine(line: string): AuditRowRecord {
  const object = JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as Record<string, unknown>;
  return recordFrom((column) => object[column], false);
}

/** Validates a manifest's shape (hand-written: this file also runs in the writer thread, which bundles no zod). */
export function parseManifest(json: string): ExportManifest {
  const m = JSON.parse(json) as Record<string, unknown>;
  const nullableInt = (v: unknown) => v === null || Number.isSafeInteger(v);
  const nullableHash = (v: unknown) => v === null || (typeof v === 'string' && /^[0-9a-f]{64}$/.test(v));
  const ok =
    (m['format'] === 'csv' || m['format'] === 'json') &&
    typeof m['filter'] === 'object' &&
    m['filter'] !== null &&
    Number.isSafeInteger(m['rowCount']) &&
    nullableInt(m['firstSeq']) &&
    nullableInt(m['lastSeq']) &&
    nullableHash(m['firstHash']) &&
    nullableHash(m['lastHash']) &&
    typeof m['fileSha256'] === 'string' &&
    /^[0-9a-f]{64}$/.test(m['fileSha256']) &&
    typeof m['stationId'] === 'string' &&
    typeof m['exportedAt'] === 'string' &&
    typeof m['contiguous'] === 'boolean';
  if (!ok) throw new Error('manifest fields are missing or malformed');
  // Manifests from before signing have none of these: absent means unsigned.
  const nullableString = (v: unknown) => v === undefined || v === null || typeof v === 'string';
  if (!nullableString(m['publicKey']) || !nullableString(m['keyId']) || !nullableString(m['chainId'])) throw new Error('manifest key fields are malformed');
  const heads = m['signedHeads'] ?? [];
  if (!Array.isArray(heads) || !heads.every(isSignedHead)) throw new Error('manifest signedHeads are malformed');
  return { ...(m as unknown as ExportManifest), publicKey: (m['publicKey'] as string | undefined) ?? null, keyId: (m['keyId'] as string | undefined) ?? null, chainId: (m['chainId'] as string | undefined) ?? null, signedHeads: heads };
}
