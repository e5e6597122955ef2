import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AlarmListReplica } from '../../../../../shared/alarms/alarm-list-replica';
import type { AlarmCondition } from '../../../../../shared/domain/alarm-condition';
import type { GatewayFeedEvent } from '../../../../../electron/main/connections/gateway/gateway-feed';
import { ReferenceGateway } from '../../../../../gateway/reference-gateway';
import { tempDir } from '../../audit/audit-test-kit';
import { alarmsWithCode, auditRows, connectStation, deviceAlarm, positionSaved, TOKEN, until, type ConnectedStation } from './gateway-test-kit';
import { LoopbackLink } from './loopback-link';

/**
 * Issue 12.1, "a link outage must not hide an alarm", end to end: the real
 * reference gateway on loopback, a real station core, and the station's
 * network taken away (LoopbackLink) while a latching VT starts and ends at
 * the back end.
 */
describe('gateway feed: alarm episodes across a link outage', () => {
  let gateway: ReferenceGateway | null = null;
  let link: LoopbackLink | null = null;
  const stations: ConnectedStation[] = [];

  afterEach(async () => {
    await Promise.all(stations.splice(0).map((s) => s.close()));
    await link?.close();
    await gateway?.close();
    link = null;
    gateway = null;
  });

  async function stationBehindLink(options: { stationId?: string; positionFile?: string; dataDir?: string } = {}): Promise<ConnectedStation> {
    const s = await connectStation({ urls: [link!.url], stationId: options.stationId ?? 'icu-a', positionFile: options.positionFile, dataDir: options.dataDir });
    stations.push(s);
    await until(() => s.feed.status().synced, 10_000, 'synced');
    return s;
  }

  async function cut(s: ConnectedStation): Promise<void> {
    await link!.cut();
    await until(() => s.alarm((x) => x.code === 'COMMS_LOST'), 5_000, 'COMMS_LOST');
  }

  function historyGaps(s: ConnectedStation): Array<Extract<GatewayFeedEvent, { type: 'history-incomplete' }>> {
    return s.events.filter((e): e is Extract<GatewayFeedEvent, { type: 'history-incomplete' }> => e.type === 'history-incomplete');
  }

  it('a latching VT that starts and ends while the link is down arrives latched, unacknowledged, sounding, audited with its real onset and end; COMMS_LOST clearing does not hide it', async () => {
    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 6 });
    link = new LoopbackLink(gateway.listeningPort);
    await link.open();
    const a = await stationBehindLink();
    const gapsAtFirstConnect = historyGaps(a).length; // a station without a position says so once (see the restart test)
    await cut(a);

    const before = Date.now();
    await gateway.deviceAlarm(deviceAlarm({ bedId: 'bed-02', code: 'VT', deviceAlarmId: 'vt-in-the-gap', phase: 'start' }));
    await gateway.deviceAlarm(deviceAlarm({ bedId: 'bed-02', code: 'VT', deviceAlarmId: 'vt-in-the-gap', phase: 'end' }));
    const after = Date.now();
    expect(a.alarm((x) => x.code === 'VT')).toBeUndefined();

    // Every alarm state the station publishes from now on (a view's copy, kept from the deltas): the one in which COMMS_LOST is gone must already hold the VT.
    const copy = new AlarmListReplica();
    copy.load(a.station.alarms.snapshot());
    const states: AlarmCondition[][] = [];
    const off = a.station.alarms.onChange((delta) => {
      expect(copy.apply(delta).kind).toBe('applied');
      states.push(copy.list());
    });
    await link.open();
    await until(() => !a.alarm((x) => x.code === 'COMMS_LOST'), 10_000, 'COMMS_LOST cleared');
    off();
    const firstWithoutCommsLost = states.find((alarms) => !alarms.some((x) => x.code === 'COMMS_LOST'));
    expect(firstWithoutCommsLost?.some((x) => x.code === 'VT')).toBe(true);

    const vt = a.alarm((x) => x.code === 'VT')!;
    expect(vt).toMatchObject({ bedId: 'bed-02', priority: 'HIGH', latching: true, state: 'resolved', acknowledged: false });
    expect(vt.onsetAt).toBeGreaterThanOrEqual(before);
    expect(vt.onsetAt).toBeLessThanOrEqual(after);
    expect(a.station.alarms.auditory()?.alarmId).toBe(vt.alarmId);

    const [onset] = await auditRows(a.audit, { action: 'alarm.onset', alarmId: vt.alarmId });
    const [resolved] = await auditRows(a.audit, { action: 'alarm.resolved', alarmId: vt.alarmId });
    expect(onset?.parsed).toMatchObject({ code: 'VT', latching: true, delivered: 'resync', source_onset_at: vt.onsetAt });
    expect(resolved?.parsed).toMatchObject({ latched: true, end_unknown: false });
    expect(resolved?.parsed.source_ended_at as number).toBeGreaterThanOrEqual(vt.onsetAt);
    expect(resolved?.parsed.source_ended_at as number).toBeLessThanOrEqual(after);
    // The gateway kept everything: nothing to report as missing.
    expect(historyGaps(a)).toHaveLength(gapsAtFirstConnect);

    // Another outage and reconnect delivers nothing twice.
    await cut(a);
    await link.open();
    await until(() => !a.alarm((x) => x.code === 'COMMS_LOST'), 10_000, 'COMMS_LOST cleared again');
    expect(alarmsWithCode(a, 'VT')).toHaveLength(1);
    const onsets = (await auditRows(a.audit, { action: 'alarm.onset' })).filter((r) => r.parsed.code === 'VT');
    expect(onsets).toHaveLength(1);
  }, 30_000);

  it('a gateway that restarted without its journal: the station raises "alarm history incomplete" naming the span and the beds', async () => {
    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 6 });
    const port = gateway.listeningPort;
    const s = await connectStation({ urls: [gateway.url], stationId: 'icu-a' });
    stations.push(s);
    await until(() => s.feed.status().synced, 10_000);
    const before = historyGaps(s).length;
    const lostFrom = Date.now();
    await gateway.close();
    await until(() => s.alarm((x) => x.code === 'COMMS_LOST'), 5_000);
    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 6 }, { port });
    await until(() => historyGaps(s).length > before, 10_000, 'history gap reported');
    const gap = historyGaps(s).at(-1)!;
    expect(gap.reason).toBe('journal-replaced');
    expect(gap.from).not.toBeNull();
    expect(gap.from!).toBeLessThanOrEqual(lostFrom);
    expect(gap.from!).toBeGreaterThan(lostFrom - 5_000);
    const alarm = s.alarm((x) => x.alarmId === gap.alarmId)!;
    expect(alarm).toMatchObject({ code: 'HISTORY_INCOMPLETE', source: 'technical', priority: 'MEDIUM', latching: true, state: 'resolved', acknowledged: false });
    expect(alarm.message).toMatch(/^Alarm history incomplete \d\d:\d\d–\d\d:\d\d, all 4 beds/);
    const [onset] = await auditRows(s.audit, { action: 'alarm.onset', alarmId: gap.alarmId });
    expect(onset?.parsed).toMatchObject({ code: 'HISTORY_INCOMPLETE', reason: 'journal-replaced', gap_from: gap.from, gap_to: gap.to, beds: 'bed-01,bed-02,bed-03,bed-04' });
  }, 30_000);

  it('a position older than what the journal still holds: "history incomplete", and what it still holds is delivered', async () => {
    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 6, journal: { maxEntries: 4 } });
    link = new LoopbackLink(gateway.listeningPort);
    await link.open();
    const a = await stationBehindLink();
    const before = historyGaps(a).length;
    await cut(a);
    // Six journal entries while away; the journal keeps four: the first VT's onset and end are gone.
    for (const id of ['vt-1', 'vt-2', 'vt-3']) {
      await gateway.deviceAlarm(deviceAlarm({ bedId: 'bed-03', code: 'VT', deviceAlarmId: id, phase: 'start' }));
      await gateway.deviceAlarm(deviceAlarm({ bedId: 'bed-03', code: 'VT', deviceAlarmId: id, phase: 'end' }));
    }
    await link.open();
    await until(() => historyGaps(a).length > before, 10_000, 'history gap reported');
    expect(historyGaps(a).at(-1)!.reason).toBe('evicted');
    await until(() => !a.alarm((x) => x.code === 'COMMS_LOST'), 10_000);
    // The two VTs the journal still held are shown latched; the one it lost is what the gap alarm is about.
    expect(alarmsWithCode(a, 'VT').map((x) => x.state)).toEqual(['resolved', 'resolved']);
  }, 30_000);

  it('a station restarted with its saved position is shown every episode of its downtime; with the position file damaged it says it cannot be', async () => {
    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 6 });
    link = new LoopbackLink(gateway.listeningPort);
    await link.open();
    const dataDir = tempDir('vigil-gw-restart-');
    const positionFile = join(dataDir, 'gateway-position.json');
    const first = await stationBehindLink({ positionFile, dataDir: tempDir('vigil-gw-audit-') });
    // Saved once the audit trail has made what it applied durable (within ~1 s).
    await positionSaved(first, positionFile);
    await first.close();
    stations.splice(stations.indexOf(first), 1);

    await gateway.deviceAlarm(deviceAlarm({ bedId: 'bed-04', code: 'ASYSTOLE', message: 'Asystole', deviceAlarmId: 'asy-down', phase: 'start' }));
    await gateway.deviceAlarm(deviceAlarm({ bedId: 'bed-04', code: 'ASYSTOLE', message: 'Asystole', deviceAlarmId: 'asy-down', phase: 'end' }));

    const second = await stationBehindLink({ positionFile, dataDir: tempDir('vigil-gw-audit-') });
    await until(() => !second.alarm((x) => x.code === 'COMMS_LOST'), 10_000);
    expect(second.alarm((x) => x.code === 'ASYSTOLE')).toMatchObject({ state: 'resolved', latching: true, acknowledged: false });
    expect(historyGaps(second)).toEqual([]);
    await second.close();
    stations.splice(stations.indexOf(second), 1);

    writeFileSync(positionFile, '{"format":1,"stationId":"icu-a","position":{"journalId":"j-0000000000000000","pos":'); // torn
    const third = await stationBehindLink({ positionFile, dataDir: tempDir('vigil-gw-audit-') });
    await until(() => historyGaps(third).length > 0, 10_000, 'history gap reported');
    expect(historyGaps(third)[0]).toMatchObject({ reason: 'no-position', from: null });
    expect(third.alarm((x) => x.code === 'HISTORY_INCOMPLETE')?.message).toMatch(/^Alarm history incomplete before \d\d:\d\d, all 4 beds/);
  }, 40_000);
});
