import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../../storage/open-database';
import { GENESIS_ACTION } from '../audit-actions';
import { stringifySorted, type AuditDetailValue } from '../audit-details';
import type { AuditRow, PendingAuditEvent } from '../audit-row';
import { GENESIS_PREV_HASH, TIME_BACKWARDS_TOLERANCE_MS, rowHash } from '../chain-format';

interface ChainHead {
  seq: number;
  hash: string;
  /** Highest utc_ms in the chain: the verifier's time rule compares with it. */
  maxUtcMs: number;
}

/**
 * Appends rows to the chain. Owns the head (seq, hash) in memory so a batch
 * costs one hash and one insert per row; the head only moves after COMMIT, and
 * reload() re-reads it after any failure, so a rolled-back batch never leaves
 * a hole or a wrong link behind.
 */
export class ChainWriter {
  private head: ChainHead | null = null;
  private readonly insert: Statement;
  private durable: boolean | null = null;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly stationId: string,
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (seq, utc_ms, mono_ms, station_id, user_id, role, action, bed_id, alarm_id, details, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.reload();
  }

  reload(): void {
    const last = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    const max = this.db.prepare('SELECT max(utc_ms) AS utc FROM audit_log').get() as { utc: number | null };
    this.head = last ? { seq: last.seq, hash: last.hash, maxUtcMs: max.utc ?? 0 } : null;
  }

  get headSeq(): number {
    return this.head?.seq ?? 0;
  }

  get isEmpty(): boolean {
    return this.head === null;
  }

  /**
   * seq 1: which station created the chain and when (its utc_ms), plus
   * `extra` (the public key its heads are signed with, and the chain it
   * replaces, if any). Returned unwritten: the caller inserts it in its own
   * transaction, together with the first signed head.
   */
  genesisEvent(utcMs: number, monoMs: number, extra: Record<string, AuditDetailValue> = {}): PendingAuditEvent {
    if (this.head) throw new Error('the chain already has a genesis row');
    return {
      utcMs,
      monoMs,
      userId: 'system',
      role: 'system',
      action: GENESIS_ACTION,
      bedId: null,
      alarmId: null,
      details: stringifySorted({ chain_format: 1, created_utc: new Date(utcMs).toISOString(), ...extra }),
    };
  }

  /** seq 1 on its own (tools and tests that need no signing). */
  writeGenesis(utcMs: number, monoMs: number, extra: Record<string, AuditDetailValue> = {}): AuditRow {
    return this.append([this.genesisEvent(utcMs, monoMs, extra)], { durable: true })[0]!;
  }

  /** One transaction for the whole batch; FULL sync when any row must survive power loss. */
  append(events: readonly PendingAuditEvent[], options: { durable: boolean }): AuditRow[] {
    this.setDurability(options.durable);
    let result: { rows: AuditRow[]; head: ChainHead | null } | undefined;
    try {
      result = this.db.transaction(() => this.insertRows(events)).immediate();
    } catch (error) {
      this.reload();
      throw error;
    }
    this.head = result.head;
    return result.rows;
  }

  /**
   * For callers that own the transaction (pruning, journal import, the
   * worker's commit): inserts rows and moves the head; a caller whose
   * transaction rolls back must reload().
   */
  insertRows(events: readonly PendingAuditEvent[]): { rows: AuditRow[]; head: ChainHead | null } {
    let head = this.head;
    const rows: AuditRow[] = [];
    for (const event of events) {
      const seq = (head?.seq ?? 0) + 1;
      const prevHash = head?.hash ?? GENESIS_PREV_HASH;
      let utcMs = event.utcMs;
      let details = event.details;
      // Never write a step back the verifier would call tampering: keep the
      // clock's reading in details and the chain's time order in utc_ms.
      if (head && utcMs < head.maxUtcMs - TIME_BACKWARDS_TOLERANCE_MS) {
        details = stringifySorted({ ...(JSON.parse(details) as Record<string, AuditDetailValue>), original_utc_ms: utcMs });
        utcMs = head.maxUtcMs;
      }
      const content = { seq, utcMs, monoMs: event.monoMs, stationId: this.stationId, userId: event.userId, role: event.role, action: event.action, bedId: event.bedId, alarmId: event.alarmId, details };
      const hash = rowHash(prevHash, content);
      this.insert.run(seq, utcMs, event.monoMs, this.stationId, event.userId, event.role, event.action, event.bedId, event.alarmId, details, prevHash, hash);
      rows.push({ ...content, prevHash, hash });
      head = { seq, hash, maxUtcMs: Math.max(head?.maxUtcMs ?? utcMs, utcMs) };
    }
    this.head = head;
    return { rows, head };
  }

  /** The newest row, including rows inserted by an open transaction. */
  currentHead(): ChainHead | null {
    return this.head;
  }

  adoptHead(head: ChainHead | null): void {
    this.head = head;
  }

  setDurability(durable: boolean): void {
    if (this.durable === durable) return;
    this.db.pragma(`synchronous = ${durable ? 'FULL' : 'NORMAL'}`);
    this.durable = durable;
  }
}
