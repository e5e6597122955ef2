import type { DisclosureStore } from './store';

/** Per step: how many (bed, table) pairs are visited, and at most how many rows each loses. */
export const PRUNE_PAIRS_PER_STEP = 32;
export const PRUNE_ROWS_PER_PAIR = 32;

/**
 * One small pruning step: everything older than `horizon` (record time)
 * goes, but never more than PRUNE_ROWS_PER_PAIR rows from each of
 * PRUNE_PAIRS_PER_STEP (bed, kind of data) pairs, so a step costs a few
 * milliseconds however much is due (after a restart, or when IT shortens
 * retention) and the writes of the next commit never wait behind it. In
 * steady state 64 beds lose ~4 blocks a second and each pair is visited
 * every few seconds, so the record keeps up; a backlog is worked off at
 * ~1,000 rows a second.
 *
 * Returns the cursor for the next step.
 */
export function pruneStep(store: DisclosureStore, horizon: number, cursor: number): number {
  const beds = store.db.prepare('SELECT bed_key FROM beds ORDER BY bed_key').pluck().all() as number[];
  // Per bed: 4 block channels, trend minutes, NIBP; plus one pseudo-pair for the unit's event tables.
  const pairs = beds.length * 6 + 1;
  let at = cursor % pairs;
  for (let visited = 0; visited < Math.min(PRUNE_PAIRS_PER_STEP, pairs); visited++, at = (at + 1) % pairs) {
    if (at === pairs - 1) {
      pruneEvents(store, horizon);
      continue;
    }
    const bedKey = beds[Math.floor(at / 6)]!;
    const kind = at % 6;
    if (kind < 4) pruneOldest(store, 'blocks', 'bed_key = ? AND channel = ?', [bedKey, kind], 't0', horizon);
    else if (kind === 4) pruneOldest(store, 'trend_minutes', 'bed_key = ?', [bedKey], 'minute', Math.floor(horizon / 60_000));
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
}
