import { afterEach, describe, expect, it } from 'vitest';
import type { AuditWorkerCore } from '../../../../electron/main/audit/writer/audit-worker-core';
import { verifyChain } from '../../../../electron/main/audit/writer/verify-chain';
import type { SqliteDatabase } from '../../../../electron/main/storage/open-database';
import { readHeadFile } from '../../../../electron/main/audit/signing/head-file';
import { FILE_PERMISSIONS_ONLY } from '../../../../electron/main/audit/signing/key-protector';
import { loadOrCreateStationKey, stationKeyFiles } from '../../../../electron/main/audit/signing/station-key';
import { verifyFullySync } from '../../../../electron/main/audit/writer/full-verification';
import { attacker } from './attacker';
import { events, openCore, openRaw, rehashFrom, tempDir } from './audit-test-kit';

/** The same, signed every 50 rows with a station key (its public half and last head returned), and no connection open. */
function signedChainOf500(): { file: string; publicKey: string; headFile: string } {
  const dir = tempDir();
  const file = `${dir}/audit.db`;
  const key = loadOrCreateStationKey(`${dir}/key`, FILE_PERMISSIONS_ONLY, { create: true })!;
  const headFile = stationKeyFiles(`${dir}/key`).headFile;
  const core = openCore(file, { signing: { privateKey: key.privateKey, publicKey: key.publicKey, keyId: key.keyId, everyRows: 50 }, headFile });
  for (let i = 0; i < 10; i++) core.append(events(50), false, []);
  core.close();
  return { file, publicKey: key.publicKey, headFile };
}

/** A chain of 1 genesis + 500 rows, closed, plus a second connection to attack it with. */
function chainOf500(): { file: string; raw: SqliteDatabase } {
  const file = `${tempDir()}/audit.db`;
  const core: AuditWorkerCore = openCore(file);
  core.append(events(500), false, []);
  core.close();
  return { file, raw: openRaw(file) };
}

let raw: SqliteDatabase | null = null;
afterEach(() => raw?.close());

describe('append-only triggers', () => {
  it('refuse UPDATE and DELETE of audit rows', () => {
    const chain = chainOf500();
    raw = chain.raw;
    expect(() => raw!.prepare("UPDATE audit_log SET user_id = 'mallory' WHERE seq = 10").run()).toThrow(/append-only: UPDATE refused/);
    expect(() => raw!.prepare('DELETE FROM audit_log WHERE seq = 10').run()).toThrow(/append-only: DELETE refused/);
    expect(() => raw!.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(verifyChain(raw)).toMatchObject({ ok: true, checkedRows: 501 });
  });
});

describe('verifyChain detects tampering', () => {
  it('an edited field, at exactly that seq', () => {
    const chain = chainOf500();
    raw = chain.raw;
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET bed_id = 'bed-99' WHERE seq = 237").run();
    expect(verifyChain(chain.file)).toMatchObject({ ok: false, brokenAtSeq: 237, reason: 'hash-mismatch' });
  });

  it('an edited details text and an edited prev_hash', () => {
    const chain = chainOf500();
    raw = chain.raw;
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare(`UPDATE audit_log SET details = '{"priority":"low"}' WHERE seq = 300`).run();
    raw.prepare(`UPDATE audit_log SET prev_hash = ? WHERE seq = 120`).run('f'.repeat(64));
    expect(verifyChain(raw)).toMatchObject({ ok: false, brokenAtSeq: 120, reason: 'hash-mismatch' });
  });

  it('an edited row whose hashes were recomputed, by an attacker who also moves the checkpoint: the walk alone cannot tell, the signed heads can', () => {
    const chain = signedChainOf500();
    attacker(chain.file).editAndRehash(200, 'user_id', 'mallory');
    raw = openRaw(chain.file);
    // Everything in the file agrees with itself: hashes, links, the checkpoint.
    expect(verifyChain(raw)).toMatchObject({ ok: true, checkedRows: 501 });
    expect(verifyFullySync(raw, { trustedPublicKey: chain.publicKey, knownHead: { state: 'missing' }, backEndHeads: null })).toMatchObject({ ok: false, reason: 'signature-invalid' });
  });

  it('a deleted range, as a gap at its first seq', () => {
    const chain = chainOf500();
    raw = chain.raw;
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.prepare('DELETE FROM audit_log WHERE seq BETWEEN 150 AND 199').run();
    expect(verifyChain(raw)).toMatchObject({ ok: false, brokenAtSeq: 150, reason: 'gap' });
  });

  it('deleted newest rows, by an attacker who also lowers the checkpoint and drops their signed heads: the last head beside the key tells', () => {
    const chain = signedChainOf500();
    attacker(chain.file).truncate(480);
    raw = openRaw(chain.file);
    expect(verifyChain(raw)).toMatchObject({ ok: true });
    expect(verifyFullySync(raw, { trustedPublicKey: chain.publicKey, knownHead: readHeadFile(chain.headFile), backEndHeads: null })).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('time going backwards by more than the tolerance, even with consistent hashes', () => {
    const chain = chainOf500();
    raw = chain.raw;
    raw.exec('DROP TRIGGER audit_log_no_update');
    const utc = raw.prepare('SELECT utc_ms FROM audit_log WHERE seq = 250').pluck().get() as number;
    raw.prepare('UPDATE audit_log SET utc_ms = ? WHERE seq = 250').run(utc - 60_000);
    rehashFrom(raw, 250);
    expect(verifyChain(raw)).toMatchObject({ ok: false, brokenAtSeq: 250, reason: 'time-backwards' });
  });

  it('tolerates a step back within 1 s', () => {
    const chain = chainOf500();
    raw = chain.raw;
    raw.exec('DROP TRIGGER audit_log_no_update');
    // Row 250 is 1 s after row 249: moving it 1.9 s back puts it 0.9 s before its predecessor.
    const utc = raw.prepare('SELECT utc_ms FROM audit_log WHERE seq = 250').pluck().get() as number;
    raw.prepare('UPDATE audit_log SET utc_ms = ? WHERE seq = 250').run(utc - 1_900);
    rehashFrom(raw, 250);
    expect(verifyChain(raw)).toMatchObject({ ok: true });
  });

  it('a genesis row that is not one', () => {
    const chain = chainOf500();
    raw = chain.raw;
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET station_id = 'other-station' WHERE seq = 1").run();
    expect(verifyChain(raw)).toMatchObject({ ok: false, brokenAtSeq: 1, reason: 'genesis-invalid' });
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.prepare('DELETE FROM audit_log WHERE seq = 1').run();
    expect(verifyChain(raw)).toMatchObject({ ok: false, brokenAtSeq: 1, reason: 'genesis-invalid' });
  });

  it('checks a sub-range from the row before it', () => {
    const chain = chainOf500();
    raw = chain.raw;
    expect(verifyChain(raw, { fromSeq: 100, toSeq: 199 })).toMatchObject({ ok: true, checkedRows: 100, firstSeq: 100, lastSeq: 199 });
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET role = 'admin' WHERE seq = 50").run();
    expect(verifyChain(raw, { fromSeq: 100 })).toMatchObject({ ok: true });
    expect(verifyChain(raw, { toSeq: 99 })).toMatchObject({ ok: false, brokenAtSeq: 50 });
  });
});

describe('the writer keeps the time rule', () => {
  it('raises utc_ms after a clock step back and keeps the reading in details', () => {
    const file = `${tempDir()}/audit.db`;
    const core = openCore(file);
    const [first] = events(1);
    core.append([first!], false, []);
    const stepped = { ...first!, utcMs: first!.utcMs - 3_600_000, details: '{"x":1}' };
    const result = core.append([stepped], false, [0]);
    expect(result.rows[0]).toMatchObject({ utcMs: first!.utcMs, details: `{"original_utc_ms":${first!.utcMs - 3_600_000},"x":1}` });
    core.close();
    expect(verifyChain(file)).toMatchObject({ ok: true });
  });
});
