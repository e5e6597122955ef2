import { afterEach, describe, expect, it } from 'vitest';
import type { Strip } from '../../../../shared/disclosure/review-schemas';
import { START, decodeRuns } from './disclosure-test-kit';
import { disclosureStation, type DisclosureStation } from './station-disclosure-kit';

let open: DisclosureStation | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function flushed(s: DisclosureStation): Promise<void> {
  // The worker commits on its own timer; a flush call makes the test independent of it.
  await (s.station.disclosure as unknown as { deps: { recorder: { call(c: unknown): Promise<unknown> } } }).deps.recorder.call({ name: 'flush', args: {} });
}

describe('full disclosure in the station', () => {
  it('records as a pipeline subscriber, not a view: no display watchdog alarm, one view counted', async () => {
    open = await disclosureStation();
    await open.viewAs(null);
    await open.run(3_000);
    expect(open.station.status().views).toBe(1);
    expect(open.station.alarms.list().map((a) => a.code)).not.toContain('RENDERER_UNRESPONSIVE');
    expect(open.station.alarms.list().map((a) => a.code)).not.toContain('DISCLOSURE_NOT_RECORDING');
  });

  it('a viewer cannot open a bed history; a nurse can, and each look is audited with who, bed and span', async () => {
    open = await disclosureStation();
    const viewer = await open.viewAs('viewer');
    const nurse = await open.viewAs('nurse');
    const nobody = await open.viewAs(null);
    await open.run(20_000);
    await flushed(open);
    const review = open.station.disclosure!;
    const request = { bedId: 'bed-02', from: START + 2_000, to: START + 12_000 };
    await expect(review.strip(viewer, request)).rejects.toThrow(/not authorised|not permitted|viewer/i);
    await expect(review.strip(nobody, request)).rejects.toThrow(/Sign in/);
    await expect(review.trend(viewer, request)).rejects.toThrow();
    const strip: Strip = await review.strip(nurse, request);
    expect(decodeRuns(strip.channels.ecg, 'ecg').size).toBe(2_500);
    await open.station.audit.flush();
    const rows = (await open.station.audit.query({ actions: ['disclosure.viewed'], limit: 10 })).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: 'nurse', bedId: 'bed-02' });
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ what: 'strip', from: new Date(request.from).toISOString(), to: new Date(request.to).toISOString() });
    // Scrolling inside what was already audited adds nothing; a new span does.
    await review.strip(nurse, { ...request, from: request.from + 1_000, to: request.to - 1_000 });
    await review.strip(nurse, { ...request, from: request.to, to: request.to + 5_000 });
    await open.station.audit.flush();
    expect((await open.station.audit.query({ actions: ['disclosure.viewed'], limit: 10 })).rows).toHaveLength(2);
  });

  it('a kiosk wall refuses history even to a nurse signed in at it', async () => {
    open = await disclosureStation({ wallMode: true, config: { wall: { allowClinicalActions: true } } });
    const nurse = await open.viewAs('nurse');
    await open.run(2_000);
    await expect(open.station.disclosure!.strip(nurse, { bedId: 'bed-01', from: START, to: START + 1_000 })).rejects.toThrow(/wall/);
  });

  it('files alarm onsets, acknowledgements, escalations and ends with the bed, in order', async () => {
    open = await disclosureStation();
    const nurse = await open.viewAs('nurse');
    await open.run(2_000);
    open.station.ingestDeviceAlarm({ bedId: 'bed-01', code: 'VT', message: 'V-tach', priority: 'HIGH', source: 'device', phase: 'start', deviceAlarmId: 'vt-1' });
    const alarm = open.station.alarms.list().find((a) => a.code === 'VT')!;
    await open.run(31_000);
    await open.station.actions.acknowledge(nurse, alarm.alarmId);
    open.station.ingestDeviceAlarm({ bedId: 'bed-01', code: 'VT', message: 'V-tach', priority: 'HIGH', source: 'device', phase: 'end', deviceAlarmId: 'vt-1' });
    await open.run(1_000);
    await flushed(open);
    const { alarms } = await open.station.disclosure!.alarms(nurse, { bedId: 'bed-01', limit: 10 });
    expect(alarms.filter((a) => a.code === 'VT')).toEqual([expect.objectContaining({ kind: 'onset', alarmId: alarm.alarmId, bedId: 'bed-01', priority: 'HIGH' })]);
    const strip = await open.station.disclosure!.strip(nurse, { bedId: 'bed-01', from: START, to: START + 36_000 });
    const steps = strip.alarms.filter((a) => a.alarmId === alarm.alarmId).map((a) => a.kind);
    expect(steps).toEqual(['onset', 'escalated', 'acknowledged', 'end']);
    const onset = strip.alarms.find((a) => a.kind === 'onset' && a.alarmId === alarm.alarmId)!;
    expect(onset.at).toBe(START + 2_000);
    expect(strip.alarms.find((a) => a.kind === 'acknowledged')!.actor).toBe('nurse (nurse)');
    // Found by identity (from the audit history), not by time.
    expect((await open.station.disclosure!.lookup(nurse, { alarmId: alarm.alarmId })).alarm).toMatchObject({ at: START + 2_000, bedId: 'bed-01' });
  });
});
