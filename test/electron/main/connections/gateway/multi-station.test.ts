import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReferenceGateway } from '../../../../../gateway/reference-gateway';
import type { AlarmCondition } from '../../../../../shared/domain/alarm-condition';
import { auditRows, connectStation, deviceAlarm, TOKEN, until, type ConnectedStation } from './gateway-test-kit';

/** Two station cores and the reference gateway: every station shows the same alarm state. */
describe('gateway: acknowledgements between stations', () => {
  let gateway: ReferenceGateway;
  let a: ConnectedStation;
  let b: ConnectedStation;

  beforeEach(async () => {
    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 2 });
    a = await connectStation({ urls: [gateway.url], stationId: 'icu-a' });
    b = await connectStation({ urls: [gateway.url], stationId: 'icu-b' });
    await until(() => a.feed.status().synced && b.feed.status().synced, 5_000, 'both synced');
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
    await gateway.close();
  });

  async function alarmAtBoth(code: string, bedId: string) {
    gateway.deviceAlarm(deviceAlarm({ bedId, code, deviceAlarmId: `${bedId}-${code}` }));
    const atA = await until(() => a.alarm((x) => x.code === code && x.bedId === bedId));
    const atB = await until(() => b.alarm((x) => x.code === code && x.bedId === bedId));
    return { atA, atB };
  }

  it('an acknowledgement at one station shows at the other within 500 ms', async () => {
    const { atA, atB } = await alarmAtBoth('VT', 'bed-02');
    const started = Date.now();
    await a.acknowledge(atA.alarmId);
    await until(() => b.alarm((x) => x.alarmId === atB.alarmId && x.state === 'acknowledged'), 2_000, 'acknowledged at B');
    const propagationMs = Date.now() - started;
    console.info(`acknowledgement propagated A → B in ${propagationMs} ms`);
    expect(propagationMs).toBeLessThan(500);
    const decided = await until(() => a.events.find((e) => e.type === 'ack-decided' && e.alarmId === atA.alarmId));
    expect(decided.type === 'ack-decided' && decided.outcome.outcome).toBe('won');
    // B audits the remote acknowledgement (by A's nurse, via station icu-a).
    const rowsAtB = await auditRows(b.audit, { action: 'alarm.acknowledged', alarmId: atB.alarmId });
    expect(rowsAtB).toEqual([expect.objectContaining({ userId: 'nurse', role: 'remote', parsed: expect.objectContaining({ via_station: 'icu-a' }) })]);
  });

  it('an acknowledgement of a device alarm does not carry over when the device deepens it to HIGH', async () => {
    const medium = deviceAlarm({ bedId: 'bed-03', code: 'SPO2_LOW', message: 'SpO2 low', priority: 'MEDIUM', deviceAlarmId: 'mon-3-spo2' });
    gateway.deviceAlarm(medium);
    const atA = await until(() => a.alarm((x) => x.code === 'SPO2_LOW' && x.priority === 'MEDIUM'));
    const atB = await until(() => b.alarm((x) => x.code === 'SPO2_LOW' && x.priority === 'MEDIUM'));
    await a.acknowledge(atA.alarmId);
    await until(() => b.alarm((x) => x.alarmId === atB.alarmId && x.state === 'acknowledged'), 2_000, 'MEDIUM acknowledged at B');

    // The same device alarm, now HIGH: a new alarm at every station, which nobody has acknowledged.
    gateway.deviceAlarm({ ...medium, priority: 'HIGH', phase: 'continue' });
    for (const station of [a, b]) {
      const high = await until(() => station.alarm((x) => x.code === 'SPO2_LOW' && x.priority === 'HIGH'), 2_000, `HIGH at ${station.stationId}`);
      expect(high.state).toBe('active');
      expect(station.station.alarms.auditory()?.alarmId).toBe(high.alarmId);
    }
    // Still so after B resyncs from the gateway's ledger (which holds the MEDIUM's acknowledgement).
    const resyncs = b.feed.status().resyncs;
    await (b.feed as unknown as { resync(reason: string): Promise<void> }).resync('gap');
    expect(b.feed.status().resyncs).toBe(resyncs + 1);
    expect(b.alarm((x) => x.code === 'SPO2_LOW' && x.priority === 'HIGH')?.state).toBe('active');
  });

  it('a station-evaluated limit alarm (same bed, same code, each station its own onset) is matched across stations', async () => {
    // bed-05 is not a gateway bed: both stations get its SpO2 of 80 % from the same device (as an HL7 feed
    // would push it) and each raises its own SPO2 limit alarm, with its own id and onset.
    await Promise.all([a.close(), b.close()]);
    a = await connectStation({ urls: [gateway.url], stationId: 'icu-a', beds: 5 });
    b = await connectStation({ urls: [gateway.url], stationId: 'icu-b', beds: 5 });
    await until(() => a.feed.status().synced && b.feed.status().synced);
    const push = setInterval(() => {
      const now = Date.now();
      const low = [{ kind: 'spo2' as const, value: 80, measuredAt: now }];
      a.station.ingestNumerics('bed-05', low, { sender: 'hl7:monitor', sentAt: now });
      b.station.ingestNumerics('bed-05', low, { sender: 'hl7:monitor', sentAt: now });
    }, 100);
    try {
      const atA = await until(() => a.alarm((x) => x.bedId === 'bed-05' && x.source === 'station' && x.code.startsWith('SPO2')), 20_000, 'SpO2 alarm at A');
      const atB = await until(() => b.alarm((x) => x.bedId === 'bed-05' && x.code === atA.code), 5_000, 'SpO2 alarm at B');
      expect(atA.alarmId).not.toBe(atB.alarmId);
      const started = Date.now();
      await b.acknowledge(atB.alarmId, 'charge');
      await until(() => a.alarm((x) => x.alarmId === atA.alarmId && x.state === 'acknowledged'), 2_000, 'acknowledged at A');
      expect(Date.now() - started).toBeLessThan(500);
    } finally {
      clearInterval(push);
    }
  }, 30_000);

  /**
   * The loser's acknowledgement may take effect first at its own station
   * (the winner's relay arrives later: not applied there), or be overtaken
   * there by the winner's relayed acknowledgement while it is still being
   * written (AlarmEngine.onOvertakenAcknowledgement). Either way both claims
   * reach the gateway, which decides; both stations are told and audit it.
   */
  async function expectOneWinnerBothTold(atA: AlarmCondition, atB: AlarmCondition) {
    const decidedA = await until(() => a.events.find((e) => e.type === 'ack-decided' && e.alarmId === atA.alarmId), 5_000, 'decided at A');
    const decidedB = await until(() => b.events.find((e) => e.type === 'ack-decided' && e.alarmId === atB.alarmId), 5_000, 'decided at B');
    if (decidedA.type !== 'ack-decided' || decidedB.type !== 'ack-decided') throw new Error('unreachable');
    expect([decidedA.outcome.outcome, decidedB.outcome.outcome].sort()).toEqual(['superseded', 'won']);
    const [winner, loser] = decidedA.outcome.outcome === 'won' ? [a, b] : [b, a];
    const loserAlarmId = loser === a ? atA.alarmId : atB.alarmId;
    const winnerAlarmId = winner === a ? atA.alarmId : atB.alarmId;
    const winnerUser = winner === a ? 'nurse-a' : 'nurse-b';
    const loserUser = loser === a ? 'nurse-a' : 'nurse-b';
    // Both outcomes name the same winning acknowledgement.
    const winners = [decidedA, decidedB].map((d) => (d.type === 'ack-decided' && d.outcome.outcome !== 'rejected' ? d.outcome.winner : null));
    expect(winners[0]).toEqual(winners[1]);
    expect(winners[0]).toMatchObject({ by: { stationId: winner.stationId, userId: winnerUser } });
    // The winner's trail: its own durable acknowledgement, nothing else (the losing claim is never relayed).
    const winnerRows = await auditRows(winner.audit, { action: 'alarm.acknowledged', alarmId: winnerAlarmId });
    expect(winnerRows).toEqual([expect.objectContaining({ userId: winnerUser, role: 'nurse' })]);
    // The loser's: its own durable acknowledgement, and the gateway's decision naming the winner; when the winner's
    // relayed acknowledgement took effect there first, also that (applied, via the winner's station).
    const loserRows = await auditRows(loser.audit, { action: 'alarm.acknowledged', alarmId: loserAlarmId });
    expect(loserRows.filter((r) => r.role === 'nurse')).toEqual([expect.objectContaining({ userId: loserUser })]);
    expect(loserRows.filter((r) => r.parsed.local_ack === 'superseded')).toEqual([
      expect.objectContaining({ userId: winnerUser, role: 'remote', parsed: expect.objectContaining({ via_station: winner.stationId, decided_by: 'gateway' }) }),
    ]);
    const others = loserRows.filter((r) => r.role !== 'nurse' && r.parsed.local_ack === undefined);
    expect(others.every((r) => r.userId === winnerUser && r.role === 'remote' && r.parsed.via_station === winner.stationId)).toBe(true);
    expect(others.length).toBeLessThanOrEqual(1);
    // Both stations show it acknowledged.
    expect(a.alarm((x) => x.alarmId === atA.alarmId)?.state).toBe('acknowledged');
    expect(b.alarm((x) => x.alarmId === atB.alarmId)?.state).toBe('acknowledged');
    return { winner, loser, others };
  }

  it('two simultaneous acknowledgements of the same alarm: exactly one wins, the other station is told, both audit it', async () => {
    const { atA, atB } = await alarmAtBoth('ASYSTOLE', 'bed-03');
    const [ra, rb] = await Promise.all([a.acknowledge(atA.alarmId, 'nurse-a'), b.acknowledge(atB.alarmId, 'nurse-b')]);
    expect(ra.applied || rb.applied).toBe(true);
    await expectOneWinnerBothTold(atA, atB);
  });

  it('a nurse’s acknowledgement overtaken, while it is written, by the other station’s relayed one is still claimed, decided and audited', async () => {
    const { atA, atB } = await alarmAtBoth('ASYSTOLE', 'bed-03');
    // B's audit store is slow: nurse-b's entry is written, but not yet durable, when A's acknowledgement arrives.
    let durable!: () => void;
    const held = new Promise<void>((r) => (durable = r));
    const recordClinical = b.audit.recordClinical.bind(b.audit);
    b.audit.recordClinical = async (event) => {
      const written = recordClinical(event);
      if (event.action === 'alarm.acknowledged') await held;
      return written;
    };
    const atBInFlight = b.acknowledge(atB.alarmId, 'nurse-b');
    expect((await a.acknowledge(atA.alarmId, 'nurse-a')).applied).toBe(true);
    await until(() => b.events.find((e) => e.type === 'ack-relayed' && e.alarmId === atB.alarmId && e.applied), 5_000, 'A’s acknowledgement applied at B');
    durable();
    expect((await atBInFlight).applied).toBe(false);
    const { winner, others } = await expectOneWinnerBothTold(atA, atB);
    expect(winner).toBe(a);
    expect(others).toHaveLength(1);
  });

  it('escalation steps go to the gateway and are relayed to the other stations', async () => {
    await Promise.all([a.close(), b.close()]);
    a = await connectStation({ urls: [gateway.url], stationId: 'icu-a', config: { alarms: { escalation: { HIGH: [200, 400], MEDIUM: [], LOW: [] } } } });
    b = await connectStation({ urls: [gateway.url], stationId: 'icu-b' });
    await until(() => a.feed.status().synced && b.feed.status().synced);
    gateway.deviceAlarm(deviceAlarm({ bedId: 'bed-04', code: 'VF', deviceAlarmId: 'vf-1' }));
    const relayed = await b.nextEvent('escalation-relayed', (e) => e.record.level === 3, 3_000);
    expect(relayed.record).toMatchObject({ stationId: 'icu-a', alarm: { bedId: 'bed-04', code: 'VF', origin: 'device' } });
  });
});
