import { afterEach, describe, expect, it } from 'vitest';
import type { Numeric } from '../../../../../shared/domain/numeric';
import { ReferenceGateway } from '../../../../../gateway/reference-gateway';
import { alarmsWithCode, auditRows, connectStation, deviceAlarm, SkewedClock, TOKEN, until, type ConnectedStation } from './gateway-test-kit';
import { LoopbackLink } from './loopback-link';

const MIN = 60_000;

/**
 * A remote acknowledgement names the exact episode it acknowledged, whatever
 * the two stations' clocks say (issue 12.1): station A's and B's clocks are
 * 5 minutes apart, one way and then the other. A acknowledges an episode
 * while B is cut off; the condition ends and comes back (a new episode);
 * when B reconnects, the acknowledgement reaches B's first episode and never
 * its second.
 */
describe.each([
  { a: +5 * MIN, b: -5 * MIN },
  { a: -5 * MIN, b: +5 * MIN },
])('gateway: remote acknowledgement with station clocks skewed (A $a ms, B $b ms)', ({ a: skewA, b: skewB }) => {
  let gateway: ReferenceGateway;
  let link: LoopbackLink;
  let a: ConnectedStation;
  let b: ConnectedStation;
  let clockA: SkewedClock;
  let clockB: SkewedClock;

  afterEach(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await link?.close();
    await gateway?.close();
  });

  async function start(beds: number): Promise<void> {
    gateway = await ReferenceGateway.start({ token: TOKEN, beds: 4, seed: 9 });
    link = new LoopbackLink(gateway.listeningPort);
    await link.open();
    clockA = new SkewedClock(skewA);
    clockB = new SkewedClock(skewB);
    // Heartbeats every 5 s: the test lets 6 s of condition delay pass at once, which must not read as a silent link.
    a = await connectStation({ urls: [gateway.url], stationId: 'icu-a', beds, clock: clockA, heartbeatMs: 5_000 });
    b = await connectStation({ urls: [link.url], stationId: 'icu-b', beds, clock: clockB, heartbeatMs: 5_000 });
    await until(() => a.feed.status().synced && b.feed.status().synced, 10_000, 'both synced');
  }

  async function takeBOffline(): Promise<void> {
    await link.cut();
    await until(() => b.alarm((x) => x.code === 'COMMS_LOST'), 5_000, 'B offline');
  }

  async function bridgeB(): Promise<void> {
    await link.open();
    await until(() => b.feed.status().synced && !b.alarm((x) => x.code === 'COMMS_LOST'), 10_000, 'B back');
  }

  it('a station-evaluated limit alarm: both stations derive the same episode from the source samples; the acknowledgement reaches that episode, never the next one', async () => {
    await start(5);
    // bed-05 is not a gateway bed: one bedside monitor's samples (its own measuredAt clock) reach both stations,
    // as an HL7 feed fanned out would; each station's engine evaluates them at its own time.
    const source = Date.now();
    let elapsed = 0;
    const both = (value: number, offsetMs: number) => {
      // `offsetMs` into the excursion: that much time has passed at both stations (their monotonic clocks), and the
      // source stamped the sample that much later on its own clock.
      clockA.advance(offsetMs - elapsed);
      clockB.advance(offsetMs - elapsed);
      elapsed = offsetMs;
      const numerics: Numeric[] = [{ kind: 'spo2', value, measuredAt: source + offsetMs }];
      a.station.alarms.observeNumerics('bed-05', numerics);
      b.station.alarms.observeNumerics('bed-05', numerics);
    };
    // Episode 1: SpO2 80 % for 6 s (extreme low: HIGH, latching, 5 s delay).
    both(80, 0);
    both(80, 6_000);
    const first = (s: ConnectedStation) => alarmsWithCode(s, 'SPO2_EXTREME_LOW')[0];
    await until(() => first(a) && first(b), 5_000, 'episode 1 at both');
    // Shown onsets differ by the stations' skew (each its own wall clock), yet it is one episode (below).
    expect(Math.abs(first(a)!.onsetAt - first(b)!.onsetAt - (skewA - skewB))).toBeLessThan(1_000);

    await takeBOffline();
    const ack = await a.acknowledge(first(a)!.alarmId);
    expect(ack.applied).toBe(true);
    await until(() => a.events.find((e) => e.type === 'ack-decided'), 5_000, 'decided at the gateway');

    // It ends (both keep it latched), and comes back: episode 2, which nobody has acknowledged.
    both(98, 7_000);
    both(80, 20_000);
    both(80, 26_000);
    await until(() => alarmsWithCode(a, 'SPO2_EXTREME_LOW').length === 2 && alarmsWithCode(b, 'SPO2_EXTREME_LOW').length === 2, 5_000, 'episode 2 at both');

    // Back: B's picture is complete (journal read) before COMMS_LOST clears.
    await bridgeB();
    const [episode1, episode2] = alarmsWithCode(b, 'SPO2_EXTREME_LOW');
    expect(b.alarm((x) => x.alarmId === episode2!.alarmId)).toMatchObject({ state: 'active', acknowledged: false });
    expect(b.alarm((x) => x.alarmId === episode1!.alarmId)).toMatchObject({ state: 'resolved', latching: true, acknowledged: true });
    expect(b.station.alarms.auditory()?.alarmId).toBe(episode2!.alarmId);
    const rows = await auditRows(b.audit, { action: 'alarm.acknowledged' });
    expect(rows.map((r) => r.alarmId)).toEqual([episode1!.alarmId]);
    expect(rows[0]).toMatchObject({ role: 'remote', parsed: expect.objectContaining({ via_station: 'icu-a' }) });
  }, 30_000);

  it('a device alarm: the acknowledgement of one episode never silences the next episode of the same device alarm', async () => {
    await start(4);
    const vt = deviceAlarm({ bedId: 'bed-01', code: 'VT', deviceAlarmId: 'mon-1-vt' });
    await gateway.deviceAlarm(vt);
    await until(() => a.alarm((x) => x.code === 'VT') && b.alarm((x) => x.code === 'VT'), 5_000, 'episode 1 at both');
    await takeBOffline();
    await a.acknowledge(a.alarm((x) => x.code === 'VT')!.alarmId);
    await until(() => a.events.find((e) => e.type === 'ack-decided'), 5_000);
    // The device ends it and starts it again under the same id: a new episode.
    await gateway.deviceAlarm({ ...vt, phase: 'end' });
    await gateway.deviceAlarm({ ...vt, phase: 'start' });
    await bridgeB();
    const atB = alarmsWithCode(b, 'VT');
    expect(atB).toHaveLength(2);
    expect(atB[0]).toMatchObject({ state: 'resolved', latching: true, acknowledged: true });
    expect(atB[1]).toMatchObject({ state: 'active', acknowledged: false });
    expect(b.station.alarms.auditory()?.alarmId).toBe(atB[1]!.alarmId);
  }, 30_000);
});
