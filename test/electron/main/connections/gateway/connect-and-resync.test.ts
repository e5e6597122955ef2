import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReferenceGateway } from '../../../../../gateway/reference-gateway';
import { auditRows, connectStation, deviceAlarm, TOKEN, until, type ConnectedStation } from './gateway-test-kit';

describe('gateway feed: connect and resync', () => {
  let gateway: ReferenceGateway;
  const stations: ConnectedStation[] = [];

  beforeEach(async () => {
    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 3 });
  });
  afterEach(async () => {
    await Promise.all(stations.splice(0).map((s) => s.close()));
    await gateway.close();
  });

  it('connects with its token, resyncs, and then streams waveforms and numerics for every bed', async () => {
    const a = await connectStation({ urls: [gateway.url], stationId: 'icu-a' });
    stations.push(a);
    const resynced = await until(() => a.events.find((e) => e.type === 'resynced'));
    expect(resynced).toMatchObject({ reason: 'connect', url: gateway.url });
    await until(() => a.station.snapshot().statuses.every((s) => s.feed === 'live'), 3_000, 'all beds live');
    await until(() => Object.values(a.station.snapshot().numerics).every((n) => n.length > 0), 3_000, 'numerics on every bed');
    // The snapshot's numerics can make every bed live before the first waveform frame is in (a loaded machine).
    await until(() => a.feed.status().inbound.waveformFrames > 0, 3_000, 'waveform frames');
    const status = a.feed.status();
    expect(status).toMatchObject({ connected: true, synced: true, resyncs: 1 });
    expect(status.inbound.rejected).toBe(0);
    expect(a.alarm((x) => x.code === 'COMMS_LOST')).toBeUndefined();
    expect(await auditRows(a.audit, { action: 'connection.down' })).toEqual([]);
    // What IT sees on the station status screen.
    expect(a.station.status().feed).toEqual({
      kind: 'gateway',
      facts: expect.arrayContaining([
        { label: 'Gateway', value: gateway.url },
        { label: 'Connected / synced', value: 'yes / yes' },
      ]),
    });
  });

  it('a station that connects later gets beds, numerics, active alarms, acknowledgements and escalation levels from the snapshot', async () => {
    gateway.deviceAlarm(deviceAlarm({ bedId: 'bed-02', code: 'VT', deviceAlarmId: 'm2-1' }));
    gateway.deviceAlarm(deviceAlarm({ bedId: 'bed-03', code: 'ASYSTOLE', message: 'Asystole', deviceAlarmId: 'm3-1' }));
    // Station A escalates HIGH alarms fast, so an escalation level reaches the gateway's ledger.
    const a = await connectStation({ urls: [gateway.url], stationId: 'icu-a', config: { alarms: { escalation: { HIGH: [300, 600], MEDIUM: [], LOW: [] } } } });
    stations.push(a);
    const vtAtA = await until(() => a.alarm((x) => x.code === 'VT' && x.bedId === 'bed-02'));
    await a.acknowledge(vtAtA.alarmId);
    await until(() => a.events.find((e) => e.type === 'ack-decided' && e.alarmId === vtAtA.alarmId), 3_000, 'ack decided');
    await until(() => a.alarm((x) => x.code === 'ASYSTOLE' && x.escalationLevel === 3), 3_000, 'escalated at A');

    const b = await connectStation({ urls: [gateway.url], stationId: 'icu-b' });
    stations.push(b);
    await until(() => b.events.find((e) => e.type === 'resynced'));
    // Active alarms: both device alarms shown at B.
    const vtAtB = b.alarm((x) => x.code === 'VT' && x.bedId === 'bed-02');
    const asystoleAtB = b.alarm((x) => x.code === 'ASYSTOLE' && x.bedId === 'bed-03');
    expect(vtAtB?.state).toBe('acknowledged');
    expect(asystoleAtB?.state).toBe('active');
    // Acknowledgement: applied from the ledger and audited at B as a remote acknowledgement by A's nurse.
    const acks = await auditRows(b.audit, { action: 'alarm.acknowledged', alarmId: vtAtB!.alarmId });
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ userId: 'nurse', role: 'remote', parsed: { via_station: 'icu-a' } });
    // Escalation level known at B.
    expect(b.feed.status().remoteEscalations).toEqual(
      expect.arrayContaining([expect.objectContaining({ level: 3, stationId: 'icu-a', alarm: expect.objectContaining({ bedId: 'bed-03', code: 'ASYSTOLE' }) })]),
    );
    // Beds and their current numerics.
    await until(() => b.station.snapshot().statuses.every((s) => s.feed === 'live'), 3_000, 'beds live at B');
    expect(Object.values(b.station.snapshot().numerics).every((n) => n.length > 0)).toBe(true);
  });

  it('refuses a wrong token: the station shows COMMS_LOST with the reason and keeps retrying with backoff', async () => {
    const a = await connectStation({ urls: [gateway.url], stationId: 'icu-a', token: 'not-the-token' });
    stations.push(a);
    const failed = await until(() => a.events.find((e) => e.type === 'attempt-failed'));
    expect(failed.reason).toBe('refused: unauthorized');
    await until(() => a.alarm((x) => x.code === 'COMMS_LOST'));
    expect(gateway.rejections.summary()).toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'handshake:unauthorized' })]));
  });
});
