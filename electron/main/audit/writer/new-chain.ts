import { existsSync, renameSync } from 'node:fs';
import { openDatabase } from '../../storage/open-database';
import type { AuditDetailValue } from '../audit-details';
import { monotonicMs } from '../monotonic-clock';
import { readHeadFile } from '../signing/head-file';
import { readPublicKeyPem, stationKeyFiles } from '../signing/station-key';
import { advanceCheckpoint } from './chain-meta';
import { ChainWriter } from './chain-writer';
import { migrate } from './migrations';

export interface NewChainRequest {
  file: string;
  keyDir: string;
  stationId: string;
  /** Who decided the old trail is lost (recorded in the genesis row). */
  by: string;
  reason: string;
  /** The head the new chain replaces; default: the last head signed beside the key. */
  replaces?: { chainId: string; seq: number; hash: string };
  projectRoot: string;
  now?: number;
}

export interface NewChainResult {
  chainId: string;
  replaces: { chainId: string; seq: number; hash: string };
  /** Where the old database was moved, if there was one. */
  archivedAs: string | null;
}

export class NewChainRefused extends Error {
  override name = 'NewChainRefused';
}

/**
 * IT's explicit, recorded decision that a station's audit trail is lost
 * (`vigil-station --new-audit-chain` or `npm run audit -- new-chain`, station stopped): the database, if any, is
 * moved aside (kept, never deleted), and a new chain starts whose genesis
 * row names the last head it replaces, who decided and why. The station then
 * accepts it at start because it names exactly the head beside the key, and
 * the back end's check accepts it because it names that chain. Nothing is
 * signed here (the key may be sealed by the OS keystore, which only the app
 * can use): the station signs the new chain's first head when it starts.
 */
export function startNewChain(request: NewChainRequest): NewChainResult {
  const files = stationKeyFiles(request.keyDir);
  if (!existsSync(files.publicKeyFile)) throw new NewChainRefused(`no station key in ${request.keyDir}: the new chain must name the key that will sign it`);
  const { publicKey, keyId } = readPublicKeyPem(files.publicKeyFile);
  let replaces = request.replaces;
  if (!replaces) {
    const known = readHeadFile(files.headFile);
    if (known.state !== 'valid') {
      throw new NewChainRefused(`the last signed head in ${files.headFile} is ${known.state === 'invalid' ? known.reason : known.state}: name the head this chain replaces with --replaces <chain>:<seq>:<hash>`);
    }
    replaces = { chainId: known.head.chainId, seq: known.head.seq, hash: known.head.hash };
  }
  const now = request.now ?? Date.now();
  let archivedAs: string | null = null;
  if (existsSync(request.file)) {
    archivedAs = `${request.file}.replaced-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
    for (const suffix of ['-wal', '-shm', '']) if (existsSync(`${request.file}${suffix}`)) renameSync(`${request.file}${suffix}`, `${archivedAs}${suffix}`);
  }
  const db = openDatabase(request.file, { projectRoot: request.projectRoot });
  try {
    db.pragma('journal_mode = WAL');
    migrate(db);
    const writer = new ChainWriter(db, request.stationId);
    const extra: Record<string, AuditDetailValue> = {
      public_key: publicKey,
      key_id: keyId,
      replaces_chain: replaces.chainId,
      replaces_seq: replaces.seq,
      replaces_hash: replaces.hash,
      replaced_by: request.by.slice(0, 128),
      replace_reason: request.reason.slice(0, 200),
    };
    const genesis = writer.writeGenesis(now, monotonicMs(), extra);
    advanceCheckpoint(db, genesis.seq, genesis.hash, genesis.utcMs);
    return { chainId: genesis.hash, replaces, archivedAs };
  } finally {
    db.close();
  }
}
