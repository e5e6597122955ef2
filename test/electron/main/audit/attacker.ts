import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditHeadPayload } from '../../../../shared/protocol/audit-head-payload';
import type { SignedAuditHead } from '../../../../shared/protocol/audit-heads';
import type { SqliteDatabase } from '../../../../electron/main/storage/open-database';
import { openRaw, rehashFrom } from './audit-test-kit';

/**
 * What someone who can write the database file does, and then some: every
 * check that compares against something in the same file is made to agree.
 * `withKey` is the stronger attacker who also stole the station's signing
 * key (a file-permissions key, read as root would): they re-sign every head
 * and rewrite the last-head file. What they cannot reach is the back end.
 */
export interface Attacker {
  /** Edits one row and recomputes every later hash, the checkpoint and the signed heads' hashes. */
  editAndRehash(seq: number, column: 'user_id' | 'role' | 'details', value: string): void;
  /** Deletes every row after `keep`, and every signed head after it; lowers the checkpoint. */
  truncate(keep: number): void;
}

function unprotect(db: SqliteDatabase): void {
  for (const trigger of ['audit_log_no_update', 'audit_log_no_delete', 'audit_signed_head_no_update', 'audit_signed_head_no_delete']) db.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
}

function fixAnchors(db: SqliteDatabase, withKey: { keyDir: string } | null): void {
  db.prepare('UPDATE audit_checkpoint SET hash = (SELECT hash FROM audit_log WHERE seq = audit_checkpoint.seq)').run();
  db.prepare('UPDATE audit_signed_head SET hash = (SELECT hash FROM audit_log WHERE seq = audit_signed_head.seq)').run();
  if (!withKey) return;
  // The stolen key: re-sign every head, and the last-head file beside the key.
  const keyFile = JSON.parse(readFileSync(join(withKey.keyDir, 'audit-signing-key.json'), 'utf8')) as { sealed: string; publicKey: string };
  const privateKey = createPrivateKey({ key: Buffer.from(keyFile.sealed, 'base64'), format: 'der', type: 'pkcs8' });
  const heads = db.prepare('SELECT seq, hash, utc_ms AS utcMs, station_id AS stationId, chain_id AS chainId, key_id AS keyId FROM audit_signed_head ORDER BY seq').all() as Array<Omit<SignedAuditHead, 'signature'>>;
  const resign = db.prepare('UPDATE audit_signed_head SET signature = ? WHERE seq = ?');
  let last: SignedAuditHead | null = null;
  // Their hash columns already follow the rewritten rows (above): sign them as they are now.
  for (const head of heads) {
    const signature = sign(null, Buffer.from(auditHeadPayload(head)), privateKey).toString('base64');
    resign.run(signature, head.seq);
    last = { ...head, signature };
  }
  if (last) writeFileSync(join(withKey.keyDir, 'audit-last-head.json'), JSON.stringify({ format: 'vigil-audit-last-head/1', publicKey: keyFile.publicKey, head: last }));
}

export function attacker(file: string, withKey: { keyDir: string } | null = null): Attacker {
  return {
    editAndRehash(seq, column, value) {
      const db = openRaw(file);
      try {
        unprotect(db);
        db.prepare(`UPDATE audit_log SET ${column} = ? WHERE seq = ?`).run(value, seq);
        rehashFrom(db, seq);
        fixAnchors(db, withKey);
      } finally {
        db.close();
      }
    },
    truncate(keep) {
      const db = openRaw(file);
      try {
        unprotect(db);
        db.prepare('DELETE FROM audit_log WHERE seq > ?').run(keep);
        db.prepare('DELETE FROM audit_signed_head WHERE seq > ?').run(keep);
        db.prepare('UPDATE audit_checkpoint SET seq = min(seq, ?)').run(keep);
        fixAnchors(db, withKey);
      } finally {
        db.close();
      }
    },
  };
}
