import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createInvokeHandlers, dispatchInvoke } from '../../../../electron/main/ipc/invoke-handlers';
import { silentLogger } from '../../../../electron/main/logging/logger';
import { harnessesClosedAfterEach, type StationHarness } from '../station/station-test-kit';
import { manualPatient } from './census-test-kit';

const setup = harnessesClosedAfterEach();
const BEDS = Array.from({ length: 3 }, (_, i) => ({ bedId: `bed-${i + 1}`, label: `Bed ${i + 1}`, patient: null }));
const unit = () => setup({ beds: 3, config: { feed: { kind: 'gateway', urls: ['http://127.0.0.1:1'], token: 'token-123456' }, beds: BEDS } });

async function signedIn(h: StationHarness, user: 'charge' | 'nurse') {
  const view = h.attachView();
  await h.station.actions.signIn(view.attached.viewId, user, '1234');
  const handlers = createInvokeHandlers(h.station);
  return { view, call: (channel: string, request: unknown) => dispatchInvoke(handlers, channel, request, { viewId: view.attached.viewId }, silentLogger) };
}

function pvcRun(h: StationHarness, bedId: string, id: string): string {
  h.station.ingestDeviceAlarm({ bedId, code: 'PVC_RUN', message: 'PVC run', priority: 'MEDIUM', source: 'device', phase: 'start', deviceAlarmId: id });
  // The newest: an earlier PVC run on the bed may still be going.
  return h.station.alarms.list().filter((a) => a.code === 'PVC_RUN' && a.bedId === bedId).at(-1)!.alarmId;
}

/** The census in the station: identity on alarms and audit entries, the IPC channels, the history that follows the patient. */
describe('census in the station', () => {
  it('stamps the patient on alarms (encounter id only) and on audit entries about the bed (number, never name)', async () => {
    const h = await unit();
    await h.station.open();
    const charge = await signedIn(h, 'charge');
    const admitted = await charge.call('census:admit', { bedId: 'bed-1', patient: manualPatient({ family: 'Quellington', mrn: 'Q-4242' }) });
    expect(admitted).toMatchObject({ ok: true });
    const encounterId = (admitted as { value: { encounterId: string } }).value.encounterId;
    const alarmId = pvcRun(h, 'bed-1', 'p1');
    expect(h.station.alarms.list().find((a) => a.alarmId === alarmId)?.encounterId).toBe(encounterId);
    // An empty bed's alarm names nobody.
    const empty = pvcRun(h, 'bed-2', 'p2');
    expect(h.station.alarms.list().find((a) => a.alarmId === empty)?.encounterId).toBeNull();
    await h.audit.flush();
    const onset = (await h.audit.query({ action: 'alarm.onset', alarmId, limit: 1 })).rows[0]!;
    expect(JSON.parse(onset.details)).toMatchObject({ encounter: encounterId, patient_id: 'Q-4242', patient_id_type: 'MR' });
    expect(onset.details).not.toMatch(/Quellington|Ada|1961/);
    const emptyOnset = (await h.audit.query({ action: 'alarm.onset', alarmId: empty, limit: 1 })).rows[0]!;
    expect(JSON.parse(emptyOnset.details).encounter).toBeUndefined();
    // An export of the alarm's rows names the patient by number (and still not by name).
    const exported = (await charge.call('audit:export', { filter: { alarmId }, format: 'json' })) as { ok: true; value: { file: string } };
    const text = readFileSync(exported.value.file, 'utf8');
    expect(text).toContain('Q-4242');
    expect(text).toContain(encounterId);
    expect(text).not.toMatch(/Quellington/);
  });

  it('a nurse may read the census but every change is refused; the wall-facing snapshot follows each change', async () => {
    const h = await unit();
    await h.station.open();
    const nurse = await signedIn(h, 'nurse');
    expect(await nurse.call('census:get', {})).toMatchObject({ ok: true, value: { beds: [{ bedId: 'bed-1', encounter: null }, expect.anything(), expect.anything()] } });
    expect(await nurse.call('census:admit', { bedId: 'bed-1', patient: manualPatient() })).toMatchObject({ ok: false, error: expect.stringMatching(/nurse may not/) });
    const charge = await signedIn(h, 'charge');
    await charge.call('census:admit', { bedId: 'bed-1', patient: manualPatient() });
    const last = nurse.view.of('unit:census').at(-1) as { beds: Array<{ bedId: string; name: string | null }> };
    expect(last.beds[0]).toMatchObject({ bedId: 'bed-1', name: 'Okafor, Ada' });
    // An invalid patient is refused naming the field, never echoing the value.
    const bad = await charge.call('census:admit', { bedId: 'bed-2', patient: { ...manualPatient(), dob: '1961-02-30' } });
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/patient\.dob: date of birth is not a calendar day/) });
    expect(JSON.stringify(bad)).not.toMatch(/1961-02-30/);
  });

  it('a transfer moves the patient\'s alarm history: the new bed\'s patient history holds the old bed\'s alarms of this stay only', async () => {
    const h = await unit();
    await h.station.open();
    const charge = await signedIn(h, 'charge');
    // Someone else's alarm in bed 1 before our patient came.
    const before = pvcRun(h, 'bed-1', 'before');
    h.station.ingestDeviceAlarm({ bedId: 'bed-1', code: 'PVC_RUN', message: 'PVC run', priority: 'MEDIUM', source: 'device', phase: 'end', deviceAlarmId: 'before' });
    const { value } = (await charge.call('census:admit', { bedId: 'bed-1', patient: manualPatient() })) as { value: { encounterId: string } };
    const during = pvcRun(h, 'bed-1', 'during');
    await charge.call('census:transfer', { bedId: 'bed-1', encounterId: value.encounterId, toBedId: 'bed-3' });
    const after = pvcRun(h, 'bed-1', 'after');
    const inNewBed = pvcRun(h, 'bed-3', 'new');
    await h.audit.flush();
    const page = (await charge.call('census:alarm-history', { encounterId: value.encounterId, limit: 50 })) as { ok: true; value: { rows: Array<{ alarmId: string | null; bedId: string | null }> } };
    const alarms = new Set(page.value.rows.map((r) => r.alarmId));
    expect(alarms.has(during)).toBe(true);
    expect(alarms.has(inNewBed)).toBe(true);
    expect(alarms.has(before)).toBe(false);
    expect(alarms.has(after)).toBe(false);
    expect(page.value.rows.map((r) => r.bedId)).toEqual(expect.arrayContaining(['bed-1', 'bed-3']));
    // Paging: one row at a time walks the same rows, newest first, and stops.
    const seen: string[] = [];
    let afterSeq: number | undefined;
    for (let i = 0; i < 20; i++) {
      const p = (await charge.call('census:alarm-history', { encounterId: value.encounterId, limit: 1, ...(afterSeq ? { afterSeq } : {}) })) as { value: { rows: Array<{ seq: number; alarmId: string }>; nextAfterSeq: number | null } };
      seen.push(...p.value.rows.map((r) => `${r.seq}`));
      if (p.value.nextAfterSeq === null) break;
      afterSeq = p.value.nextAfterSeq;
    }
    expect(seen).toEqual(page.value.rows.map((r) => `${(r as unknown as { seq: number }).seq}`));
  });

  it('an alarm held back in a flood and shown after its patient left names that patient in the trail, not the one in the bed now', async () => {
    const h = await setup({ beds: 3, alarmFlood: { burst: 2, perSecond: 1 }, config: { feed: { kind: 'gateway', urls: ['http://127.0.0.1:1'], token: 'token-123456' }, beds: BEDS } });
    await h.station.open();
    const charge = await signedIn(h, 'charge');
    const first = (await charge.call('census:admit', { bedId: 'bed-1', patient: manualPatient({ mrn: 'FIRST-1' }) })) as { value: { encounterId: string } };
    const alarm = (id: string, code: string) => h.station.takeDeviceAlarm({ bedId: 'bed-1', code, message: code, priority: 'MEDIUM', source: 'device', phase: 'start', deviceAlarmId: id });
    expect([alarm('f1', 'FLOOD_1'), alarm('f2', 'FLOOD_2'), alarm('late', 'PVC_RUN')]).toEqual(['applied', 'applied', 'held']);
    expect(await charge.call('census:discharge', { bedId: 'bed-1', encounterId: first.value.encounterId, confirmed: true })).toMatchObject({ ok: true });
    expect(await charge.call('census:admit', { bedId: 'bed-1', patient: manualPatient({ mrn: 'SECOND-2' }) })).toMatchObject({ ok: true });
    for (let at = 1000; at <= 5000 && !h.station.alarms.list().some((a) => a.code === 'PVC_RUN'); at += 1000) h.tick(at);
    const late = h.station.alarms.list().find((a) => a.code === 'PVC_RUN')!;
    expect(late.encounterId).toBe(first.value.encounterId);
    await h.audit.flush();
    const onset = JSON.parse((await h.audit.query({ action: 'alarm.onset', alarmId: late.alarmId, limit: 1 })).rows[0]!.details);
    expect(onset).toMatchObject({ encounter: first.value.encounterId, patient_id: 'FIRST-1' });
  });

  it('census entries are clinical: a kiosk wall refuses them unless IT allows clinical actions there', async () => {
    const h = await setup({ beds: 3, wallMode: true, config: { feed: { kind: 'gateway', urls: ['http://127.0.0.1:1'], token: 'token-123456' }, beds: BEDS } });
    await h.station.open();
    const charge = await signedIn(h, 'charge');
    expect(await charge.call('census:admit', { bedId: 'bed-1', patient: manualPatient() })).toMatchObject({ ok: false, error: expect.stringMatching(/view-only/) });
  });
});
