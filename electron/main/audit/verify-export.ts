import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { AuditRowRecord } from './audit-row';
import { TIME_BACKWARDS_TOLERANCE_MS, rowHash } from './chain-format';
import { headSignatureValid } from './signing/head-signature';
import { CSV_HEADER, JSON_CLOSE, JSON_OPEN, parseManifest, recordFromCsv, recordFromJsonLine, splitCsvLine, type ExportManifest } from './export-format';

export type ExportProblem =
  | 'manifest-invalid'
  | 'file-hash-mismatch'
  | 'parse-error'
  | 'row-hash-mismatch'
  | 'gap'
  | 'link-broken'
  | 'time-backwards'
  | 'manifest-mismatch'
  | 'key-mismatch'
  | 'signature-invalid'
  | 'head-mismatch';

export type ExportVerification =
  | { ok: true; manifest: ExportManifest; manifestSha256: string; rowCount: number; chainChecked: boolean; signedHeads: number; keyTrusted: boolean }
  | { ok: false; reason: ExportProblem; detail: string; seq?: number };

async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Re-checks an export against its manifest: the file's SHA-256, every row's
 * own hash (each row carries its prev_hash, so this holds for filtered
 * exports too) and, when the manifest says the rows are contiguous, the links
 * and the time rule between them; and every signed head the manifest lists:
 * its signature (with `trustedPublicKey` when given, which the manifest's key
 * must then be; otherwise with the manifest's own key, which only proves the
 * export was not altered after it was made) and its row's hash. Throws only
 * when a file cannot be read.
 */
export async function verifyExport(exportFile: string, manifestFile: string, options: { trustedPublicKey?: string | null } = {}): Promise<ExportVerification> {
  const manifestText = readFileSync(manifestFile, 'utf8');
  const manifestSha256 = createHash('sha256').update(manifestText).digest('hex');
  let manifest: ExportManifest;
  try {
    manifest = parseManifest(manifestText);
  } catch (error) {
    return { ok: false, reason: 'manifest-invalid', detail: (error as Error).message };
  }
  // Signed heads: made by the station's key, over hashes the rows below must carry.
  const trusted = options.trustedPublicKey ?? null;
  if (trusted && manifest.publicKey !== trusted) {
    return { ok: false, reason: 'key-mismatch', detail: manifest.publicKey ? `the export names key ${manifest.keyId ?? '?'}, not the one you trust` : 'the export names no signing key' };
  }
  const headKey = trusted ?? manifest.publicKey;
  const headHashes = new Map<number, string>();
  for (const head of manifest.signedHeads) {
    if (!headKey || !headSignatureValid(head, headKey)) return { ok: false, reason: 'signature-invalid', detail: `the signed head at seq ${head.seq} does not verify with the station's key`, seq: head.seq };
    headHashes.set(head.seq, head.hash);
  }
  const actualSha = await fileSha256(exportFile);
  if (actualSha !== manifest.fileSha256) {
    return { ok: false, reason: 'file-hash-mismatch', detail: 'the export file is not the one the manifest describes' };
  }

  const lines = createInterface({ input: createReadStream(exportFile, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  let header: string[] = [];
  let previous: AuditRowRecord | null = null;
  let first: AuditRowRecord | null = null;
  let maxUtc = -Infinity;
  let rowCount = 0;
  let closed = false;
  try {
    for await (const line of lines) {
      lineNo++;
      if (lineNo === 1) {
        if (manifest.format === 'csv' ? line !== CSV_HEADER : line !== JSON_OPEN) {
          return { ok: false, reason: 'parse-error', detail: `line 1 is not a ${manifest.format} export header` };
        }
        header = line.split(',');
        continue;
      }
      if (line === '' || (manifest.format === 'json' && line === JSON_CLOSE)) {
        closed = closed || line === JSON_CLOSE;
        continue;
      }
      let r: AuditRowRecord;
      try {
        r = manifest.format === 'csv' ? recordFromCsv(header, splitCsvLine(line)) : recordFromJsonLine(line);
      } catch (error) {
        return { ok: false, reason: 'parse-error', detail: `line ${lineNo}: ${(error as Error).message}` };
      }
      const content = { seq: r.seq, utcMs: r.utc_ms, monoMs: r.mono_ms, stationId: r.station_id, userId: r.user_id, role: r.role, action: r.action, bedId: r.bed_id, alarmId: r.alarm_id, details: r.details };
      if (rowHash(r.prev_hash, content) !== r.hash) return { ok: false, reason: 'row-hash-mismatch', detail: 'the row content does not match its hash', seq: r.seq };
      const signed = headHashes.get(r.seq);
      if (signed !== undefined) {
        if (signed !== r.hash) return { ok: false, reason: 'head-mismatch', detail: 'the row differs from the one the station signed', seq: r.seq };
        headHashes.delete(r.seq);
      }
      if (previous && r.seq <= previous.seq) return { ok: false, reason: 'parse-error', detail: 'rows are not in seq order', seq: r.seq };
      if (manifest.contiguous && previous) {
        if (r.seq !== previous.seq + 1) return { ok: false, reason: 'gap', detail: `seq ${previous.seq + 1} is missing`, seq: previous.seq + 1 };
        if (r.prev_hash !== previous.hash) return { ok: false, reason: 'link-broken', detail: `prev_hash does not match seq ${previous.seq}`, seq: r.seq };
        if (r.utc_ms < maxUtc - TIME_BACKWARDS_TOLERANCE_MS) return { ok: false, reason: 'time-backwards', detail: 'utc_ms steps back', seq: r.seq };
      }
      maxUtc = Math.max(maxUtc, r.utc_ms);
      first ??= r;
      previous = r;
      rowCount++;
    }
  } finally {
    lines.close();
  }
  if (manifest.format === 'json' && !closed) return { ok: false, reason: 'parse-error', detail: 'the JSON export is not closed' };

  const mismatch =
    rowCount !== manifest.rowCount
      ? `rowCount ${rowCount} != ${manifest.rowCount}`
      : (first?.seq ?? null) !== manifest.firstSeq || (previous?.seq ?? null) !== manifest.lastSeq
        ? 'first/last seq differ from the manifest'
        : (first?.hash ?? null) !== manifest.firstHash || (previous?.hash ?? null) !== manifest.lastHash
          ? 'first/last hash differ from the manifest'
          : null;
  if (mismatch) return { ok: false, reason: 'manifest-mismatch', detail: mismatch };
  const missingHead = [...headHashes.keys()][0];
  if (missingHead !== undefined) return { ok: false, reason: 'head-mismatch', detail: 'a signed head names a row that is not in the export', seq: missingHead };
  return { ok: true, manifest, manifestSha256, rowCount, chainChecked: manifest.contiguous, signedHeads: manifest.signedHeads.length, keyTrusted: trusted !== null };
}
