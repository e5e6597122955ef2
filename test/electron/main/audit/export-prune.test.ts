import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditStore } from '../../../../electron/main/audit/audit-store';
import { exportAudit } from '../../../../electron/main/audit/writer/export-audit';
import { verifyChain } from '../../../../electron/main/audit/writer/verify-chain';
import { verifyExport } from '../../../../electron/main/audit/verify-export';
import { sha256Hex } from '../../../../electron/main/audit/chain-format';
import { events, openCore, openRaw, openStore, tempDir } from './audit-test-kit';

let store: AuditStore | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

/** A closed chain of genesis + 300 rows over 8 beds. */
function chainFile(): string {
  const file = `${tempDir()}/audit.db`;
  const core = openCore(file);
  core.append(events(300), false, []);
  core.close();
  return file;
}

/** What someone covering their tracks would do: edit the file, then fix the manifest's file hash. */
function rewrite(file: string, edit: (text: string) => string): void {
  const text = edit(readFileSync(file, 'utf8'));
  writeFileSync(file, text);
  const manifest = JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8'));
  manifest.fileSha256 = sha256Hex(text);
  writeFileSync(`${file}.manifest.json`, JSON.stringify(manifest));
}

describe('export', () => {
  it.each(['csv', 'json'] as const)('writes %s with a manifest that verifies, chain links included', async (format) => {
    const file = chainFile();
    const db = openRaw(file, true);
    const out = `${tempDir()}/export.${format}`;
    const { manifest, manifestFile } = await exportAudit(db, { format, outFile: out, filter: { fromSeq: 101, toSeq: 250 } });
    db.close();
    expect(manifest).toMatchObject({ format, rowCount: 150, firstSeq: 101, lastSeq: 250, contiguous: true, stationId: 'station-test' });
    expect(manifestFile).toBe(`${out}.manifest.json`);
    expect(await verifyExport(out, manifestFile)).toMatchObject({ ok: true, rowCount: 150, chainChecked: true });
    if (format === 'json') expect(JSON.parse(readFileSync(out, 'utf8')).rows).toHaveLength(150);
    else expect(readFileSync(out, 'utf8').split('\r\n')[0]).toMatch(/^seq,utc_ms,utc_iso,/);
  });

  it('filtered exports are not contiguous: each row is re-checked against its own hash', async () => {
    const db = openRaw(chainFile(), true);
    const out = `${tempDir()}/bed.csv`;
    const { manifest } = await exportAudit(db, { format: 'csv', outFile: out, filter: { bedId: 'bed-02' } });
    db.close();
    expect(manifest).toMatchObject({ rowCount: 38, contiguous: false });
    expect(await verifyExport(out, `${out}.manifest.json`)).toMatchObject({ ok: true, chainChecked: false });
  });

  it('verify-export catches a changed file, an edited row and a removed row', async () => {
    const db = openRaw(chainFile(), true);
    const dir = tempDir();
    const exportTo = async (name: string) => (await exportAudit(db, { format: 'csv', outFile: `${dir}/${name}` })).manifestFile;

    const changed = await exportTo('changed.csv');
    writeFileSync(`${dir}/changed.csv`, readFileSync(`${dir}/changed.csv`, 'utf8').replace('bed-05', 'bed-06'));
    expect(await verifyExport(`${dir}/changed.csv`, changed)).toMatchObject({ ok: false, reason: 'file-hash-mismatch' });

    const edited = await exportTo('edited.csv');
    rewrite(`${dir}/edited.csv`, (text) => text.replace(/\r\n(42,[^\r]*?)medium/, '\r\n$1high'));
    expect(await verifyExport(`${dir}/edited.csv`, edited)).toMatchObject({ ok: false, reason: 'row-hash-mismatch', seq: 42 });

    const removed = await exportTo('removed.csv');
    rewrite(`${dir}/removed.csv`, (text) => text.replace(/\r\n77,[^\r]*/, ''));
    expect(await verifyExport(`${dir}/removed.csv`, removed)).toMatchObject({ ok: false, reason: 'gap', seq: 77 });
    db.close();
  });
});

describe('pruning', () => {
  async function storeWithHistory(retentionYears: number): Promise<{ file: string; dir: string }> {
    const dir = tempDir();
    const file = `${dir}/audit.db`;
    store = await openStore(file, { retentionYears });
    for (let n = 0; n < 300; n++) store.record({ action: 'alarm.onset', bedId: `bed-${n % 8}`, details: { n } });
    await store.flush();
    return { file, dir };
  }

  it('removes an exported, verified range and leaves a chain that still verifies', async () => {
    const { file, dir } = await storeWithHistory(0);
    const manifest = await store!.export({ format: 'json', outFile: `${dir}/part1.json`, actor: { userId: 'admin-1', role: 'admin' } });
    expect(manifest).toMatchObject({ firstSeq: 1, lastSeq: 301, contiguous: true });
    for (let n = 300; n < 320; n++) store!.record({ action: 'alarm.onset', details: { n } });
    await new Promise((r) => setTimeout(r, 5)); // let the clock pass the exported rows (retention 0 = "older than now")

    const result = await store!.prune({ exportFile: `${dir}/part1.json`, manifestFile: `${dir}/part1.json.manifest.json`, actor: { userId: 'admin-1', role: 'admin' } });
    expect(result).toMatchObject({ fromSeq: 2, toSeq: 301, rows: 300 });
    expect(JSON.parse(result.auditRow.details)).toMatchObject({ from_seq: 2, to_seq: 301, manifest_sha256: sha256Hex(readFileSync(`${dir}/part1.json.manifest.json`, 'utf8')) });
    expect(result.auditRow).toMatchObject({ action: 'audit.pruned', userId: 'admin-1' });

    expect(await store!.count()).toBe(1 + 21 + 1); // genesis, audit.exported + 20 events, audit.pruned
    expect(await store!.verify({ full: true })).toMatchObject({ ok: true });
    await store!.flush();

    // A second round prunes onward from the anchor.
    await store!.export({ format: 'csv', outFile: `${dir}/part2.csv`, filter: { fromSeq: 302 } });
    await new Promise((r) => setTimeout(r, 5));
    const second = await store!.prune({ exportFile: `${dir}/part2.csv`, manifestFile: `${dir}/part2.csv.manifest.json` });
    expect(second.fromSeq).toBe(302);
    await store!.close();
    store = null;
    expect(verifyChain(file)).toMatchObject({ ok: true });

    // The anchor is only honoured with its audit.pruned row: a forged one is a gap.
    const raw = openRaw(file);
    raw.prepare("INSERT INTO audit_prune (from_seq, to_seq, anchor_seq, anchor_prev_hash, manifest_sha256, audit_seq, pruned_utc_ms) VALUES (?, ?, ?, ?, 'x', 1, 0)").run(
      second.toSeq + 1, second.toSeq + 5, second.toSeq + 6, 'f'.repeat(64),
    );
    expect(verifyChain(raw)).toMatchObject({ ok: false, reason: 'gap' });
    raw.close();
  });

  it('is refused without a verified export covering the range, and for rows inside retention', async () => {
    const { file, dir } = await storeWithHistory(0);
    const refused = (exportFile: string, manifestFile = `${exportFile}.manifest.json`) => store!.prune({ exportFile, manifestFile });

    await expect(refused(`${dir}/missing.csv`)).rejects.toThrow(/prune refused: the export cannot be read/);

    await store!.export({ format: 'csv', outFile: `${dir}/tampered.csv` });
    writeFileSync(`${dir}/tampered.csv`, readFileSync(`${dir}/tampered.csv`, 'utf8').replace('bed-3', 'bed-4'));
    await expect(refused(`${dir}/tampered.csv`)).rejects.toThrow(/does not verify \(file-hash-mismatch/);

    await store!.export({ format: 'csv', outFile: `${dir}/late.csv`, filter: { fromSeq: 50 } });
    await expect(refused(`${dir}/late.csv`)).rejects.toThrow(/export starts at seq 50, the retained chain at seq 2/);

    await store!.export({ format: 'csv', outFile: `${dir}/bed.csv`, filter: { bedId: 'bed-1' } });
    await expect(refused(`${dir}/bed.csv`)).rejects.toThrow(/not a contiguous range/);

    const other = chainFile();
    const otherDb = openRaw(other, true);
    await exportAudit(otherDb, { format: 'csv', outFile: `${dir}/other.csv` });
    otherDb.close();
    await expect(refused(`${dir}/other.csv`)).rejects.toThrow(/does not match this database/);

    await store!.close();
    store = await openStore(file, { retentionYears: 7 });
    await store.export({ format: 'csv', outFile: `${dir}/recent.csv` });
    await expect(refused(`${dir}/recent.csv`)).rejects.toThrow(/nothing in the export is past the retention period/);

    const raw = openRaw(file, true);
    expect(raw.prepare("SELECT count(*) FROM audit_log WHERE action = 'alarm.onset'").pluck().get()).toBe(300);
    raw.close();
  });
});
