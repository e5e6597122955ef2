/**
 * What start-up and a full verification cost on a long signed chain, to
 * decide what start-up does (not a test: it prints a table and a verdict).
 *   node --import tsx test/bench/audit-verify/run.ts [--rows 1000000] [--sign-every 1000]
 *
 * The chain is written by the real writer (AuditWorkerCore: hash chain,
 * signed heads every --sign-every rows, last-head file), then measured:
 * - the plain SELECT scan of every row (the baseline, same run, same file);
 * - the hash walk alone (verifyChain), the full verification (the walk plus
 *   every signed head's signature and row, and the last head beside the key),
 *   in one go as the CLI runs it, and inside the store's writer thread as the
 *   Verify button and the daily verification run it;
 * - the start-up check (genesis, every signed head, the tail after the last
 *   one, the checkpoint) and the store's open as a whole.
 * Verdict: the full verification passes and takes <= 3 s per million rows
 * (targets.md), start-up opens in <= 1 s, and an edit-and-rehash at 40 % of
 * the chain is found by both the start-up check and the full verification
 * (a missed attack always fails).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AuditStore } from '../../../electron/main/audit/audit-store';
import { readHeadFile } from '../../../electron/main/audit/signing/head-file';
import { FILE_PERMISSIONS_ONLY } from '../../../electron/main/audit/signing/key-protector';
import { loadOrCreateStationKey, stationKeyFiles } from '../../../electron/main/audit/signing/station-key';
import { AuditWorkerCore } from '../../../electron/main/audit/writer/audit-worker-core';
import { readChainIdentity } from '../../../electron/main/audit/writer/chain-identity';
import { verifyFullySync } from '../../../electron/main/audit/writer/full-verification';
import { checkChainAtStartup } from '../../../electron/main/audit/writer/startup-check';
import { verifyChain } from '../../../electron/main/audit/writer/verify-chain';
import { openDatabase } from '../../../electron/main/storage/open-database';
import { auditWorkerEntryForTests } from '../../electron/main/audit/audit-worker-entry-for-tests';
import { attacker } from '../../electron/main/audit/attacker';

const ROOT = resolve(__dirname, '../../..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('rows', 1_000_000);
const SIGN_EVERY = arg('sign-every', 1_000);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function time<T>(work: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = work();
  return { value, ms: performance.now() - t0 };
}

async function timeAsync<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await work();
  return { value, ms: performance.now() - t0 };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-verify-bench-'));
  const file = join(dir, 'data', 'audit.sqlite');
  const keyDir = join(dir, 'data-audit-key');
  const key = loadOrCreateStationKey(keyDir, FILE_PERMISSIONS_ONLY, { create: true })!;
  const headFile = stationKeyFiles(keyDir).headFile;
  process.stderr.write(`verify bench: ${fmt(ROWS)} rows, a signed head every ${fmt(SIGN_EVERY)}, in ${dir}\n`);

  const core = new AuditWorkerCore({
    file,
    projectRoot: ROOT,
    stationId: 'bench',
    tailVerifyRows: 1_000,
    busyTimeoutMs: 1_000,
    retentionYears: 7,
    signing: { privateKey: key.privateKey, publicKey: key.publicKey, keyId: key.keyId, everyRows: SIGN_EVERY },
    keyPreexisting: false,
    headFile,
  });
  core.open();
  const t0 = performance.now();
  for (let start = 0; start < ROWS; start += 2_000) {
    const now = Date.now();
    const events = Array.from({ length: Math.min(2_000, ROWS - start) }, (_, k) => ({
      utcMs: now,
      monoMs: now,
      userId: 'system',
      role: 'system',
      action: 'alarm.onset' as const,
      bedId: `bed-${(start + k) % 64}`,
      alarmId: `alm-${start + k}`,
      details: `{"priority":"high","value":${(start + k) % 200}}`,
    }));
    core.append(events, false, []);
  }
  core.close();
  process.stderr.write(`  written in ${fmt((performance.now() - t0) / 1000, 1)} s\n`);

  const table: Array<[string, string, string]> = [];
  const row = (metric: string, value: string, notes = '') => {
    table.push([metric, value, notes]);
    process.stderr.write(`  ${metric}: ${value} ${notes}\n`);
  };
  const db = openDatabase(file, { projectRoot: ROOT, readonly: true });
  const heads = db.prepare('SELECT count(*) FROM audit_signed_head').pluck().get() as number;
  const scan = time(() => {
    let n = 0;
    for (const _row of db.prepare('SELECT * FROM audit_log ORDER BY seq').raw(true).iterate()) n++;
    return n;
  });
  row('baseline: plain SELECT scan of every row', `${fmt(scan.ms)} ms`, `${fmt(scan.value)} rows`);
  const walk = time(() => verifyChain(db));
  row('hash walk alone (verifyChain)', `${fmt(walk.ms)} ms`, `${fmt(walk.ms / scan.ms, 2)} x scan; ok=${walk.value.ok}`);
  const anchors = { trustedPublicKey: key.publicKey, knownHead: readHeadFile(headFile), backEndHeads: null };
  const full = time(() => verifyFullySync(db, anchors));
  row(`full verification, one go (CLI): walk + ${fmt(heads)} signed heads + last head`, `${fmt(full.ms)} ms`, `${fmt(full.ms / scan.ms, 2)} x scan; ok=${full.value.ok}`);
  const identity = readChainIdentity(db);
  const startup = time(() => checkChainAtStartup(db, 1_000, { identity, publicKey: key.publicKey }));
  row('start-up check (genesis, signed heads, tail after the last, checkpoint)', `${fmt(startup.ms)} ms`, `ok=${startup.value.ok}`);
  db.close();

  const storeOptions = { file, stationId: 'bench', projectRoot: ROOT, workerEntry: auditWorkerEntryForTests(), keyDir, walCheckpointer: false, firstFullVerifyAfterMs: null };
  const opened = await timeAsync(() => AuditStore.open(storeOptions));
  row('store open (thread start, continuity with the last head, start-up check)', `${fmt(opened.ms)} ms`, `health ${opened.value.health.state}`);
  const inThread = await timeAsync(() => opened.value.verify({ full: true }));
  row('full verification in the writer thread (Verify button, daily)', `${fmt(inThread.ms)} ms`, `yields between chunks; ok=${inThread.value.ok}`);
  await opened.value.close();

  // The attack the signed heads exist for: found at start-up, and by the full verification.
  attacker(file).editAndRehash(Math.floor(ROWS * 0.4), 'user_id', 'mallory');
  const attackedDb = openDatabase(file, { projectRoot: ROOT, readonly: true });
  const startupFinds = time(() => checkChainAtStartup(attackedDb, 1_000, { identity: readChainIdentity(attackedDb), publicKey: key.publicKey }));
  const fullFinds = time(() => verifyFullySync(attackedDb, anchors));
  attackedDb.close();
  row('edit-and-rehash at 40 %: start-up check', startupFinds.value.ok ? 'MISSED' : `found (${startupFinds.value.reason}) in ${fmt(startupFinds.ms)} ms`);
  row('edit-and-rehash at 40 %: full verification', fullFinds.value.ok ? 'MISSED' : `found (${fullFinds.value.reason}) in ${fmt(fullFinds.ms)} ms`);

  const perMillion = (ms: number) => (ms * 1_000_000) / ROWS;
  const verdicts = [
    ['full verification passes', full.value.ok && inThread.value.ok],
    [`full verification <= 3,000 ms per 1 M rows (${fmt(perMillion(full.ms))} ms)`, perMillion(full.ms) <= 3_000],
    [`store opens in <= 1,000 ms (${fmt(opened.ms)} ms)`, opened.ms <= 1_000],
    ['the attack is found at start-up', !startupFinds.value.ok],
    ['the attack is found by the full verification', !fullFinds.value.ok],
  ] as const;

  const width = [0, 1, 2].map((c) => Math.max(...table.map((r) => r[c]!.length), ['metric', 'measured', 'baseline / notes'][c]!.length));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  process.stdout.write(`\nAudit verification, ${fmt(ROWS)} rows, a signed head every ${fmt(SIGN_EVERY)} rows, node ${process.version}\n`);
  process.stdout.write(`${line(['metric', 'measured', 'baseline / notes'])}\n${line(width.map((w) => '-'.repeat(w)))}\n`);
  for (const r of table) process.stdout.write(`${line(r)}\n`);
  process.stdout.write('\nVerdict:\n');
  for (const [what, ok] of verdicts) process.stdout.write(`  ${ok ? 'met ' : 'FAIL'}  ${what}\n`);
  rmSync(dir, { recursive: true, force: true });
  if (verdicts.some(([, ok]) => !ok)) process.exit(1);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
