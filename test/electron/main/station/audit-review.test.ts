import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createInvokeHandlers, dispatchInvoke } from '../../../../electron/main/ipc/invoke-handlers';
import { silentLogger } from '../../../../electron/main/logging/logger';
import { verifyExport } from '../../../../electron/main/audit/verify-export';
import { harnessesClosedAfterEach } from './station-test-kit';

const harness = harnessesClosedAfterEach();

/** A station where bed-1 had a NO_DATA alarm acknowledged by the nurse, as seen from a fresh view. */
async function withHistory() {
  const h = await harness();
  h.tick(5040);
  const alarmId = h.station.alarms.list().find((a) => a.bedId === 'bed-1')!.alarmId;
  const nurseView = h.attachView();
  await h.station.actions.signIn(nurseView.attached.viewId, 'nurse', '1234');
  await h.station.actions.acknowledge(nurseView.attached.viewId, alarmId);
  await h.audit.flush();
  const handlers = createInvokeHandlers(h.station);
  const as = (viewId: string) => (channel: string, request: unknown) => dispatchInvoke(handlers, channel, request, { viewId }, silentLogger);
  return { h, alarmId, nurse: as(nurseView.attached.viewId), reviewer: as(h.view.attached.viewId) };
}

describe('audit review through the station', () => {
  it('a nurse sees a bed’s alarm history, newest first, but not the whole audit trail', async () => {
    const { alarmId, nurse } = await withHistory();
    const history = await nurse('bed:alarm-history', { bedId: 'bed-1', limit: 50 });
    expect(history.ok).toBe(true);
    const rows = (history as { value: { rows: Array<{ action: string; alarmId: string; userId: string }> } }).value.rows;
    expect(rows.map((r) => [r.action, r.alarmId, r.userId])).toEqual([
      ['alarm.acknowledged', alarmId, 'nurse'],
      ['alarm.onset', alarmId, 'system'],
    ]);
    expect(await nurse('audit:query', { filter: {}, limit: 10 })).toEqual({ ok: false, error: 'A nurse may not review audit.' });
  });

  it('a charge nurse pages through the trail with filters, sees the chain status and exports a verifiable file', async () => {
    const { h, alarmId, reviewer } = await withHistory();
    await h.station.actions.signIn(h.view.attached.viewId, 'charge', '1234');
    const first = (await reviewer('audit:query', { filter: { alarmId }, limit: 1 })) as { ok: true; value: { rows: Array<{ action: string }>; total: number; nextAfterSeq: number } };
    expect(first.value.total).toBe(2);
    expect(first.value.rows.map((r) => r.action)).toEqual(['alarm.acknowledged']);
    const second = (await reviewer('audit:query', { filter: { alarmId }, afterSeq: first.value.nextAfterSeq, limit: 1 })) as typeof first;
    expect(second.value.rows.map((r) => r.action)).toEqual(['alarm.onset']);
    expect(second.value.total).toBeNull();

    const status = (await reviewer('audit:status', {})) as { ok: true; value: { headSeq: number; verifiedUpToSeq: number; health: string } };
    expect(status.value.health).toBe('ok');
    expect(status.value.headSeq).toBeGreaterThan(3);
    const verified = await reviewer('audit:verify', {});
    expect(verified).toMatchObject({ ok: true, value: { ok: true } });

    const exported = (await reviewer('audit:export', { filter: { alarmId }, format: 'csv' })) as { ok: true; value: { file: string; manifestFile: string; rowCount: number } };
    expect(exported.value.rowCount).toBe(2);
    expect(existsSync(exported.value.file)).toBe(true);
    expect(readFileSync(exported.value.file, 'utf8')).toContain('alarm.acknowledged');
    const check = await verifyExport(exported.value.file, exported.value.manifestFile);
    expect(check.ok).toBe(true);
    // The export itself is in the trail, under the charge nurse.
    await h.audit.flush();
    expect((await h.audit.query({ action: 'audit.exported', limit: 5 })).rows[0]).toMatchObject({ userId: 'charge' });
  });

  it('rejects malformed filters with the field named, and the admin status needs an admin', async () => {
    const { h, reviewer } = await withHistory();
    await h.station.actions.signIn(h.view.attached.viewId, 'charge', '1234');
    expect(await reviewer('audit:query', { filter: { fromUtc: 10, toUtc: 5 }, limit: 10 })).toEqual({ ok: false, error: expect.stringContaining('filter.toUtc') });
    expect(await reviewer('admin:status', {})).toEqual({ ok: false, error: 'A charge-nurse may not configure.' });
    await h.station.actions.signIn(h.view.attached.viewId, 'admin', 'admin1234');
    const status = (await reviewer('admin:status', {})) as { ok: true; value: { rejections: { total: number }; views: number } };
    expect(status.ok).toBe(true);
    expect(status.value.views).toBe(2);
  });
});
