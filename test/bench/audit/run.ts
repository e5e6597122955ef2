/**
 * Audit store benchmark (not a test: it prints a table).
 *   node --import tsx test/bench/audit/run.ts [--rows 1000000] [--batch-delay ms] [--no-checkpointer]
 *
 * Targets (docs: ../shared/guide/targets.md): >= 20,000 appends/s with the
 * chain, clinical action p99 <= 10 ms under high-volume traffic, 1 M rows
 * verified in <= 3 s. Each figure is shown with a baseline from the same run,
 * because the 2-core machines are noisy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AuditStore } from '../../../electron/main/audit/audit-store';
import { migrate } from '../../../electron/main/audit/writer/migrations';
import type { AuditEventInput } from '../../../electron/main/audit/normalize-event';
import { verifyChain } from '../../../electron/main/audit/writer/verify-chain';
import { openDatabase } from '../../../electron/main/storage/open-database';
import { auditWorkerEntryForTests } from '../../electron/main/audit/audit-worker-entry-for-tests';

const ROOT = resolve(__dirname, '../../..');
const argRows = process.argv.indexOf('--rows');
const ROWS = argRows >= 0 ? Number(process.argv[argRows + 1]) : 1_000_000;
const BATCH = 2_000;
const argDelay = process.argv.indexOf('--batch-delay');
/** Store options under test (defaults unless flags say otherwise). */
const STORE_OPTIONS = {
  ...(argDelay >= 0 ? { batchDelayMs: Number(process.argv[argDelay + 1]) } : {}),
  ...(process.argv.includes('--no-checkpointer') ? { walCheckpointer: false } : {}),
};

const ACTIONS = ['alarm.onset', 'alarm.resolved', 'connection.up', 'alarm.escalated'] as const;

/** The high-volume mix: alarms on 64 beds with small numeric details. */
function event(i: number): AuditEventInput {
  return {
    action: ACTIONS[i % ACTIONS.length]!,
    bedId: `bed-${String(i % 64).padStart(2, '0')}`,
    alarmId: `alm-${i}`,
    details: { priority: i % 3 === 0 ? 'high' : 'medium', value: i % 200 },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * Plain better-sqlite3: same schema, pragmas and batch size as the writer, no
 * hashing, no thread hop, and no checkpointing at all while timed (the
 * store's checkpointer thread does that work alongside): the limit.
 */
function baselineInserts(file: string): number {
  const db = openDatabase(file, { projectRoot: ROOT });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
  migrate(db);
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, utc_ms, mono_ms, station_id, user_id, role, action, bed_id, alarm_id, details, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const placeholder = 'f'.repeat(64);
  const t0 = performance.now();
  for (let start = 0; start < ROWS; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(ROWS, start + BATCH); i++) {
        const e = event(i);
        insert.run(i + 1, Date.now(), Math.floor(performance.now()), 'bench', 'system', 'system', e.action, e.bedId, e.alarmId, JSON.stringify(e.details), placeholder, placeholder);
      }
    })();
  }
  const seconds = (performance.now() - t0) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return ROWS / seconds;
}

/** Offers events as fast as the store takes them, keeping its queue below capacity (no drops). */
async function sustainedAppends(store: AuditStore): Promise<number> {
  const t0 = performance.now();
  let sent = 0;
  while (sent < ROWS) {
    if (store.queued > 6_000) {
      await sleep(1);
      continue;
    }
    const end = Math.min(ROWS, sent + 1_000);
    for (; sent < end; sent++) store.record(event(sent));
    await new Promise((r) => setImmediate(r));
  }
  await store.flush();
  if (store.health.state !== 'ok') throw new Error(`store not ok: ${JSON.stringify(store.health)}`);
  return ROWS / ((performance.now() - t0) / 1000);
}

/** Sequential clinical actions while `backgroundPerSecond` high-volume events flow. */
async function clinicalLatency(store: AuditStore, backgroundPerSecond: number, samples: number): Promise<number[]> {
  let n = 0;
  const perTick = Math.max(1, Math.round(backgroundPerSecond / 200));
  const background = setInterval(() => {
    for (let i = 0; i < perTick; i++) store.record(event(n++));
  }, 5);
  await sleep(200);
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await store.recordClinical({ action: 'alarm.acknowledged', actor: { userId: 'nurse-1', role: 'nurse' }, bedId: 'bed-07', alarmId: `alm-${i}` });
    latencies.push(performance.now() - t0);
    await sleep(Math.random() * 4);
  }
  clearInterval(background);
  await store.flush();
  return latencies.sort((a, b) => a - b);
}

function plainScan(file: string): number {
  const db = openDatabase(file, { projectRoot: ROOT, readonly: true });
  const t0 = performance.now();
  let n = 0;
  for (const _row of db.prepare('SELECT * FROM audit_log ORDER BY seq').raw(true).iterate()) n++;
  const ms = performance.now() - t0;
  db.close();
  if (n < ROWS) throw new Error('scan saw too few rows');
  return ms;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-audit-bench-'));
  const table: Array<[string, string, string, string]> = [];
  const row = (metric: string, value: string, target = '', vsBaseline = '') => {
    table.push([metric, value, target, vsBaseline]);
    process.stderr.write(`  ${metric}: ${value}\n`);
  };
  process.stderr.write(`audit bench: ${fmt(ROWS)} rows in ${dir}\n`);

  const baseline = baselineInserts(join(dir, 'baseline.db'));
  row('baseline: plain inserts (no chain, no thread)', `${fmt(baseline)} rows/s`);

  const file = join(dir, 'audit.db');
  let store = await AuditStore.open({ file, stationId: 'bench', projectRoot: ROOT, workerEntry: auditWorkerEntryForTests(), ...STORE_OPTIONS });
  const appends = await sustainedAppends(store);
  row('sustained appends through the store (chain)', `${fmt(appends)} /s`, '>= 20,000 /s', `${fmt(appends / baseline, 2)} x baseline`);

  for (const rate of [2_000, 20_000]) {
    const lat = await clinicalLatency(store, rate, 500);
    row(`clinical action latency, ${fmt(rate)}/s background`, `p50 ${fmt(percentile(lat, 0.5), 2)} ms, p99 ${fmt(percentile(lat, 0.99), 2)} ms`, 'p99 <= 10 ms');
  }
  await store.close();

  const total = ROWS + 3; // plus genesis and the rows of the latency runs, roughly
  const scanMs = plainScan(file);
  const t0 = performance.now();
  const result = verifyChain(file, { projectRoot: ROOT });
  const verifyMs = performance.now() - t0;
  if (!result.ok) throw new Error(`verification failed: ${JSON.stringify(result)}`);
  row(`verify chain (${fmt(result.checkedRows)} rows)`, `${fmt(verifyMs)} ms`, '<= 3,000 ms for 1 M', `${fmt(verifyMs / scanMs, 2)} x plain SELECT scan (${fmt(scanMs)} ms)`);
  void total;

  const tOpen = performance.now();
  store = await AuditStore.open({ file, stationId: 'bench', projectRoot: ROOT, workerEntry: auditWorkerEntryForTests(), ...STORE_OPTIONS });
  row('open store (thread start + tail/checkpoint check)', `${fmt(performance.now() - tOpen)} ms`);
  const tPage = performance.now();
  const [page, count] = await Promise.all([store.query({ limit: 100 }), store.count()]);
  row('first viewer page: query({limit:100}) + count()', `${fmt(performance.now() - tPage, 1)} ms`, '', `${page.rows.length} rows of ${fmt(count)}`);
  const tBed = performance.now();
  const [bedPage, bedCount] = await Promise.all([store.query({ bedId: 'bed-42', limit: 100 }), store.count({ bedId: 'bed-42' })]);
  row('bed history page + count (bedId filter)', `${fmt(performance.now() - tBed, 1)} ms`, '', `${bedPage.rows.length} rows of ${fmt(bedCount)}`);
  const newest = page.rows[0]!.utcMs;
  const tHour = performance.now();
  const [hourPage, hourCount] = await Promise.all([store.query({ fromUtc: newest - 3_600_000, toUtc: newest + 1, limit: 100 }), store.count({ fromUtc: newest - 3_600_000, toUtc: newest + 1 })]);
  row('last-hour page + count (time filter)', `${fmt(performance.now() - tHour, 1)} ms`, '', `${hourPage.rows.length} rows of ${fmt(hourCount)}`);
  await store.close();

  const width = [0, 1, 2, 3].map((c) => Math.max(...table.map((r) => r[c]!.length), ['metric', 'measured', 'target', 'baseline / notes'][c]!.length));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  process.stdout.write(`\nAudit store, ${fmt(ROWS)} rows, node ${process.version}, options ${JSON.stringify(STORE_OPTIONS)}\n`);
  process.stdout.write(`${line(['metric', 'measured', 'target', 'baseline / notes'])}\n${line(width.map((w) => '-'.repeat(w)))}\n`);
  for (const r of table) process.stdout.write(`${line(r)}\n`);
  rmSync(dir, { recursive: true, force: true });
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
