import type { Migration } from './migration';

/**
 * Signed chain heads (signing/head-signature.ts): every N rows and every
 * minute the writer signs (seq, hash) of the newest row with the station key,
 * inside the transaction that wrote the rows. Someone who rewrites rows and
 * recomputes every hash cannot make these signatures match without the key.
 * Append-only like the chain; rows keep their signed seq even after pruning.
 */
export const migration003SignedHeads: Migration = {
  version: 3,
  up(db) {
    db.exec(`CREATE TABLE audit_signed_head (
      seq INTEGER PRIMARY KEY,
      hash TEXT NOT NULL,
      utc_ms INTEGER NOT NULL,
      station_id TEXT NOT NULL,
      chain_id TEXT NOT NULL,
      key_id TEXT NOT NULL,
      signature TEXT NOT NULL
    ) STRICT;
    CREATE TRIGGER audit_signed_head_no_update BEFORE UPDATE ON audit_signed_head
      BEGIN SELECT RAISE(ABORT, 'audit_signed_head is append-only'); END;
    CREATE TRIGGER audit_signed_head_no_delete BEFORE DELETE ON audit_signed_head
      BEGIN SELECT RAISE(ABORT, 'audit_signed_head is append-only'); END;`);
  },
};
