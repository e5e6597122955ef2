import { verify } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { publicKeyFrom } from '../signing/station-key';
import { GENESIS_LINE_HASH, JOURNAL_FORMAT, lineHash, sealPayload, type JournalEntry, type JournalHeader, type JournalRecord } from './journal-format';

export type JournalProblem = 'unreadable' | 'header-invalid' | 'station-mismatch' | 'key-mismatch' | 'unsigned' | 'parse-error' | 'hash-mismatch' | 'sequence' | 'seal-invalid';

export interface JournalSummary {
  ok: true;
  header: JournalHeader;
  /** Entries covered by a seal: the ones that were confirmed, and the ones an import takes. */
  sealedEntries: number;
  clinicalEntries: number;
  /** n of the last seal, and the hash of the line it covers. */
  sealedThroughN: number;
  /** hash of the last complete line (what a writer in this run expects to find). */
  lastN: number;
  lastHash: string;
  /** Entries after the last seal: a write cut off by a crash, never confirmed to anyone. */
  unsealedEntries: number;
  /** The file ends in a partial line (cut off mid-write). */
  tornTail: boolean;
}

export type JournalCheck = JournalSummary | { ok: false; problem: JournalProblem; line: number; detail: string };

export interface JournalExpectations {
  stationId: string;
  /** The station's public key: seals must verify with it. Null: the station has no usable key now. */
  publicKey: string | null;
  /** Refuse a segment with unsigned seals (a station that has a key never writes one, except in the run that knows it did). */
  requireSignature: boolean;
}

/** Lines of a file, read in 1 MB chunks (segments can be far larger than a string should be). */
function* linesOf(file: string): Generator<{ text: string; complete: boolean }> {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let carry = Buffer.alloc(0);
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      let chunk = Buffer.concat([carry, buffer.subarray(0, read)]);
      let start = 0;
      for (let i = chunk.indexOf(10, start); i >= 0; i = chunk.indexOf(10, start)) {
        yield { text: chunk.toString('utf8', start, i), complete: true };
        start = i + 1;
      }
      carry = Buffer.from(chunk.subarray(start));
      chunk = Buffer.alloc(0);
    }
    if (carry.length > 0) yield { text: carry.toString('utf8'), complete: false };
  } finally {
    closeSync(fd);
  }
}

type Step = { record: JournalRecord; n: number; hash: string } | { problem: JournalProblem; line: number; detail: string } | { torn: true };

/**
 * Reads a segment, checking every line as it goes: the hash chain, the line
 * numbering, the header (station, key) and each seal's signature. Yields
 * records; a problem ends the walk. Both the check and the import walk the
 * file with this, so what is imported is exactly what was checked.
 */
export function* walkJournal(file: string, expect: JournalExpectations): Generator<Step> {
  let prevHash = GENESIS_LINE_HASH;
  let expectedN = 1;
  let header: JournalHeader | null = null;
  const key = expect.publicKey ? publicKeyFrom(expect.publicKey) : null;
  // A file that cannot be read throws from here: checkJournal reports it as 'unreadable'.
  for (const { text, complete } of linesOf(file)) {
    const line = expectedN;
    if (!complete) {
      yield { torn: true };
      return;
    }
    const space = text.indexOf(' ');
    const hash = text.slice(0, space);
    const json = text.slice(space + 1);
    if (space !== 64 || lineHash(prevHash, json) !== hash) {
      yield { problem: 'hash-mismatch', line, detail: 'the line does not match its hash or the line before it' };
      return;
    }
    let record: JournalRecord;
    try {
      record = JSON.parse(json) as JournalRecord;
    } catch {
      yield { problem: 'parse-error', line, detail: 'the line is not JSON' };
      return;
    }
    if (record.n !== expectedN) {
      yield { problem: 'sequence', line, detail: `line ${expectedN} is numbered ${String(record.n)}` };
      return;
    }
    if (line === 1) {
      if (record.t !== 'header' || record.format !== JOURNAL_FORMAT) {
        yield { problem: 'header-invalid', line, detail: 'the first line is not a journal header' };
        return;
      }
      if (record.stationId !== expect.stationId) {
        yield { problem: 'station-mismatch', line, detail: `written by station ${String(record.stationId).slice(0, 48)}` };
        return;
      }
      if (record.publicKey !== null && record.publicKey !== expect.publicKey) {
        yield { problem: 'key-mismatch', line, detail: `sealed with key ${String(record.keyId)}, not this station's` };
        return;
      }
      if (record.publicKey === null && expect.requireSignature) {
        yield { problem: 'unsigned', line, detail: 'the journal is unsigned, but this station has a signing key' };
        return;
      }
      header = record;
    } else if (record.t === 'seal') {
      const signed = header!.publicKey !== null;
      const valid = signed
        ? typeof record.sig === 'string' && key !== null && verify(null, Buffer.from(sealPayload(header!.journalId, record.n, prevHash)), key, Buffer.from(record.sig, 'base64'))
        : record.sig === null;
      if (!valid) {
        yield { problem: 'seal-invalid', line, detail: 'the seal does not verify' };
        return;
      }
    } else if (record.t !== 'entry' || typeof record.event !== 'object' || record.event === null) {
      yield { problem: 'parse-error', line, detail: 'neither an entry nor a seal' };
      return;
    }
    yield { record, n: line, hash };
    prevHash = hash;
    expectedN++;
  }
}

/** The whole-segment check an import starts with. Never throws. */
export function checkJournal(file: string, expect: JournalExpectations): JournalCheck {
  let header: JournalHeader | null = null;
  let sealedEntries = 0;
  let clinicalEntries = 0;
  let pendingEntries = 0;
  let pendingClinical = 0;
  let sealedThroughN = 0;
  let lastN = 0;
  let tornTail = false;
  let lastHash = GENESIS_LINE_HASH;
  try {
    for (const step of walkJournal(file, expect)) {
      if ('problem' in step) return { ok: false, ...step };
      if ('torn' in step) {
        tornTail = true;
        break;
      }
      const { record, n } = step;
      lastN = n;
      lastHash = step.hash;
      if (record.t === 'header') header = record;
      else if (record.t === 'entry') {
        pendingEntries++;
        if (record.clinical) pendingClinical++;
      } else {
        sealedEntries += pendingEntries;
        clinicalEntries += pendingClinical;
        pendingEntries = 0;
        pendingClinical = 0;
        sealedThroughN = n;
      }
    }
  } catch (error) {
    return { ok: false, problem: 'unreadable', line: lastN, detail: (error as Error).message.slice(0, 120) };
  }
  if (!header) return { ok: false, problem: 'header-invalid', line: 1, detail: 'the segment is empty' };
  return { ok: true, header, sealedEntries, clinicalEntries, sealedThroughN, lastN, lastHash, unsealedEntries: pendingEntries, tornTail };
}

/** The sealed entries of a segment that checkJournal() passed, in order (re-checked on the way). */
export function* sealedEntries(file: string, expect: JournalExpectations, sealedThroughN: number): Generator<JournalEntry> {
  for (const step of walkJournal(file, expect)) {
    if ('problem' in step) throw new Error(`journal changed while it was imported: line ${step.line} ${step.problem}`);
    if ('torn' in step) return;
    if (step.n > sealedThroughN) return;
    if (step.record.t === 'entry') yield step.record;
  }
}
