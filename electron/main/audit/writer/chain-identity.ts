import type { SqliteDatabase } from '../../storage/open-database';

/**
 * What a chain says about itself: its identity (the genesis row's hash), the
 * public key its heads are signed with (in the genesis row, or in the one
 * audit.key-enrolled row of a chain that began before signing existed), and
 * the chain it replaced, if IT started it with `vigil-station --new-audit-chain`.
 */
export interface ChainIdentity {
  chainId: string;
  publicKey: string | null;
  keyId: string | null;
  /** seq of the row that names the key (1 for the genesis row). */
  keySeq: number | null;
  replaces: { chainId: string; seq: number; hash: string } | null;
}

function parse(details: string): Record<string, unknown> {
  try {
    return JSON.parse(details) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function readChainIdentity(db: SqliteDatabase): ChainIdentity | null {
  const genesis = db.prepare("SELECT hash, details FROM audit_log WHERE seq = 1 AND action = 'audit.genesis'").get() as { hash: string; details: string } | undefined;
  if (!genesis) return null;
  const g = parse(genesis.details);
  let publicKey = typeof g['public_key'] === 'string' ? g['public_key'] : null;
  let keyId = typeof g['key_id'] === 'string' ? g['key_id'] : null;
  let keySeq: number | null = publicKey ? 1 : null;
  if (!publicKey) {
    const enrolled = db.prepare("SELECT seq, details FROM audit_log WHERE action = 'audit.key-enrolled' ORDER BY seq LIMIT 1").get() as { seq: number; details: string } | undefined;
    if (enrolled) {
      const e = parse(enrolled.details);
      publicKey = typeof e['public_key'] === 'string' ? e['public_key'] : null;
      keyId = typeof e['key_id'] === 'string' ? e['key_id'] : null;
      keySeq = publicKey ? enrolled.seq : null;
    }
  }
  const replaces =
    typeof g['replaces_chain'] === 'string' && Number.isSafeInteger(g['replaces_seq']) && typeof g['replaces_hash'] === 'string'
      ? { chainId: g['replaces_chain'], seq: g['replaces_seq'] as number, hash: g['replaces_hash'] }
      : null;
  return { chainId: genesis.hash, publicKey, keyId, keySeq, replaces };
}
