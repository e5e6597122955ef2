import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { chmodSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SignedAuditHead } from '../../../../shared/protocol/audit-heads';
import type { AuditStore } from '../../../../electron/main/audit/audit-store';
import { readHeadFile } from '../../../../electron/main/audit/signing/head-file';
import { keyIdOf, publicKeyBase64, stationKeyFiles } from '../../../../electron/main/audit/signing/station-key';
import { auditHeadPayload } from '../../../../shared/protocol/audit-head-payload';
import { verifyFullySync } from '../../../../electron/main/audit/writer/full-verification';
import { verifyChain } from '../../../../electron/main/audit/writer/verify-chain';
import { auditAlarms } from '../../../../electron/main/station/audit-alarms';
import { attacker } from './attacker';
import { ROOT, openRaw, openStationStore, stationAuditDirs, type StationAuditDirs } from './audit-test-kit';

/**
 * Issue 14 item 1: the three attacks that used to pass every check, each
 * by an attacker who also updates whatever the check compares against in the
 * same file (the checkpoint, the signed heads' hashes), and the stronger one
 * who also holds the key. Checked by the three checks the issue names: the
 * CLI verify, the full verification, and the start-up check.
 */
let stores: AuditStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close({ timeoutMs: 500 });
});

async function open(dirs: StationAuditDirs, options: Parameters<typeof openStationStore>[1] = {}): Promise<AuditStore> {
  const store = await openStationStore(dirs, { signEveryRows: 50, ...options });
  stores.push(store);
  return store;
}

function cli(...args: string[]): { code: number | null; out: string; err: string } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** A station with a signed chain of ~500 rows, stopped; and the heads a back end would have been sent. */
async function signedChain(): Promise<{ dirs: StationAuditDirs; backEnd: SignedAuditHead[] }> {
  const dirs = stationAuditDirs();
  const store = await open(dirs);
  const backEnd: SignedAuditHead[] = [];
  store.onSignedHeads((heads) => backEnd.push(...heads));
  for (let i = 0; i < 500; i++) {
    store.record({ action: 'alarm.onset', bedId: `bed-0${i % 8}`, alarmId: `a-${i}`, details: { i } });
    if (i % 100 === 99) await store.recordClinical({ action: 'alarm.acknowledged', actor: { userId: 'nurse-1', role: 'nurse' }, alarmId: `a-${i}` });
    // Heads are signed at commits, at least every 50 rows: commit in small batches.
    if (i % 25 === 24) await store.flush();
  }
  await store.flush();
  expect(await store.verify({ full: true })).toMatchObject({ ok: true });
  await store.close();
  stores = [];
  expect(backEnd.length).toBeGreaterThan(5);
  return { dirs, backEnd };
}

/** The full verification the app runs (station key, last head beside it, and the back end's heads when given). */
function fullVerify(dirs: StationAuditDirs, backEndHeads: SignedAuditHead[] | null = null) {
  const db = openRaw(dirs.file, true);
  try {
    const publicKey = (readHeadFile(stationKeyFiles(dirs.keyDir).headFile) as { publicKey?: string }).publicKey ?? null;
    return verifyFullySync(db, { trustedPublicKey: publicKey, knownHead: readHeadFile(stationKeyFiles(dirs.keyDir).headFile), backEndHeads });
  } finally {
    db.close();
  }
}

describe('an attacker who can write the database file, but holds no key', () => {
  it('edit and rehash: row 200 edited, every later hash, the checkpoint and the signed heads’ hashes recomputed', async () => {
    const { dirs } = await signedChain();
    attacker(dirs.file).editAndRehash(200, 'user_id', 'mallory');
    // The hash walk alone is satisfied: the old checkpoint proved nothing.
    expect(verifyChain(dirs.file)).toMatchObject({ ok: true });

    expect(cli('verify', dirs.file)).toMatchObject({ code: 2, out: expect.stringMatching(/^chain broken at seq 2\d\d: signature-invalid/) });
    expect(fullVerify(dirs)).toMatchObject({ ok: false, reason: 'signature-invalid' });
    const store = await open(dirs);
    expect(store.health.state).toBe('degraded');
    expect(store.problems()[0]).toMatchObject({ code: 'chain-broken', path: dirs.file });
  });

  it('edit and rehash while the station runs: the full verification (in-app, or the daily one) finds it and raises AUDIT_FAILURE', async () => {
    const { dirs } = await signedChain();
    const store = await open(dirs);
    attacker(dirs.file).editAndRehash(120, 'role', 'admin');
    const result = await store.verify({ full: true });
    expect(result).toMatchObject({ ok: false, reason: 'signature-invalid' });
    expect(store.problems()).toContainEqual(expect.objectContaining({ code: 'chain-broken', what: expect.stringContaining('failed verification') }));
    expect(auditAlarms(store.problems(), store.durability)).toEqual([expect.objectContaining({ code: 'AUDIT_FAILURE', message: expect.stringMatching(/^Audit trail failed verification/) })]);
    expect(store.verificationStatus().lastFull).toMatchObject({ ok: false });
  });

  it('truncate: the newest rows and their signed heads deleted, the checkpoint lowered', async () => {
    const { dirs } = await signedChain();
    attacker(dirs.file).truncate(420);
    expect(verifyChain(dirs.file)).toMatchObject({ ok: true });

    expect(cli('verify', dirs.file)).toMatchObject({ code: 2, out: expect.stringMatching(/truncated/) });
    expect(fullVerify(dirs)).toMatchObject({ ok: false, reason: 'truncated' });
    const store = await open(dirs);
    expect(store.problems()[0]).toMatchObject({ code: 'chain-replaced', what: expect.stringMatching(/replaced or truncated: .*missing from the database/) });
    expect(auditAlarms(store.problems(), store.durability)[0]!.message).toMatch(/^Audit trail replaced or truncated/);
  });

  it('replace: audit.sqlite deleted; the station never starts a new chain, AUDIT_FAILURE says replaced or truncated', async () => {
    const { dirs } = await signedChain();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${dirs.file}${suffix}`, { force: true });
    const store = await open(dirs);
    expect(store.problems()[0]).toMatchObject({ code: 'chain-replaced', what: expect.stringContaining('is missing, but this station signed its audit trail up to seq') });
    expect(auditAlarms(store.problems(), store.durability)[0]).toMatchObject({ code: 'AUDIT_FAILURE', message: expect.stringMatching(/^Audit trail replaced or truncated .*fallback journal/) });
    // Still journalled, never written to a fresh chain.
    expect((await store.recordClinical({ action: 'audio.paused', actor: { userId: 'nurse-1', role: 'nurse' } })).recordedIn).toBe('fallback-journal');
    await store.close();
    stores = [];
    expect(() => openRaw(dirs.file, true)).toThrow();
  });

  it('replace with another chain (another station’s file, or a fresh one): refused, its key is not this station’s', async () => {
    const { dirs } = await signedChain();
    const other = await signedChain();
    cpSync(other.dirs.file, dirs.file);
    const store = await open(dirs);
    expect(store.problems()[0]).toMatchObject({ code: 'chain-replaced', what: expect.stringMatching(/signed with key [0-9a-f]{16}, not this station's key/) });
  });

  it('IT records a lost trail with new-chain: the station accepts a chain that names the last head, and it is recorded who and why', async () => {
    const { dirs, backEnd } = await signedChain();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${dirs.file}${suffix}`, { force: true });
    expect(cli('new-chain', dirs.file, '--by', 'it-admin')).toMatchObject({ code: 1, err: expect.stringContaining('--by and --reason are required') });
    expect(cli('new-chain', dirs.file, '--by', 'it-admin', '--reason', 'disk failed, no backup')).toMatchObject({ code: 0, out: expect.stringMatching(/^new chain [0-9a-f]{12} started, replacing chain/) });
    const store = await open(dirs);
    expect(store.health.state).toBe('ok');
    // Accepted, but loudly: whoever can write the files could have run it too.
    expect(store.problems()).toEqual([expect.objectContaining({ code: 'chain-replaced', what: expect.stringMatching(/^replaced by it-admin \("disk failed, no backup"\)/) })]);
    const genesis = (await store.query({ limit: 1, order: 'oldest-first' })).rows[0]!;
    expect(JSON.parse(genesis.details)).toMatchObject({ replaced_by: 'it-admin', replace_reason: 'disk failed, no backup', replaces_seq: backEnd.at(-1)!.seq });
    // The back end's heads of the old chain are accounted for by the new genesis row.
    expect(await store.checkBackEndHeads(backEnd)).toMatchObject({ ok: true });
    await store.flush();
    expect((await store.query({ action: 'audit.integrity-failed', limit: 5 })).rows).toHaveLength(1);
    await store.close();
    stores = [];
    // Once: the next start knows this chain.
    expect((await open(dirs)).problems()).toEqual([]);
  });

  it('truncate, and a last-head file signed with a key of their own to match: refused, it is not the station’s key', async () => {
    const { dirs } = await signedChain();
    attacker(dirs.file).truncate(300);
    const db = openRaw(dirs.file, true);
    const row = db.prepare('SELECT seq, hash FROM audit_log WHERE seq = 300').get() as { seq: number; hash: string };
    const chainId = db.prepare('SELECT hash FROM audit_log WHERE seq = 1').pluck().get() as string;
    db.close();
    const { privateKey, publicKey: keyObject } = generateKeyPairSync('ed25519');
    const publicKey = publicKeyBase64(keyObject);
    const head = { stationId: 'station-test', chainId, keyId: keyIdOf(publicKey), seq: row.seq, hash: row.hash, utcMs: Date.now() };
    const forged = { ...head, signature: sign(null, Buffer.from(auditHeadPayload(head)), privateKey).toString('base64') };
    writeFileSync(stationKeyFiles(dirs.keyDir).headFile, JSON.stringify({ format: 'vigil-audit-last-head/1', publicKey, head: forged }));
    const store = await open(dirs);
    expect(store.problems()[0]).toMatchObject({ code: 'chain-replaced', what: expect.stringContaining('signed by another key') });
  });

  it('the last signed head deleted (to hide a truncation): an alarm at start, and the trail says so', async () => {
    const { dirs } = await signedChain();
    rmSync(stationKeyFiles(dirs.keyDir).headFile);
    const store = await open(dirs);
    expect(store.problems()).toEqual([expect.objectContaining({ code: 'anchor-missing', what: expect.stringContaining('cannot be ruled out locally') })]);
    expect(auditAlarms(store.problems(), store.durability)).toEqual([expect.objectContaining({ code: 'AUDIT_FAILURE' })]);
  });

  it('a signing key others can read is refused, loudly, and the problem says how to fix it', async () => {
    const { dirs } = await signedChain();
    chmodSync(stationKeyFiles(dirs.keyDir).keyFile, 0o644);
    const store = await open(dirs);
    expect(store.problems()).toContainEqual(expect.objectContaining({ code: 'key-unusable', what: expect.stringContaining('readable by others (mode 0644)'), fix: expect.stringContaining('chmod 600') }));
    expect(store.publicKey).toBeNull();
    expect(auditAlarms(store.problems(), store.durability)).toEqual([expect.objectContaining({ code: 'AUDIT_FAILURE' })]);
  });
});

describe('the back end keeps what the station signed', () => {
  it('a deleted database AND key look like a brand-new station locally, but not to the back end', async () => {
    const { dirs, backEnd } = await signedChain();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${dirs.file}${suffix}`, { force: true });
    rmSync(dirs.keyDir, { recursive: true, force: true });
    const store = await open(dirs);
    expect(store.health.state).toBe('ok');
    expect(await store.checkBackEndHeads(backEnd)).toMatchObject({ ok: false, reason: 'replaced' });
    expect(store.problems()).toContainEqual(expect.objectContaining({ code: 'chain-replaced', what: expect.stringContaining('neither continues nor replaces') }));
    await store.flush();
    expect((await store.query({ action: 'audit.integrity-failed', limit: 5 })).rows).toHaveLength(1);
  });

  it('an attacker holding the key passes every local check, but a rewrite or truncation of what the back end saw is caught', async () => {
    const edited = await signedChain();
    attacker(edited.dirs.file, { keyDir: edited.dirs.keyDir }).editAndRehash(200, 'details', '{"i":0}');
    expect(cli('verify', edited.dirs.file)).toMatchObject({ code: 0 });
    expect(fullVerify(edited.dirs)).toMatchObject({ ok: true });
    const store = await open(edited.dirs);
    expect(store.health.state).toBe('ok');
    expect(await store.checkBackEndHeads(edited.backEnd)).toMatchObject({ ok: false, reason: 'head-mismatch' });
    expect(await store.verify({ full: true })).toMatchObject({ ok: false, reason: 'head-mismatch' });

    const truncated = await signedChain();
    attacker(truncated.dirs.file, { keyDir: truncated.dirs.keyDir }).truncate(300);
    expect(cli('verify', truncated.dirs.file)).toMatchObject({ code: 0 });
    expect(fullVerify(truncated.dirs, truncated.backEnd)).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('what the back end has not seen yet is the boundary: rows after its last head can be rewritten with the key', async () => {
    const { dirs, backEnd } = await signedChain();
    const seen = backEnd.filter((h) => h.seq <= 300);
    attacker(dirs.file, { keyDir: dirs.keyDir }).editAndRehash(400, 'user_id', 'mallory');
    expect(fullVerify(dirs, seen)).toMatchObject({ ok: true });
    expect(fullVerify(dirs, backEnd)).toMatchObject({ ok: false });
  });
});

describe('export manifests carry the key', () => {
  it('an export names the station key; verify-export with that key finds rows rewritten in the database before the export', async () => {
    const { dirs } = await signedChain();
    const out = join(dirs.dataDir, 'all.json');
    expect(cli('export', dirs.file, '--from', '0', '--to', String(Date.now() + 60_000), '--format', 'json', '--out', out)).toMatchObject({ code: 0 });
    const pem = stationKeyFiles(dirs.keyDir).publicKeyFile;
    expect(cli('verify-export', out, `${out}.manifest.json`, '--public-key', pem)).toMatchObject({ code: 0, out: expect.stringMatching(/\d+ signed heads checked with .*pub\.pem/) });

    attacker(dirs.file).editAndRehash(150, 'user_id', 'mallory');
    const forged = join(dirs.dataDir, 'forged.json');
    expect(cli('export', dirs.file, '--from', '0', '--to', String(Date.now() + 60_000), '--format', 'json', '--out', forged)).toMatchObject({ code: 0 });
    expect(cli('verify-export', forged, `${forged}.manifest.json`, '--public-key', pem)).toMatchObject({ code: 2, out: expect.stringContaining('signature-invalid') });
  });
});
