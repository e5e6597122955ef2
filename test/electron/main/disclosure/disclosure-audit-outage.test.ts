import { copyFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditUnavailableError } from '../../../../electron/main/audit/audit-store';
import type { Strip } from '../../../../shared/disclosure/review-schemas';
import { wallTimeOf } from '../../../../shared/disclosure/record-time';
import { createInvokeHandlers, dispatchInvoke } from '../../../../electron/main/ipc/invoke-handlers';
import { silentLogger } from '../../../../electron/main/logging/logger';
import { restoreBackup, waitFor } from '../audit/audit-test-kit';
import { START, tempDir } from './disclosure-test-kit';
import { disclosureStation, type DisclosureStation } from './station-disclosure-kit';

/**
 * Looking at, exporting and printing a bed's history are audited actions
 * (recordClinical): with audit.sqlite unusable they are recorded in the
 * fallback journal like an acknowledgement, the answer says so, and the
 * trail imports them once the store is back. With the journal failing too they
 * are refused, and nothing is shown, written or printed.
 */
let open: DisclosureStation | null = null;
afterEach(async () => {
  await open?.close().catch(() => undefined);
  open = null;
});

/** A station that ran once (its chain, key and training accounts exist), stopped, with its audit.sqlite corrupted after a backup. */
async function stationWithCorruptTrail(): Promise<{ dataDir: string; file: string; backup: string }> {
  const dataDir = tempDir();
  const first = await disclosureStation({ dataDir });
  await first.close();
  const file = join(dataDir, 'audit.sqlite');
  copyFileSync(file, `${file}.backup`);
  writeFileSync(file, Buffer.alloc(16_384, 0x42));
  return { dataDir, file, backup: `${file}.backup` };
}

/** A nurse's view calling the station through the IPC dispatch the windows use. */
async function nurseAt(s: DisclosureStation): Promise<(channel: string, request: unknown) => ReturnType<typeof dispatchInvoke>> {
  const handlers = createInvokeHandlers(s.station);
  const viewId = await s.viewAs('nurse');
  return (channel, request) => dispatchInvoke(handlers, channel, request, { viewId }, silentLogger);
}

const SPAN = { bedId: 'bed-01', from: START + 2_000, to: START + 8_000 };

describe('full-disclosure review while the audit store is unusable', () => {
  it('a look, an export and a print are recorded in the fallback journal, answered so, and imported when the store is back', async () => {
    const { dataDir, file, backup } = await stationWithCorruptTrail();
    open = await disclosureStation({ dataDir });
    expect(open.station.audit.durability).toBe('fallback-journal');
    const call = await nurseAt(open);
    await open.run(12_000);

    const strip = await call('disclosure:strip', SPAN);
    expect(strip, 'disclosure:strip').toMatchObject({ ok: true, recordedIn: 'fallback-journal' });
    for (const [channel, request] of [
      // A wider span than the strip's: a look inside one already audited this session writes nothing.
      ['disclosure:trend', { ...SPAN, from: START, to: START + 12_000 }],
      ['disclosure:export', SPAN],
      ['disclosure:print', SPAN],
    ] as const) {
      expect(await call(channel, request), channel).toMatchObject({ ok: true, recordedIn: 'fallback-journal' });
    }
    expect(readdirSync(join(dataDir, 'exports')).filter((f) => f.endsWith('.hea'))).toHaveLength(1);

    restoreBackup(backup, file);
    // The store is retried on the station's (fake) monotonic clock, its timer reading the clock at least every second.
    await open.run(10_000);
    await waitFor(() => open!.station.audit.health.state === 'ok' && open!.station.audit.durability === 'audit-trail', 10_000);
    await open.station.audit.flush();
    const rows = (await open.station.audit.query({ actions: ['disclosure.viewed', 'disclosure.exported', 'disclosure.printed'], limit: 10, order: 'oldest-first' })).rows;
    expect(rows.map((r) => [r.action, r.userId, r.bedId, JSON.parse(r.details).journal_id !== undefined])).toEqual([
      ['disclosure.viewed', 'nurse', 'bed-01', true],
      ['disclosure.viewed', 'nurse', 'bed-01', true],
      ['disclosure.exported', 'nurse', 'bed-01', true],
      ['disclosure.printed', 'nurse', 'bed-01', true],
    ]);
    // Named in the wall time the strip was labelled with (this run's record continues the last one's, hence its offsets).
    const offsets = (strip as { value: Strip }).value.clock.offsets;
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ what: 'strip', from: new Date(wallTimeOf(offsets, SPAN.from)).toISOString(), to: new Date(wallTimeOf(offsets, SPAN.to)).toISOString() });
    expect(await open.station.audit.verify({ full: true })).toMatchObject({ ok: true });
  });

  it('store and journal both unusable: the look, the export and the print are refused, and no export file is written', async () => {
    open = await disclosureStation();
    const call = await nurseAt(open);
    await open.run(12_000);
    // From here every clinical record is refused the way AuditStore refuses it with the journal down too
    // (its own tests cover getting there); the nurse signed in before.
    const refused = vi.spyOn(open.station.audit, 'recordClinical').mockRejectedValue(new AuditUnavailableError('audit trail unavailable: store and fallback journal both unavailable'));
    for (const channel of ['disclosure:strip', 'disclosure:trend', 'disclosure:alarms', 'disclosure:export', 'disclosure:print']) {
      expect(await call(channel, channel === 'disclosure:alarms' ? { bedId: 'bed-01', limit: 10 } : SPAN), channel).toMatchObject({ ok: false, error: expect.stringMatching(/unavailable/) });
    }
    expect(refused.mock.calls.map(([event]) => event.action)).toEqual(['disclosure.viewed', 'disclosure.viewed', 'disclosure.viewed', 'disclosure.exported', 'disclosure.printed']);
    expect(existsSync(join(open.dataDir, 'exports')) ? readdirSync(join(open.dataDir, 'exports')) : []).toEqual([]);
  });
});
