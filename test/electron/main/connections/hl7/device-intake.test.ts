import { afterEach, describe, expect, it } from 'vitest';
import { Hl7ListenerConfigSchema } from '../../../../../shared/hl7/listener-config';
import { hl7DeviceConnection } from '../../../../../electron/main/connections/hl7/device-intake';
import { THROTTLE_QUIET_MS } from '../../../../../electron/main/connections/hl7/hl7-listener';
import type { Hl7ListenerConnection } from '../../../../../electron/main/connections/hl7/hl7-listener-connection';
import { silentLogger } from '../../../../../electron/main/logging/logger';
import { MllpClient, pcd01, pcd04 } from './hl7-test-kit';
import { stationHarness, type StationHarness } from '../../station/station-test-kit';
import { HOUR_STEPS } from '../../../../support/fake-clock';

/** The time in the test kit's messages (OBX-14 and MSH-7: 2026-03-01 10:15:00 UTC). */
const MEASURED_AT = Date.UTC(2026, 2, 1, 10, 15, 0);
const HOUR = 3_600_000;

/** Epoch ms as an HL7 DTM in UTC. */
function hl7Time(epochMs: number): string {
  return `${new Date(epochMs).toISOString().replace(/[-:T]/g, '').slice(0, 14)}+0000`;
}

let open: Array<{ h: StationHarness; connection: Hl7ListenerConnection; client?: MllpClient }> = [];
afterEach(async () => {
  for (const o of open) {
    await o.client?.close();
    await o.connection.stop();
    await o.h.close();
  }
  open = [];
});

async function started(h: StationHarness, config: ReturnType<typeof Hl7ListenerConfigSchema.parse>): Promise<Hl7ListenerConnection> {
  // The station's clock, as createStation passes it: the listener's rate limits run on it.
  const connection = hl7DeviceConnection(h.station, config, silentLogger, h.clock);
  h.station.connections.add(connection);
  await h.station.connections.startAll();
  return connection;
}

async function setup(extra: Record<string, unknown> = {}, stationOptions: Parameters<typeof stationHarness>[0] = {}) {
  const h = await stationHarness(stationOptions);
  const config = Hl7ListenerConfigSchema.parse({
    ...extra,
    port: 0,
    bedMap: [
      { bedId: 'bed-2', location: 'ICU4^^BED20' },
      // Mapped, but not a bed this station shows.
      { bedId: 'bed-9', location: 'ICU4^^BED07' },
    ],
  });
  const connection = await started(h, config);
  const entry: (typeof open)[number] = { h, connection };
  open.push(entry);
  entry.client = await MllpClient.connect(connection.port!);
  return { h, client: entry.client };
}

describe('HL7 intake into the station', () => {
  it('a sender over its message rate is a technical alarm naming it, and a warning on the admin status screen, until it slows down', async () => {
    const { h, client } = await setup({ rateLimit: { messagesPerSecond: 1, burst: 3 } });
    const acks = [];
    for (let i = 0; i < 5; i++) acks.push((await client.request(pcd04(`F-${i}`, { alertId: `f-${i}` }))).code);
    expect(acks).toEqual(['AA', 'AA', 'AA', 'AE', 'AE']);
    await expect.poll(() => h.station.alarms.list().find((a) => a.code === 'HL7_SENDER_THROTTLED')).toMatchObject({
      priority: 'MEDIUM',
      source: 'technical',
      message: 'HL7 sender 127.0.0.1 over its message rate: messages refused',
    });
    const status = h.station.status();
    expect(status.connections).toEqual([expect.objectContaining({ name: 'hl7-listener', warnings: ['Sender 127.0.0.1 is over its message rate: 2 messages refused (AE, to be sent again)'] })]);
    expect(status.connections[0]!.facts).toContainEqual({ label: 'Transport', value: 'plain MLLP, this machine only' });
    expect(status.rejections.bySourceAndReason).toContainEqual(expect.objectContaining({ source: 'hl7:127.0.0.1', reason: 'throttled', count: 2 }));
  });

  it.each(HOUR_STEPS)('the rate limit and the throttled-sender alarm run on the station’s monotonic clock: set an hour %s, nothing is let through or held back', async (_direction, step) => {
    const { h, client } = await setup({ rateLimit: { messagesPerSecond: 1, burst: 2 } });
    const send = async (i: number) => (await client.request(pcd04(`W-${i}`, { alertId: `w-${i}` }))).code;
    expect([await send(0), await send(1), await send(2)]).toEqual(['AA', 'AA', 'AE']);
    h.clock.stepWall(step);
    // An hour forward is no allowance...
    expect(await send(3)).toBe('AE');
    await expect.poll(() => h.station.alarms.list().map((a) => a.code)).toContain('HL7_SENDER_THROTTLED');
    // ...and an hour back does not refuse a sender that has waited its second.
    h.clock.advance(1_000);
    expect(await send(4)).toBe('AA');
    // The alarm lapses THROTTLE_QUIET_MS after the last refusal (checked once a second).
    h.clock.advance(THROTTLE_QUIET_MS - 1_000);
    await expect.poll(() => h.station.alarms.list().map((a) => a.code), { timeout: 3_000 }).not.toContain('HL7_SENDER_THROTTLED');
  });

  it('PCD-01 numerics reach the bed and keep it live; the ACK is AA only once the station has them', async () => {
    const { h, client } = await setup();
    const ack = await client.request(pcd01('MSG-1', { hr: 88, spo2: 95 }));
    expect(ack).toMatchObject({ code: 'AA', controlId: 'MSG-1' });
    h.tick(40);
    const numerics = h.station.snapshot().numerics['bed-2']!;
    expect(numerics.map((n) => [n.kind, n.value])).toEqual(expect.arrayContaining([['hr', 88], ['spo2', 95]]));
    expect(h.station.snapshot().statuses[1]!.feed).toBe('live');
  });

  it('numerics measured too long before the message was sent (OBX-14 vs MSH-7) are not taken as current: AE, counted, and the bed is not live', async () => {
    const { h, client } = await setup();
    const ack = await client.request(pcd01('OLD-1', { hr: 88, time: '20260301101500+0000', sentTime: '20260301101600+0000' }));
    expect(ack).toMatchObject({ code: 'AE', controlId: 'OLD-1' });
    h.tick(5040);
    expect(h.station.snapshot().numerics['bed-2']).toEqual([]);
    expect(h.station.snapshot().statuses[1]!.feed).toBe('no-data');
    expect(h.station.rejections.summary()).toContainEqual(expect.objectContaining({ source: 'numerics', reason: 'measured too long ago or in the future' }));
  });

  it.each([
    ['station an hour ahead of the monitor', +HOUR],
    ['station an hour behind the monitor', -HOUR],
  ])('a monitor and a station whose clocks disagree (%s) is still a live bed, shown with the station’s time', async (_case, offset) => {
    const { h, client } = await setup();
    h.clock.stepWall(MEASURED_AT + offset);
    expect(await client.request(pcd01('SKEW-1', { hr: 88 }))).toMatchObject({ code: 'AA' });
    h.tick(40);
    expect(h.station.snapshot().statuses[1]!.feed).toBe('live');
    // Measured as the message was sent, 40 ms ago: dated on the station’s clock.
    expect(h.station.snapshot().numerics['bed-2']!.find((n) => n.kind === 'hr')).toEqual({ kind: 'hr', value: 88, measuredAt: MEASURED_AT + offset });
  });

  it.each(HOUR_STEPS)('the station’s clock set an hour %s while a monitor streams: the bed stays live, its values current', async (_direction, step) => {
    const { h, client } = await setup();
    h.clock.stepWall(MEASURED_AT);
    for (let s = 0; s < 8; s++) {
      if (s === 3) h.clock.stepWall(step);
      const time = hl7Time(MEASURED_AT + s * 1000);
      expect(await client.request(pcd01(`STREAM-${s}`, { hr: 80 + s, time })), `message ${s}`).toMatchObject({ code: 'AA' });
      h.tick((s + 1) * 1000);
      expect(h.station.snapshot().statuses[1]!.feed, `after message ${s}`).toBe('live');
    }
    expect(h.station.snapshot().numerics['bed-2']!.find((n) => n.kind === 'hr')?.value).toBe(87);
  });

  it('a backlog the monitor sends after a silence is not current, whatever its MSH-7 says; live data after it is', async () => {
    const { h, client } = await setup();
    expect(await client.request(pcd01('LIVE-1', { hr: 80, time: hl7Time(MEASURED_AT) }))).toMatchObject({ code: 'AA' });
    h.tick(40);
    // A minute of silence; then the monitor replays what it queued, stamped (MSH-7 and OBX-14) when it was measured.
    h.tick(60_040);
    expect(h.station.snapshot().statuses[1]!.feed).toBe('no-data');
    expect(await client.request(pcd01('QUEUED-1', { hr: 81, time: hl7Time(MEASURED_AT + 1000) }))).toMatchObject({ code: 'AE' });
    h.tick(60_080);
    expect(h.station.snapshot().statuses[1]!.feed).toBe('no-data');
    expect(await client.request(pcd01('LIVE-2', { hr: 82, time: hl7Time(MEASURED_AT + 60_000) }))).toMatchObject({ code: 'AA' });
    h.tick(60_120);
    expect(h.station.snapshot().statuses[1]!.feed).toBe('live');
    expect(h.station.snapshot().numerics['bed-2']!.find((n) => n.kind === 'hr')?.value).toBe(82);
  });

  it('a PCD-04 alarm is raised at once with the device priority; a bed not shown here gets AE', async () => {
    const { h, client } = await setup();
    // Sent as MEDIUM: asystole is HIGH and latching whatever a device says.
    expect(await client.request(pcd04('ALM-1', { event: '199684^MDC_EVT_ECG_ASYSTOLE^MDC', priority: 'PM' }))).toMatchObject({ code: 'AA' });
    expect(h.station.alarms.list()).toEqual([expect.objectContaining({ bedId: 'bed-2', code: 'ASYSTOLE', priority: 'HIGH', latching: true })]);
    const refused = await client.request(pcd01('MSG-2', { bed: 'BED07' }));
    expect(refused.code).toBe('AE');
    expect(refused.controlId).toBe('MSG-2');
  });

  it('a device flooding alarms: taken while they can be shown or held back (AA); one the station must discard gets AE', async () => {
    // A tiny budget: two messages at once, one held back, then nothing more can wait.
    const { h, client } = await setup({}, { alarmFlood: { burst: 2, perSecond: 1, maxHeldPerBed: 1 } });
    h.clock.stepWall(MEASURED_AT);
    const send = (i: number) => client.request(pcd04(`FLOOD-${i}`, { event: `0^MDC_EVT_VENDOR_${i}^MDC`, alertId: `alert-${i}` }));
    expect((await send(1)).code).toBe('AA');
    expect((await send(2)).code).toBe('AA');
    expect((await send(3)).code).toBe('AA'); // held back, shown later
    expect((await send(4)).code).toBe('AE');
    expect(h.station.status().alarmFlood).toMatchObject({ delayed: 1, discarded: 1, waiting: 1 });
    expect(h.station.alarms.list().filter((a) => a.code === 'ALARM_FLOOD').map((a) => a.bedId)).toEqual(['bed-2']);
  });

  it('malformed messages are counted and sampled into the audit trail as rejected input', async () => {
    const { h, client } = await setup();
    const ack = await client.request('MSH|^~\\&|X|Y|||20260301||ORU^R01|BAD-1|P|2.6\rOBX|1|NM|nonsense\r');
    expect(['AE', 'AR']).toContain(ack.code);
    expect(h.station.rejections.totalRejected).toBe(1);
    expect(h.station.rejections.summary()[0]!.source).toMatch(/^hl7:/);
    await h.audit.flush();
    expect((await h.audit.query({ action: 'input.rejected', limit: 5 })).rows).toHaveLength(1);
  });

  it('a port it cannot open is a lost connection (COMMS_LOST), not a silent failure', async () => {
    const first = await setup();
    const port = open[0]!.connection.port!;
    const h = await stationHarness();
    const connection = await started(h, Hl7ListenerConfigSchema.parse({ port, bedMap: [{ bedId: 'bed-1', location: 'A^^1' }] }));
    open.push({ h, connection });
    expect(h.station.alarms.list().map((a) => a.code)).toEqual(['COMMS_LOST']);
    expect(h.station.status().connectionsDown[0]!.reason).toMatch(/EADDRINUSE/);
    expect(first.h.station.alarms.list()).toEqual([]);
  });

  it('describes itself in the one connection shape on the status screen: up with its address, or down with the reason', async () => {
    const first = await setup();
    const up = first.h.station.status().connections.find((c) => c.name === 'hl7-listener')!;
    expect(up).toMatchObject({ kind: 'hl7-devices', state: 'up', reason: '' });
    expect(up.facts).toContainEqual({ label: 'Listening on', value: `127.0.0.1:${open[0]!.connection.port}` });
    const h = await stationHarness();
    const connection = await started(h, Hl7ListenerConfigSchema.parse({ port: open[0]!.connection.port!, bedMap: [{ bedId: 'bed-1', location: 'A^^1' }] }));
    open.push({ h, connection });
    expect(h.station.status().connections).toEqual([expect.objectContaining({ name: 'hl7-listener', state: 'down', reason: expect.stringMatching(/EADDRINUSE/) })]);
    await h.station.connections.stopAll();
    expect(h.station.status().connections[0]!.state).toBe('stopped');
  });
});
