import { BLOCK_MS } from '../../../../shared/disclosure/disclosure-limits';
import { windowStart, type DisclosureStore } from './store';

/** Per step: at most this many blocks go; how many (bed, table) pairs are visited, and at most how many rows each loses. */
export const PRUNE_BLOCKS_PER_STEP = 512;
export const PRUNE_PAIRS_PER_STEP = 32;
export const PRUNE_ROWS_PER_PAIR = 32;

/**
 * One small pruning step: everything older than `horizon` (record time)
 * goes, but never more than PRUNE_BLOCKS_PER_STEP blocks (the oldest
 * rowids) and PRUNE_ROWS_PER_PAIR rows from each of PRUNE_PAIRS_PER_STEP
 * (bed, table) pairs, so a step costs a few milliseconds however much is
 * due (after a restart, or when IT shortens retention) and the writes of the
 * next commit never wait behind it. 64 beds lose ~32 blocks a second in
 * steady state; a backlog is worked off at ~500 blocks a second.
 *
 * Returns the cursor for the next step.
 */
export function pruneStep(store: DisclosureStore, horizon: number, cursor: number): number {
  // Blocks: the lowest rowids are the oldest windows of every bed (migrations/001-initial.ts).
  store.db.prepare('DELETE FROM blocks WHERE id IN (SELECT id FROM blocks WHERE id < ? ORDER BY id LIMIT ?)').run(windowStart(Math.floor(horizon / BLOCK_MS)), PRUNE_BLOCKS_PER_STEP);
  const beds = store.db.prepare('SELECT bed_key FROM beds ORDER BY bed_key').pluck().all() as number[];
  // Per bed: trend minutes and NIBP; plus one pseudo-pair for the unit's event tables.
  const pairs = beds.length * 2 + 1;
  let at = cursor % pairs;
  for (let visited = 0; visited < Math.min(PRUNE_PAIRS_PER_STEP, pairs); visited++, at = (at + 1) % pairs) {
    if (at === pairs - 1) {
      pruneEvents(store, horizon);
      continue;
    }
    const bedKey = beds[Math.floor(at / 2)]!;
    if (at % 2 === 0) pruneOldest(store, 'trend_minutes', 'bed_key = ?', [bedKey], 'minute', Math.floor(horizon / 60_000));
    else pruneOldest(store, 'nibp', 'bed_key = ?', [bedKey], 'measured_at', horizon);
  }
  return at;
}

/**
 * Deletes the oldest rows before `limit`, at most PRUNE_ROWS_PER_PAIR: the
 * cut-off is the (N+1)-th oldest key when there are more than N to go.
 */
function pruneOldest(store: DisclosureStore, table: string, where: string, args: number[], column: string, limit: number): void {
  const nth = store.db.prepare(`SELECT ${column} FROM ${table} WHERE ${where} AND ${column} < ? ORDER BY ${column} LIMIT 1 OFFSET ?`).pluck().get(...args, limit, PRUNE_ROWS_PER_PAIR) as number | undefined;
  store.db.prepare(`DELETE FROM ${table} WHERE ${where} AND ${column} < ?`).run(...args, nth ?? limit);
}

function pruneEvents(store: DisclosureStore, horizon: number): void {
  for (const table of ['alarm_events', 'bed_events']) {
    store.db.prepare(`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE at < ? ORDER BY id LIMIT ?)`).run(horizon, PRUNE_ROWS_PER_PAIR * 4);
  }
  // Clock entries before the horizon, except the one still in effect at it (it labels what is kept).
  store.db
    .prepare('DELETE FROM record_clock WHERE record_from IN (SELECT record_from FROM record_clock WHERE record_from < (SELECT max(record_from) FROM record_clock WHERE record_from <= ?) ORDER BY record_from LIMIT ?)')
    .run(horizon, PRUNE_ROWS_PER_PAIR * 4);
}
