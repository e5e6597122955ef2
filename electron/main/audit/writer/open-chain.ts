import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SignedAuditHead } from '../../../../shared/protocol/audit-heads';
import { openDatabase, type SqliteDatabase } from '../../storage/open-database';
import { stringifySorted } from '../audit-details';
import { AuditFailure, describeError } from '../audit-failure';
import type { PendingAuditEvent } from '../audit-row';
import { monotonicMs } from '../monotonic-clock';
import { readHeadFile, type KnownHead } from '../signing/head-file';
import type { HeadSigner } from '../signing/head-signature';
import { advanceCheckpoint } from './chain-meta';
import { readChainIdentity, type ChainIdentity } from './chain-identity';
import { ChainWriter } from './chain-writer';
import { HeadSigning } from './head-signing';
import { migrate } from './migrations';
import { checkChainAtStartup } from './startup-check';
import { continuation, describeBreak } from './verify-anchors';
import type { AuditWorkerData, OpenWarning } from './worker-protocol';

export const WAL_SAFETY_LIMIT_BYTES = 64 * 1024 * 1024;

export interface OpenedChain {
  db: SqliteDatabase;
  writer: ChainWriter;
  signing: HeadSigning;
  identity: ChainIdentity;
  knownHead: KnownHead;
  migratedFrom: number;
  warnings: OpenWarning[];
  signedHeads: SignedAuditHead[];
  headFileProblem: string | null;
}

function hasTable(db: SqliteDatabase, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Read-only look, before anything is written: does the file hold a chain at all? */
function holdsRows(file: string, projectRoot: string): boolean {
  let db: SqliteDatabase | null = null;
  try {
    db = openDatabase(file, { projectRoot, readonly: true });
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get();
    return table !== undefined && db.prepare('SELECT 1 FROM audit_log LIMIT 1').get() !== undefined;
  } catch {
    // Unreadable: the read-write open below reports what is wrong with it.
    return true;
  } finally {
    db?.close();
  }
}

function ago(utcMs: number): string {
  return new Date(utcMs).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Opens audit.sqlite for writing, but only if it continues what this
 * station is known to have written: the last head it signed (kept beside the
 * key) must be in it, with the same hash, and its key must be the station's.
 * A database that is missing, empty, truncated, rewritten or another chain
 * is never written to and never silently replaced by a fresh one: the open
 * fails with 'chain-replaced' (the store then keeps clinical actions in the
 * fallback journal and AUDIT_FAILURE says what IT must do). Only a station
 * with no key yet, and so no chain, starts one.
 */
export function openChain(config: AuditWorkerData): OpenedChain {
  const { file, projectRoot, stationId } = config;
  const knownHead: KnownHead = config.headFile ? readHeadFile(config.headFile) : { state: 'missing' };
  if (knownHead.state === 'invalid') {
    throw new AuditFailure('chain-replaced', `the last signed head ${config.headFile} ${knownHead.reason}, so the database cannot be checked against it`);
  }
  // A chain must exist: a head was signed, or a key exists without the "no chain yet" statement
  // written with it (so the statement, or the head file as a whole, was removed).
  const bound = knownHead.state === 'valid' || (config.keyPreexisting && knownHead.state === 'missing');
  const missing = (what: string) =>
    knownHead.state === 'valid'
      ? `${what}, but this station signed its audit trail up to seq ${knownHead.head.seq} (${ago(knownHead.head.utcMs)} UTC)`
      : `${what}, and the last signed head beside the station's signing key is gone too`;
  if (bound && !existsSync(file)) throw new AuditFailure('chain-replaced', missing(`${file} is missing`));
  // An empty file is refused before SQLite touches it: creating tables in it would leave a WAL
  // that a backup copied over it afterwards would be read through.
  if (bound && statSync(file).size === 0) throw new AuditFailure('chain-replaced', missing(`${file} is empty`));
  if (bound && !holdsRows(file, projectRoot)) throw new AuditFailure('chain-replaced', missing(`${file} holds no audit rows`));
  // The last head must be this key's: a head file anyone could sign with a key of their own proves nothing.
  if (config.signing && (knownHead.state === 'valid' || knownHead.state === 'no-chain-yet') && knownHead.publicKey !== config.signing.publicKey) {
    throw new AuditFailure('chain-replaced', `the last signed head ${config.headFile} was signed by another key than the station's (${config.signing.keyId})`);
  }

  let db: SqliteDatabase;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = openDatabase(file, { projectRoot });
  } catch (error) {
    throw new AuditFailure('open-failed', describeError(error));
  }
  try {
    if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') throw new Error('WAL journal mode is not available');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(config.busyTimeoutMs))}`);
    db.pragma('synchronous = NORMAL');
    // Checkpoints run on their own thread (wal-checkpointer.ts), not inside commits.
    db.pragma('wal_autocheckpoint = 0');
    db.pragma(`journal_size_limit = ${WAL_SAFETY_LIMIT_BYTES}`);
    const warnings: OpenWarning[] = [];
    // Refusals first, before anything is written to the file (not even a migration).
    let identity = hasTable(db, 'audit_log') ? readChainIdentity(db) : null;
    if (identity && config.signing && identity.publicKey && identity.publicKey !== config.signing.publicKey) {
      throw new AuditFailure('chain-replaced', `${file} is signed with key ${identity.keyId ?? '?'}, not this station's key ${config.signing.keyId}`);
    }
    if (identity && knownHead.state === 'valid') {
      const c = continuation(db, identity, knownHead.head);
      const declared = identity.replaces;
      const replacedByIt = c === 'other-chain' && declared?.chainId === knownHead.head.chainId && declared.seq === knownHead.head.seq && declared.hash === knownHead.head.hash;
      if (c !== 'continues' && c !== 'pruned' && !replacedByIt) {
        const { reason, detail } = describeBreak(c, knownHead.head, 'the last head this station signed, at');
        throw new AuditFailure(reason === 'head-mismatch' ? 'chain-broken' : 'chain-replaced', `${file}: ${detail}`);
      }
      if (replacedByIt) {
        const genesis = JSON.parse((db.prepare('SELECT details FROM audit_log WHERE seq = 1').pluck().get() as string) ?? '{}') as Record<string, unknown>;
        warnings.push({
          kind: 'replaced',
          what: `replaced by ${String(genesis['replaced_by'])} ("${String(genesis['replace_reason']).slice(0, 80)}"): the previous chain ended at seq ${knownHead.head.seq}`,
        });
      }
    }
    const migration = migrate(db);
    const writer = new ChainWriter(db, stationId);
    const signer: HeadSigner | null = config.signing ? { stationId, keyId: config.signing.keyId, publicKey: config.signing.publicKey, privateKey: config.signing.privateKey } : null;
    const signing = new HeadSigning(db, { signer, headFile: config.headFile, everyRows: config.signing?.everyRows ?? 1_000 });
    const signedHeads: SignedAuditHead[] = [];
    let headFileProblem: string | null = null;
    const commit = (events: PendingAuditEvent[], chainIdOf: (firstHash: string) => string) => {
      writer.setDurability(true);
      let signed: SignedAuditHead | null = null;
      try {
        const result = db.transaction(() => {
          const inserted = writer.insertRows(events);
          const head = inserted.head!;
          signed = signing.signIfDue(chainIdOf(inserted.rows[0]!.hash), head, Date.now(), true);
          return inserted;
        }).immediate();
        writer.adoptHead(result.head);
      } catch (error) {
        writer.reload();
        signing.rolledBack();
        throw error;
      }
      headFileProblem = signing.committed(signed) ?? headFileProblem;
      if (signed) signedHeads.push(signed);
    };

    if (writer.isEmpty) {
      if (bound) throw new AuditFailure('chain-replaced', missing(`${file} holds no audit rows`));
      const now = Date.now();
      const genesis = writer.genesisEvent(now, monotonicMs(), config.signing ? { public_key: config.signing.publicKey, key_id: config.signing.keyId } : {});
      commit([genesis], (firstHash) => firstHash);
      const first = db.prepare('SELECT seq, hash, utc_ms AS utcMs FROM audit_log WHERE seq = 1').get() as { seq: number; hash: string; utcMs: number };
      advanceCheckpoint(db, first.seq, first.hash, first.utcMs);
      identity = readChainIdentity(db);
    }

    const check = checkChainAtStartup(db, config.tailVerifyRows, { identity, publicKey: config.signing?.publicKey ?? identity?.publicKey ?? null });
    if (!check.ok) throw new AuditFailure('chain-broken', `chain broken at seq ${check.brokenAtSeq}: ${check.reason} (${check.detail})`);
    identity = identity!;

    if (config.signing && !identity.publicKey) {
      // A chain from before signing: record the key in the chain once, then sign.
      const enrolment: PendingAuditEvent = {
        utcMs: Date.now(),
        monoMs: monotonicMs(),
        userId: 'system',
        role: 'system',
        action: 'audit.key-enrolled',
        bedId: null,
        alarmId: null,
        details: stringifySorted({ public_key: config.signing.publicKey, key_id: config.signing.keyId }),
      };
      commit([enrolment], () => identity!.chainId);
      identity = readChainIdentity(db)!;
    }
    // The head file is written with the key and never removed: gone means someone removed it.
    if (knownHead.state === 'missing' && config.keyPreexisting) {
      warnings.push({ kind: 'anchor-missing', what: `the last signed head (${config.headFile ?? 'no key folder'}) was missing: a truncation of the newest rows cannot be ruled out locally` });
    }
    if (signing.enabled && writer.headSeq > signing.lastSigned) {
      const head = db.prepare('SELECT seq, hash FROM audit_log WHERE seq = ?').get(writer.headSeq) as { seq: number; hash: string };
      let signed: SignedAuditHead | null = null;
      db.transaction(() => (signed = signing.signIfDue(identity!.chainId, head, Date.now(), true))).immediate();
      headFileProblem = signing.committed(signed) ?? headFileProblem;
      if (signed) signedHeads.push(signed);
    } else if (signing.enabled && knownHead.state === 'missing') {
      headFileProblem = signing.committed(signing.latest()) ?? headFileProblem;
    }
    statSync(file);
    return { db, writer, signing, identity, knownHead, migratedFrom: migration.from, warnings, signedHeads, headFileProblem };
  } catch (error) {
    db.close();
    throw error instanceof AuditFailure ? error : new AuditFailure('open-failed', describeError(error));
  }
}
