import type { Statement } from 'better-sqlite3';
import type { SignedAuditHead } from '../../../../shared/protocol/audit-heads';
import type { SqliteDatabase } from '../../storage/open-database';
import { describeError } from '../audit-failure';
import { writeHeadFile } from '../signing/head-file';
import { signHead, type HeadSigner } from '../signing/head-signature';

export interface HeadSigningConfig {
  signer: HeadSigner | null;
  /** Where the last signed head is kept, beside the key. */
  headFile: string | null;
  /** Sign at least every this many rows. */
  everyRows: number;
}

interface SignedHeadRecord {
  seq: number;
  hash: string;
  utc_ms: number;
  station_id: string;
  chain_id: string;
  key_id: string;
  signature: string;
}

/**
 * Signs chain heads inside the transaction that wrote the rows (so a signed
 * head is never ahead of, or missing from, the rows it vouches for), then,
 * after COMMIT, replaces the last-head file beside the key.
 */
export class HeadSigning {
  private lastSignedSeq: number;
  private readonly insert: Statement;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly config: HeadSigningConfig,
  ) {
    this.insert = db.prepare('INSERT INTO audit_signed_head (seq, hash, utc_ms, station_id, chain_id, key_id, signature) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.lastSignedSeq = this.readLastSignedSeq();
  }

  get enabled(): boolean {
    return this.config.signer !== null;
  }

  get lastSigned(): number {
    return this.lastSignedSeq;
  }

  /** Inside the caller's transaction: signs `head` if `everyRows` have passed since the last signature (or `force`). */
  signIfDue(chainId: string, head: { seq: number; hash: string }, utcMs: number, force = false): SignedAuditHead | null {
    const signer = this.config.signer;
    if (!signer || head.seq <= this.lastSignedSeq) return null;
    if (!force && head.seq - this.lastSignedSeq < this.config.everyRows) return null;
    const signed = signHead(signer, { chainId, seq: head.seq, hash: head.hash, utcMs });
    this.insert.run(signed.seq, signed.hash, signed.utcMs, signed.stationId, signed.chainId, signed.keyId, signed.signature);
    return signed;
  }

  /** After COMMIT: the head counts, and the file beside the key follows. Returns what went wrong writing the file, if anything. */
  committed(signed: SignedAuditHead | null): string | null {
    if (!signed) return null;
    this.lastSignedSeq = Math.max(this.lastSignedSeq, signed.seq);
    if (!this.config.headFile || !this.config.signer) return null;
    try {
      writeHeadFile(this.config.headFile, signed, this.config.signer.publicKey);
      return null;
    } catch (error) {
      return `${this.config.headFile} could not be written (${describeError(error).slice(0, 100)})`;
    }
  }

  /** After a ROLLBACK: what the table says. */
  rolledBack(): void {
    this.lastSignedSeq = this.readLastSignedSeq();
  }

  latest(): SignedAuditHead | null {
    const row = this.db.prepare('SELECT * FROM audit_signed_head ORDER BY seq DESC LIMIT 1').get() as SignedHeadRecord | undefined;
    return row ? this.toHead(row) : null;
  }

  /** Heads signed after `afterSeq`, oldest first (what the back end has not confirmed yet). */
  since(afterSeq: number, limit: number): SignedAuditHead[] {
    const rows = this.db.prepare('SELECT * FROM audit_signed_head WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as SignedHeadRecord[];
    return rows.map((row) => this.toHead(row));
  }

  private toHead(row: SignedHeadRecord): SignedAuditHead {
    return { stationId: row.station_id, chainId: row.chain_id, keyId: row.key_id, seq: row.seq, hash: row.hash, utcMs: row.utc_ms, signature: row.signature };
  }

  private readLastSignedSeq(): number {
    return (this.db.prepare('SELECT max(seq) FROM audit_signed_head').pluck().get() as number | null) ?? 0;
  }
}
