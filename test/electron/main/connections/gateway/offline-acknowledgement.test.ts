import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReferenceGateway } from '../../../../../gateway/reference-gateway';
import { auditRows, connectStation, deviceAlarm, TOKEN, until, type ConnectedStation } from './gateway-test-kit';
import { LoopbackLink } from './loopback-link';

/**
 * Station A loses its network (its own link only); station B stays
 * connected. What A's nurse acknowledges meanwhile is kept, sent on
 * reconnect and reconciled, and A's audit trail records both events.
 */
describe('gateway feed: acknowledgements made offline', () => {
  let gateway: ReferenceGateway;
  let link: LoopbackLink;
  let a: ConnectedStation;
  let b: ConnectedStation;

  beforeEach(async () => {
    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 4 });
    link = new LoopbackLink(gateway.listeningPort);
    await link.open();
    a = await connectStation({ urls: [link.url], stationId: 'icu-a' });
    b = await connectStation({ urls: [gateway.url], stationId: 'icu-b' });
    await until(() => a.feed.status().synced && b.feed.status().synced);
    gateway.deviceAlarm(deviceAlarm({ bedId: 'bed-01', code: 'VT', deviceAlarmId: 'vt-1' }));
    await until(() => a.alarm((x) => x.code === 'VT') && b.alarm((x) => x.code === 'VT'));
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
    await link.close();
    await gateway.close();
  });

  async function takeAOffline(): Promise<void> {
    await link.cut();
    await until(() => a.alarm((x) => x.code === 'COMMS_LOST'), 5_000, 'COMMS_LOST at A');
  }

  it('is kept while offline, sent on reconnect, wins, reaches the other station, and is audited twice', async () => {
    await takeAOffline();
    const vtAtA = a.alarm((x) => x.code === 'VT')!;
    const local = await a.acknowledge(vtAtA.alarmId);
    expect(local.applied).toBe(true); // locally at once: the nurse's action does not wait for the network
    await until(() => a.feed.status().pendingAckClaims === 1, 2_000, 'claim kept');
    expect(b.alarm((x) => x.code === 'VT')?.state).toBe('active');

    await link.open();
    const decided = await a.nextEvent('ack-decided', (e) => e.alarmId === vtAtA.alarmId, 10_000);
    expect(decided).toMatchObject({ madeOffline: true, outcome: { outcome: 'won' } });
    expect(a.feed.status().pendingAckClaims).toBe(0);
    await until(() => b.alarm((x) => x.code === 'VT')?.state === 'acknowledged', 2_000, 'acknowledged at B');

    const rows = await auditRows(a.audit, { action: 'alarm.acknowledged', alarmId: vtAtA.alarmId });
    expect(rows.map((r) => [r.userId, r.role, r.parsed.reconciled ?? null])).toEqual([
      ['nurse', 'nurse', null],
      ['system', 'system', 'won'],
    ]);
  });

  it('loses to an acknowledgement another station made meanwhile: told, audited, and shown acknowledged by both', async () => {
    await takeAOffline();
    const vtAtA = a.alarm((x) => x.code === 'VT')!;
    const vtAtB = b.alarm((x) => x.code === 'VT')!;
    await b.acknowledge(vtAtB.alarmId, 'charge');
    await a.acknowledge(vtAtA.alarmId, 'nurse');
    await until(() => b.events.find((e) => e.type === 'ack-decided' && e.alarmId === vtAtB.alarmId));

    await link.open();
    const decided = await a.nextEvent('ack-decided', (e) => e.alarmId === vtAtA.alarmId, 10_000);
    expect(decided).toMatchObject({ madeOffline: true, outcome: { outcome: 'superseded', winner: { by: { stationId: 'icu-b', userId: 'charge' } } } });
    const rows = await auditRows(a.audit, { action: 'alarm.acknowledged', alarmId: vtAtA.alarmId });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ userId: 'nurse', role: 'nurse' });
    expect(rows[1]).toMatchObject({ userId: 'charge', role: 'remote', parsed: { local_ack: 'superseded', via_station: 'icu-b', made_offline: true } });
  });

  it('a half-open link (nothing gets through, nothing is closed) is detected by missed heartbeats', async () => {
    const frozenAt = Date.now();
    link.freeze();
    const lost = await a.nextEvent('lost', undefined, 5_000);
    expect(lost.reason).toMatch(/no heartbeat/);
    await until(() => a.alarm((x) => x.code === 'COMMS_LOST'), 1_000);
    // heartbeatMs 500 in the kit: declared lost after 3 missed (≈1.5 s), well inside 5 s.
    expect(Date.now() - frozenAt).toBeLessThan(3_000);
  });
});
