import { openDatabase, type SqliteDatabase } from '../../storage/open-database';
import { BLOCK_MS } from '../../../../shared/disclosure/disclosure-limits';
import type { ClockEntry } from '../../../../shared/disclosure/record-time';
import { migrate } from './migrations';

/** Channel numbers in the store: the waveform frame's codes, plus numerics. */
export const NUMERICS_CHANNEL = 3;
/** Key space of trend-minute checksums (never a stored block's channel). */
export const TREND_CHANNEL = 200;

/** Rowid layout of a block (migrations/001-initial.ts). */
const PARTS = 256;
const CHANNELS = 4;
const BED_KEYS = 1024;

export function blockRowId(window: number, bedKey: number, channel: number, part: number): number {
  return ((window * BED_KEYS + bedKey) * CHANNELS + channel) * PARTS + part;
}

/** The first rowid of a window (every bed, channel and part of earlier windows is below it). */
export function windowStart(window: number): number {
  return blockRowId(window, 0, 0, 0);
}

export class BlockSlotsExhaustedError extends Error {}

export interface StoredBlock {
  bedKey: number;
  channel: number;
  t0: number;
  blob: Buffer;
}

export interface AlarmEventRow {
  bedKey: number | null;
  at: number;
  kind: string;
  alarmId: string;
  code: string;
  priority: string | null;
  level: number | null;
  actor: string | null;
}

export interface BedEventRow {
  bedKey: number | null;
  at: number;
  kind: string;
  detail: string | null;
}

export interface NibpRow {
  bedKey: number;
  measuredAt: number;
  sys: number | null;
  dia: number | null;
  mean: number | null;
}

/**
 * The full-disclosure SQLite file: its own file, apart from the audit trail
 * (different write pattern and retention), owned by the recorder's worker
 * thread. WAL with synchronous=NORMAL: a committed transaction survives the
 * station being killed (the WAL is in the OS's cache); a power cut may lose
 * the last commits, which the recorder accepts for waveforms (the audit trail
 * is the record that must survive power loss).
 */
export class DisclosureStore {
  readonly db: SqliteDatabase;
  private readonly bedKeys = new Map<string, number>();
  private readonly bedIds = new Map<number, string>();
  private readonly insertBlock;
  private readonly lastPart;
  private readonly windowRows;
  private readonly insertTrend;
  private readonly insertNibp;
  private readonly insertAlarm;
  private readonly insertBedEvent;
  private readonly raiseThrough;
  private readonly insertClock;

  constructor(file: string, projectRoot: string, options: { readonly?: boolean } = {}) {
    this.db = openDatabase(file, { projectRoot, readonly: options.readonly ?? false });
    try {
      if (!options.readonly) {
        // Only takes effect on a new file (before its first table): see migrations/001-initial.ts.
        this.db.pragma('page_size = 16384');
        if (this.db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') throw new Error('WAL journal mode is not available');
        this.db.pragma('synchronous = NORMAL');
        migrate(this.db);
      }
      this.db.pragma('busy_timeout = 2000');
      for (const row of this.db.prepare('SELECT bed_key, bed_id FROM beds').all() as Array<{ bed_key: number; bed_id: string }>) {
        this.bedKeys.set(row.bed_id, row.bed_key);
        this.bedIds.set(row.bed_key, row.bed_id);
      }
      this.insertBlock = this.db.prepare('INSERT INTO blocks (id, t0, blob) VALUES (?, ?, ?)');
      this.lastPart = this.db.prepare('SELECT max(id) FROM blocks WHERE id BETWEEN ? AND ?').pluck();
      this.windowRows = this.db.prepare('SELECT id, t0, blob FROM blocks WHERE id BETWEEN ? AND ? ORDER BY id');
      this.insertTrend = this.db.prepare('INSERT OR REPLACE INTO trend_minutes (bed_key, minute, blob) VALUES (?, ?, ?)');
      this.insertNibp = this.db.prepare('INSERT OR IGNORE INTO nibp (bed_key, measured_at, sys, dia, mean) VALUES (?, ?, ?, ?, ?)');
      this.insertAlarm = this.db.prepare('INSERT INTO alarm_events (bed_key, at, kind, alarm_id, code, priority, level, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      this.insertBedEvent = this.db.prepare('INSERT INTO bed_events (bed_key, at, kind, detail) VALUES (?, ?, ?, ?)');
      this.raiseThrough = this.db.prepare('INSERT INTO record_state (id, through) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET through = max(through, excluded.through)');
      this.insertClock = this.db.prepare('INSERT OR REPLACE INTO record_clock (record_from, wall_offset) VALUES (?, ?)');
    } catch (error) {
      this.db.close();
      throw error;
    }
  }

  /** The small integer a bed is stored under (created on first use; part of every block's checksum). */
  bedKey(bedId: string): number {
    let key = this.bedKeys.get(bedId);
    if (key === undefined) {
      key = Number(this.db.prepare('INSERT INTO beds (bed_id) VALUES (?)').run(bedId).lastInsertRowid);
      this.bedKeys.set(bedId, key);
      this.bedIds.set(key, bedId);
    }
    return key;
  }

  /** The key of a bed already in the store, or null (reads never create one). */
  knownBedKey(bedId: string): number | null {
    return this.bedKeys.get(bedId) ?? null;
  }

  bedIdOf(bedKey: number | null): string | null {
    return bedKey === null ? null : (this.bedIds.get(bedKey) ?? null);
  }

  /** Files a block under the next free part of its (window, bed, channel). */
  writeBlock(block: StoredBlock): void {
    if (block.bedKey >= BED_KEYS) throw new BlockSlotsExhaustedError(`bed key ${block.bedKey} beyond the store's ${BED_KEYS}`);
    const window = Math.floor(block.t0 / BLOCK_MS);
    const first = blockRowId(window, block.bedKey, block.channel, 0);
    const last = first + PARTS - 1;
    const taken = this.lastPart.get(first, last) as number | null;
    if (taken === last) throw new BlockSlotsExhaustedError(`more than ${PARTS} blocks in one window`);
    this.insertBlock.run(taken === null ? first : taken + 1, block.t0, block.blob);
  }

  /** Every block of a bed on the given channels with a window in [from, to), in time order per channel. */
  blocksIn(bedKey: number, channels: readonly number[], from: number, to: number): StoredBlock[] {
    const out: StoredBlock[] = [];
    const lowChannel = Math.min(...channels);
    const highChannel = Math.max(...channels);
    for (let window = Math.floor(from / BLOCK_MS); window * BLOCK_MS < to; window++) {
      const rows = this.windowRows.all(blockRowId(window, bedKey, lowChannel, 0), blockRowId(window, bedKey, highChannel, PARTS - 1)) as Array<{ id: number; t0: number; blob: Buffer }>;
      for (const row of rows) {
        const channel = Math.floor(row.id / PARTS) % CHANNELS;
        if (channels.includes(channel)) out.push({ bedKey, channel, t0: row.t0, blob: row.blob });
      }
    }
    return out.sort((a, b) => a.channel - b.channel || a.t0 - b.t0);
  }

  writeTrendMinute(bedKey: number, minute: number, blob: Buffer): void {
    this.insertTrend.run(bedKey, minute, blob);
  }

  writeNibp(row: NibpRow): void {
    this.insertNibp.run(row.bedKey, row.measuredAt, row.sys, row.dia, row.mean);
  }

  writeAlarmEvent(row: AlarmEventRow): void {
    this.insertAlarm.run(row.bedKey, row.at, row.kind, row.alarmId, row.code, row.priority, row.level, row.actor);
  }

  writeBedEvent(row: BedEventRow): void {
    this.insertBedEvent.run(row.bedKey, row.at, row.kind, row.detail);
  }

  /** A record time at or after everything stored (null for an empty store): a run starts after it. */
  through(): number | null {
    return (this.db.prepare('SELECT through FROM record_state WHERE id = 1').pluck().get() as number | undefined) ?? null;
  }

  /** Raises `through` (never lowers it); in the same transaction as the writes it covers. */
  raiseThroughTo(t: number): void {
    this.raiseThrough.run(t);
  }

  writeClockEntry(entry: ClockEntry): void {
    this.insertClock.run(entry.from, entry.offset);
  }

  /** Every clock entry, in record-time order. */
  clockEntries(): ClockEntry[] {
    return this.db.prepare('SELECT record_from AS "from", wall_offset AS offset FROM record_clock ORDER BY record_from').all() as ClockEntry[];
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
