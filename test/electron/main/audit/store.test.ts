import { afterEach, describe, expect, it } from 'vitest';
import type { AuditStore } from '../../../../electron/main/audit/audit-store';
import { AuditEventError } from '../../../../electron/main/audit/normalize-event';
import { verifyChain } from '../../../../electron/main/audit/writer/verify-chain';
import { committedRow, openRaw, openStore, tempDir, waitFor } from './audit-test-kit';

let store: AuditStore | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

describe('AuditStore', () => {
  it('starts a new chain with a genesis row naming the station', async () => {
    const file = `${tempDir()}/nested/folder/audit.db`;
    store = await openStore(file, { stationId: 'icu-3-central' });
    expect(store.health).toEqual({ state: 'ok' });
    expect(store.chainStatus()).toEqual({ verifiedUpToSeq: 1, headSeq: 1 });
    const page = await store.query({ limit: 10 });
    expect(page.rows).toHaveLength(1);
    expect(page.rows[0]).toMatchObject({ seq: 1, action: 'audit.genesis', stationId: 'icu-3-central', userId: 'system', prevHash: '0'.repeat(64) });
  });

  it('recordClinical resolves with the committed row, already visible to another connection', async () => {
    const file = `${tempDir()}/audit.db`;
    store = await openStore(file);
    const row = committedRow(await store.recordClinical({ action: 'alarm.acknowledged', actor: { userId: 'nurse-17', role: 'nurse' }, bedId: 'bed-04', alarmId: 'alm-9', details: { priority: 'high' } }));
    expect(row).toMatchObject({ seq: 2, action: 'alarm.acknowledged', userId: 'nurse-17', role: 'nurse', bedId: 'bed-04', alarmId: 'alm-9', details: '{"priority":"high"}' });
    const reader = openRaw(file, true);
    expect(reader.prepare('SELECT hash FROM audit_log WHERE seq = 2').pluck().get()).toBe(row.hash);
    reader.close();
  });

  it('commits high-volume events within 100 ms, seen from a read-only connection', async () => {
    const file = `${tempDir()}/audit.db`;
    store = await openStore(file);
    const reader = openRaw(file, true);
    const count = reader.prepare('SELECT count(*) FROM audit_log').pluck();
    const latencies: number[] = [];
    for (let round = 0; round < 10; round++) {
      const before = count.get() as number;
      const t0 = performance.now();
      for (let i = 0; i < 50; i++) store.record({ action: 'alarm.onset', bedId: `bed-${i % 16}`, alarmId: `a-${round}-${i}` });
      await waitFor(() => (count.get() as number) === before + 50, 1_000, 1);
      latencies.push(performance.now() - t0);
    }
    reader.close();
    expect(Math.max(...latencies)).toBeLessThan(100);
  });

  it('keeps call order across record() and recordClinical() (seq order = call order)', async () => {
    const file = `${tempDir()}/audit.db`;
    store = await openStore(file, { batchDelayMs: 30 });
    const clinical: Array<Promise<unknown>> = [];
    for (let i = 0; i < 300; i++) {
      if (i % 37 === 0) clinical.push(store.recordClinical({ action: 'limits.changed', actor: { userId: 'u1', role: 'nurse' }, details: { n: i } }));
      else store.record({ action: 'connection.up', details: { n: i } });
    }
    await Promise.all(clinical);
    await store.flush();
    const page = await store.query({ limit: 1_000, order: 'oldest-first', afterSeq: 1 });
    expect(page.rows.map((r) => JSON.parse(r.details).n)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(page.rows.map((r) => r.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 2));
    await store.close();
    store = null;
    expect(verifyChain(file)).toMatchObject({ ok: true, checkedRows: 301 });
  });

  it('validates input: unknown actions and malformed ids are programming errors; long strings are stripped', async () => {
    store = await openStore(`${tempDir()}/audit.db`);
    expect(() => store!.record({ action: 'alarm.snoozed' as never })).toThrow(AuditEventError);
    expect(() => store!.record({ action: 'alarm.onset', bedId: 'bed\n1' })).toThrow(AuditEventError);
    await expect(store.recordClinical({ action: 'user.sign-in', actor: { userId: 'system', role: 'nurse' } })).rejects.toThrow(AuditEventError);
    const note = 'Patient Jane Doe, DOB 1950-01-01, '.repeat(10);
    const row = committedRow(await store.recordClinical({ action: 'profile.changed', actor: { userId: 'n2', role: 'nurse' }, details: { note, nested: { a: 1 } as never, profile: 'adult' } }));
    expect(JSON.parse(row.details)).toEqual({ note: `[stripped: ${note.length} chars]`, nested: '[stripped: object]', profile: 'adult' });
  });

  it('pages the viewer by seq, newest first, with filters and counts', async () => {
    store = await openStore(`${tempDir()}/audit.db`);
    for (let i = 0; i < 250; i++) store.record({ action: i % 5 === 0 ? 'alarm.resolved' : 'alarm.onset', bedId: `bed-${i % 10}`, alarmId: `a-${i}` });
    await store.flush();
    expect(await store.count()).toBe(251);
    expect(await store.count({ bedId: 'bed-3' })).toBe(25);
    expect(await store.count({ bedId: 'bed-3', action: 'alarm.resolved' })).toBe(0);
    expect(await store.count({ action: 'alarm.resolved' })).toBe(50);

    const seen: number[] = [];
    let afterSeq: number | undefined;
    do {
      const page = await store.query({ bedId: 'bed-3', limit: 10, afterSeq });
      seen.push(...page.rows.map((r) => r.seq));
      afterSeq = page.nextAfterSeq ?? undefined;
    } while (afterSeq !== undefined);
    expect(seen).toHaveLength(25);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));

    const first = (await store.query({ limit: 1, order: 'oldest-first', afterSeq: 1 })).rows[0]!;
    const last = (await store.query({ limit: 1 })).rows[0]!;
    expect(await store.count({ fromUtc: first.utcMs, toUtc: last.utcMs + 1 })).toBe(250);
    expect(await store.count({ fromUtc: last.utcMs + 1 })).toBe(0);
    expect(await store.query({ alarmId: 'a-17', limit: 5 })).toMatchObject({ rows: [{ alarmId: 'a-17', bedId: 'bed-7' }], nextAfterSeq: null });
  });

  it('verify() walks the chain, moves the checkpoint and records audit.verified', async () => {
    store = await openStore(`${tempDir()}/audit.db`);
    for (let i = 0; i < 100; i++) store.record({ action: 'connection.down', details: { i } });
    await store.flush();
    expect(await store.verify({ full: true })).toMatchObject({ ok: true, checkedRows: 101, lastSeq: 101 });
    expect(store.chainStatus().verifiedUpToSeq).toBe(101);
    await store.flush();
    expect((await store.query({ limit: 1 })).rows[0]).toMatchObject({ action: 'audit.verified', seq: 102 });
    expect(await store.verify({ full: false })).toMatchObject({ ok: true, firstSeq: 101, lastSeq: 102 });
  });

  it('a full verification reports its progress while it walks (the Verify button’s progress bar)', async () => {
    store = await openStore(`${tempDir()}/audit.db`, { maxBatchRows: 5_000 });
    for (let i = 0; i < 24_000; i++) {
      store.record({ action: 'connection.down', details: { i } });
      if (i % 4_000 === 3_999) await store.flush();
    }
    const seen: Array<{ done: number; total: number }> = [];
    const verifying = store.verify({ full: true });
    while (seen.length === 0 || seen.at(-1)!.done < 24_001) {
      const running = store.verificationStatus().running;
      if (!running) break;
      if (running.total > 0 && seen.at(-1)?.done !== running.done) seen.push({ done: running.done, total: running.total });
      await new Promise((r) => setImmediate(r));
    }
    expect(await verifying).toMatchObject({ ok: true, checkedRows: 24_001 });
    // Chunk by chunk, of the whole chain, and nothing running once it answered.
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((p) => p.total === 24_001 && p.done > 0 && p.done <= p.total)).toBe(true);
    expect(store.verificationStatus()).toMatchObject({ running: null, lastFull: { ok: true, checkedRows: 24_001 } });
  });
});
