import { describe, expect, it } from 'vitest';
import { decodeWaveformFrame, SEGMENT_FLAG_LEAD_OFF } from '../../../../shared/waveform/frame';
import { harnessesClosedAfterEach, type StationHarness } from './station-test-kit';

const hr = (value: number | null, measuredAt: number) => ({ kind: 'hr' as const, value, measuredAt });

const setup = harnessesClosedAfterEach();

describe('Station data path', () => {
  it('fans numerics and one binary frame per tick out to views', async () => {
    const { feed, view, tick } = await setup();
    feed.next = {
      segments: [
        { bedIndex: 0, channel: 'ecg', flags: 0, firstSampleAt: 0, samples: new Float32Array(10) },
        { bedIndex: 1, channel: 'pleth', flags: 0, firstSampleAt: 0, samples: new Float32Array(5) },
      ],
      numerics: [{ bedIndex: 0, numerics: [hr(72, 0)], sentAt: 0 }],
    };
    tick(0);
    expect(view.frames).toHaveLength(1);
    expect(decodeWaveformFrame(view.frames[0]!).map((s) => [s.bedIndex, s.channel, s.samples.length])).toEqual([
      [0, 'ecg', 10],
      [1, 'pleth', 5],
    ]);
    expect(view.order).toEqual(['unit:bed-status', 'frame', 'unit:numerics']); // status before data
    expect(view.of('unit:numerics')[0]).toEqual({ sentAt: 0, beds: [{ bedId: 'bed-1', numerics: [hr(72, 0)] }] });
  });

  it('a silent bed goes no-data within the timeout (ticks of 40 ms), its numerics are withdrawn and NO_DATA is raised', async () => {
    const { feed, station, view, tick } = await setup();
    feed.next = { segments: [], numerics: [{ bedIndex: 0, numerics: [hr(80, 0)], sentAt: 0 }, { bedIndex: 1, numerics: [hr(80, 0)], sentAt: 0 }] };
    tick(0);
    expect(station.snapshot().numerics['bed-1']).toEqual([hr(80, 0)]);
    view.events.length = 0;
    feed.next = { segments: [], numerics: [{ bedIndex: 1, numerics: [hr(80, 4000)], sentAt: 4000 }] };
    tick(4000);
    tick(4960);
    expect(view.of('unit:bed-status')).toEqual([]);
    // The next tick would come at 5040: too late for "within 5 s", so 5000 already counts.
    tick(5000);
    expect(view.of('unit:bed-status')).toEqual([{ statuses: [{ bedId: 'bed-1', feed: 'no-data', ecgLeadOff: false, lastDataAt: 0 }] }]);
    const snapshot = station.snapshot();
    expect(snapshot.statuses[0]!.feed).toBe('no-data');
    expect(snapshot.numerics['bed-1']).toEqual([]);
    expect(snapshot.alarms.alarms.map((a) => [a.bedId, a.code, a.source])).toContainEqual(['bed-1', 'NO_DATA', 'technical']);
    // When data returns, only the new numbers are offered and the technical alarm ends.
    feed.next = { segments: [], numerics: [{ bedIndex: 0, numerics: [hr(90, 6000)], sentAt: 6000 }] };
    tick(6000);
    expect(station.snapshot().numerics['bed-1']).toEqual([hr(90, 6000)]);
    expect(station.snapshot().alarms.alarms.filter((a) => a.code === 'NO_DATA')).toEqual([]);
  });

  it('never reports beds it has not heard from as live, and raises NO_DATA for them after one timeout', async () => {
    const { station, tick } = await setup();
    expect(station.snapshot().statuses.map((s) => s.feed)).toEqual(['unknown', 'unknown']);
    expect(station.snapshot().numerics).toEqual({ 'bed-1': [], 'bed-2': [] });
    tick(4000);
    expect(station.snapshot().alarms.alarms).toEqual([]);
    tick(5040);
    expect(station.snapshot().statuses.map((s) => s.feed)).toEqual(['no-data', 'no-data']);
    expect(station.snapshot().alarms.alarms.map((a) => [a.bedId, a.code])).toEqual([
      ['bed-1', 'NO_DATA'],
      ['bed-2', 'NO_DATA'],
    ]);
  });

  it('tracks ECG lead-off from the segment flags and raises LEAD_OFF', async () => {
    const { feed, station, tick } = await setup();
    feed.next = { segments: [{ bedIndex: 1, channel: 'ecg', flags: SEGMENT_FLAG_LEAD_OFF, firstSampleAt: 0, samples: new Float32Array(3) }], numerics: [] };
    tick(0);
    expect(station.snapshot().statuses[1]).toMatchObject({ feed: 'live', ecgLeadOff: true });
    expect(station.snapshot().alarms.alarms.map((a) => [a.bedId, a.code])).toEqual([['bed-2', 'LEAD_OFF']]);
  });

  it('keeps running when the feed throws; its beds then go no-data', async () => {
    const { feed, station, tick } = await setup();
    feed.next = { segments: [], numerics: [{ bedIndex: 0, numerics: [hr(80, 0)], sentAt: 0 }] };
    tick(0);
    feed.failNextPull = true;
    expect(() => tick(6000)).not.toThrow();
    expect(station.snapshot().statuses[0]!.feed).toBe('no-data');
  });

  it('a view that throws does not stop the others', async () => {
    const { feed, station, view, tick } = await setup();
    station.attach({
      event: () => {
        throw new Error('renderer gone');
      },
      waveformFrame: () => {
        throw new Error('port closed');
      },
    });
    feed.next = { segments: [{ bedIndex: 0, channel: 'ecg', flags: 0, firstSampleAt: 0, samples: new Float32Array(1) }], numerics: [] };
    tick(0);
    expect(view.frames).toHaveLength(1);
  });

  it('offers scenarios on a workstation but never on a wall', async () => {
    const workstation = await setup();
    expect(workstation.station.triggerScenario({ scenario: 'bed-silent', bedId: 'bed-1' })).toEqual({ scenario: 'bed-silent', bedId: 'bed-1', seed: 7 });
    const wall = await setup({ wallMode: true });
    expect(wall.station.scenariosEnabled()).toBe(false);
    expect(() => wall.station.triggerScenario({ scenario: 'bed-silent', bedId: 'bed-1' })).toThrow(/not enabled/);
    expect(wall.feed.triggered).toEqual([]);
  });
});

describe('Station alarms', () => {
  it('sends an alarm to every view before the tick’s waveform and numerics', async () => {
    const { feed, view, attachView, tick } = await setup();
    const second = attachView();
    const spo2 = (value: number, at: number) => ({ kind: 'spo2' as const, value, measuredAt: at });
    let alarmTickOrder: string[] = [];
    for (let at = 0; at <= 6000; at += 1000) {
      feed.next = {
        segments: [{ bedIndex: 0, channel: 'ecg', flags: 0, firstSampleAt: at, samples: new Float32Array(4) }],
        numerics: [{ bedIndex: 0, numerics: [spo2(80, at)], sentAt: at }, { bedIndex: 1, numerics: [hr(70, at)], sentAt: at }],
      };
      view.order.length = 0;
      tick(at);
      if (view.order.includes('unit:alarms')) alarmTickOrder = [...view.order];
    }
    // SpO2 80 % is below the adult extreme limit (85 %): HIGH after its 5 s condition delay.
    expect(view.alarms.list().map((a) => [a.code, a.priority])).toEqual([['SPO2_EXTREME_LOW', 'HIGH']]);
    expect(view.alarms.auditory?.priority).toBe('HIGH');
    expect(alarmTickOrder).toEqual(['unit:alarms', 'frame', 'unit:numerics']);
    expect(second.alarms.list()).toEqual(view.alarms.list());
    expect(second.of('unit:alarms').at(-1)).toEqual(view.of('unit:alarms').at(-1));
  });
});

describe('Station connections', () => {
  it('takes a pushed device alarm at once, and refuses one for a bed it does not show', async () => {
    const { station, view } = await setup();
    const vt = { bedId: 'bed-2', code: 'VT', message: 'V-Tach', priority: 'MEDIUM' as const, source: 'device' as const, phase: 'start' as const, deviceAlarmId: 'm1' };
    expect(station.ingestDeviceAlarm(vt)).toBe(true);
    // Lethal arrhythmias are HIGH whatever the device said, and sent without waiting for a tick.
    await Promise.resolve();
    expect(view.of('unit:alarms')).toHaveLength(1);
    expect(view.alarms.list()).toEqual([expect.objectContaining({ code: 'VT', priority: 'HIGH' })]);
    expect(station.ingestDeviceAlarm({ ...vt, bedId: 'bed-9' })).toBe(false);
  });

  it('alarms raised in one go reach each view as one update with all of them', async () => {
    const { station, view } = await setup();
    for (const bedId of ['bed-1', 'bed-2']) {
      station.ingestDeviceAlarm({ bedId, code: 'ASYSTOLE', message: 'Asystole', priority: 'HIGH', source: 'device', phase: 'start', deviceAlarmId: `${bedId}-a` });
    }
    expect(view.of('unit:alarms')).toEqual([]);
    await Promise.resolve();
    const updates = view.of('unit:alarms') as Array<{ changed: Array<{ bedId: string }> }>;
    expect(updates).toHaveLength(1);
    expect(updates[0]!.changed.map((a) => a.bedId)).toEqual(['bed-1', 'bed-2']);
  });

  it('pushed numerics keep a bed live and are fanned out and evaluated with the next tick', async () => {
    const { station, view, tick } = await setup();
    const origin = { sender: 'hl7:test', sentAt: 0 };
    expect(station.ingestNumerics('bed-1', [hr(75, 0)], origin)).toBe('accepted');
    expect(station.ingestNumerics('nope', [hr(75, 0)], origin)).toBe('unknown-bed');
    tick(0);
    expect(station.snapshot().statuses[0]!.feed).toBe('live');
    expect(view.of('unit:numerics')).toEqual([{ sentAt: 0, beds: [{ bedId: 'bed-1', numerics: [hr(75, 0)] }] }]);
  });

  it('a lost connection raises COMMS_LOST until every connection is back, and both are audited', async () => {
    const { station, audit } = await setup();
    station.reportConnection('gateway', false, 'heartbeat timeout');
    station.reportConnection('hl7', false, 'listener closed');
    expect(station.alarms.list().map((a) => [a.code, a.priority, a.bedId])).toEqual([['COMMS_LOST', 'HIGH', null]]);
    station.reportConnection('gateway', true);
    expect(station.alarms.list().map((a) => a.code)).toEqual(['COMMS_LOST']);
    station.reportConnection('hl7', true);
    expect(station.alarms.list()).toEqual([]);
    await audit.flush();
    const rows = (await audit.query({ limit: 50, order: 'oldest-first' })).rows.filter((r) => r.action.startsWith('connection.'));
    expect(rows.map((r) => [r.action, JSON.parse(r.details).connection])).toEqual([
      ['connection.down', 'gateway'],
      ['connection.down', 'hl7'],
      ['connection.up', 'gateway'],
      ['connection.up', 'hl7'],
    ]);
  });
});
