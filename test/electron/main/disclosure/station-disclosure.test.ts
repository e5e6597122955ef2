import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Strip } from '../../../../shared/disclosure/review-schemas';
import { wallTimeOf } from '../../../../shared/disclosure/record-time';
import { blockCount } from '../../../../electron/main/disclosure/writer/block-codec';
import { closeStation } from '../../../../electron/main/station/create-station';
import { HOUR_STEPS } from '../../../support/fake-clock';
import { START, decodeRuns } from './disclosure-test-kit';
import { disclosureStation, type DisclosureStation } from './station-disclosure-kit';

let open: DisclosureStation | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});


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
    await open.flushed();
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
    await open.flushed();
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

  it.each(HOUR_STEPS)('runs on the station’s clock: the wall clock set an hour %s moves nothing in the record, labels what follows with the new time, and the audit of a look names the wall time', async (_name, step) => {
    open = await disclosureStation();
    const nurse = await open.viewAs('nurse');
    await open.run(10_000);
    open.clock.stepWall(step);
    await open.run(10_000);
    await open.flushed();
    const request = { bedId: 'bed-01', from: START, to: START + 20_001 };
    const strip = await open.station.disclosure!.strip(nurse, request);
    // 20 s of ECG, contiguous across the step: nothing jumped, nothing was filed twice.
    expect(decodeRuns(strip.channels.ecg, 'ecg').size).toBe(5_000);
    expect(strip.channels.ecg).toHaveLength(Math.ceil(20_001 / 8_000) + (START % 8_000 === 0 ? 0 : 1));
    expect(wallTimeOf(strip.clock.offsets, START + 5_000)).toBe(START + 5_000);
    expect(wallTimeOf(strip.clock.offsets, START + 15_000)).toBe(START + 15_000 + step);
    // The change is dated by the first tick that saw it, on record time.
    expect(strip.clock.offsets.at(-1)).toEqual({ from: START + 10_040, offset: step });
    await open.station.audit.flush();
    const [row] = (await open.station.audit.query({ actions: ['disclosure.viewed'], limit: 1 })).rows;
    expect(JSON.parse(row!.details)).toMatchObject({ from: new Date(START).toISOString(), to: new Date(START + 20_001 + step).toISOString(), record_from: START, record_to: START + 20_001 });
  });

  it('a clinical quit: the recorder closes after it is audited, with every sample up to the stop written and the stop noted', async () => {
    open = await disclosureStation({ beds: 1 });
    const charge = await open.viewAs('charge');
    await open.run(9_000);
    await open.station.quit.confirm(charge, open.station.alarms.list().map((a) => a.alarmId));
    const stopped = open.clock.wall();
    const { dataDir, station } = open;
    open = null;
    // The order of the stop: the quit row durable, the recorder closed, then app.stop and the trail's close.
    // (Read from the trail at each step: station.audit is the census's identity-stamping proxy, whose record cannot be spied on.)
    const order: string[] = [];
    const recorded = async () => {
      await station.audit.flush();
      return (await station.audit.query({ actions: ['app.quit', 'app.stop'], limit: 5, order: 'oldest-first' })).rows.map((r) => r.action).join('+');
    };
    order.push(await recorded());
    const review = station.disclosure!;
    const closeRecorder = review.close.bind(review);
    vi.spyOn(review, 'close').mockImplementation(async (detail) => {
      await closeRecorder(detail);
      order.push(`recorder closed after ${await recorded()}`);
    });
    const closeTrail = station.audit.close.bind(station.audit);
    vi.spyOn(station.audit, 'close').mockImplementation(async () => {
      order.push(`trail closing after ${await recorded()}`);
      return closeTrail();
    });
    await closeStation(station);
    expect(order).toEqual(['app.quit', 'recorder closed after app.quit', 'trail closing after app.quit+app.stop']);
    const db = new Database(join(dataDir, 'disclosure.sqlite'), { readonly: true });
    const ecg = db.prepare('SELECT t0, blob FROM block_keys WHERE channel = 0').all() as Array<{ t0: number; blob: Buffer }>;
    // 9 s at 250 Hz, the last (partial) block included: nothing held in memory was lost.
    expect(ecg.reduce((n, b) => n + blockCount(b.blob), 0)).toBe(2_250);
    expect(Math.max(...ecg.map((b) => b.t0 + (blockCount(b.blob) - 1) * 4))).toBe(stopped);
    const last = db.prepare('SELECT kind, detail FROM bed_events ORDER BY id DESC LIMIT 1').get();
    expect(last).toEqual({ kind: 'recording-stopped', detail: JSON.stringify({ clinical_quit: true, quit: 'clinical-quit' }) });
    db.close();
  });
});
