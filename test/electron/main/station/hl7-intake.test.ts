import { afterEach, describe, expect, it } from 'vitest';
import { Hl7ListenerConfigSchema } from '../../../../shared/hl7/listener-config';
import type { Hl7Listener } from '../../../../electron/main/connections/hl7/hl7-listener';
import { silentLogger } from '../../../../electron/main/logging/logger';
import { startHl7Intake } from '../../../../electron/main/station/hl7-intake';
import { MllpClient, pcd01, pcd04 } from '../connections/hl7/hl7-test-kit';
import { stationHarness, type StationHarness } from './station-test-kit';

/** The time in the test kit's messages (OBX-14 and MSH-7: 2026-03-01 10:15:00 UTC). */
const MEASURED_AT = Date.UTC(2026, 2, 1, 10, 15, 0);

let open: Array<{ h: StationHarness; listener: Hl7Listener; client?: MllpClient }> = [];
afterEach(async () => {
  for (const o of open) {
    await o.client?.close();
    await o.listener.stop();
    await o.h.close();
  }
  open = [];
});

async function setup(options: Parameters<typeof stationHarness>[0] = {}) {
  const h = await stationHarness(options);
  const config = Hl7ListenerConfigSchema.parse({
    port: 0,
    bedMap: [
      { bedId: 'bed-2', location: 'ICU4^^BED20' },
      // Mapped, but not a bed this station shows.
      { bedId: 'bed-9', location: 'ICU4^^BED07' },
    ],
  });
  const listener = await startHl7Intake(h.station, config, silentLogger);
  const entry: (typeof open)[number] = { h, listener };
  open.push(entry);
  const port = (listener as unknown as { server: { address(): { port: number } } }).server.address().port;
  entry.client = await MllpClient.connect(port);
  return { h, client: entry.client };
}

describe('HL7 intake into the station', () => {
  it('PCD-01 numerics reach the bed and keep it live; the ACK is AA only once the station has them', async () => {
    const { h, client } = await setup();
    h.time.now = MEASURED_AT + 1000; // the messages' OBX-14 time, one second ago
    const ack = await client.request(pcd01('MSG-1', { hr: 88, spo2: 95 }));
    expect(ack).toMatchObject({ code: 'AA', controlId: 'MSG-1' });
    h.tick(MEASURED_AT + 1040);
    const numerics = h.station.snapshot().numerics['bed-2']!;
    expect(numerics.map((n) => [n.kind, n.value])).toEqual(expect.arrayContaining([['hr', 88], ['spo2', 95]]));
    expect(h.station.snapshot().statuses[1]!.feed).toBe('live');
  });

  it('numerics measured too long ago are not taken as current: AE, counted, and the bed is not live', async () => {
    const { h, client } = await setup();
    h.time.now = MEASURED_AT + 60_000;
    const ack = await client.request(pcd01('OLD-1', { hr: 88 }));
    expect(ack).toMatchObject({ code: 'AE', controlId: 'OLD-1' });
    h.tick(MEASURED_AT + 60_040);
    expect(h.station.snapshot().numerics['bed-2']).toEqual([]);
    expect(h.station.snapshot().statuses[1]!.feed).toBe('no-data');
    expect(h.station.rejections.summary()).toContainEqual(expect.objectContaining({ source: 'numerics', reason: 'measured too long ago or in the future' }));
  });

  it('a PCD-04 alarm is raised at once with the device priority; a bed not shown here gets AE', async () => {
    const { h, client } = await setup();
    h.time.now = MEASURED_AT;
    // Sent as MEDIUM: asystole is HIGH and latching whatever a device says.
    expect(await client.request(pcd04('ALM-1', { event: '199684^MDC_EVT_ECG_ASYSTOLE^MDC', priority: 'PM' }))).toMatchObject({ code: 'AA' });
    expect(h.station.alarms.list()).toEqual([expect.objectContaining({ bedId: 'bed-2', code: 'ASYSTOLE', priority: 'HIGH', latching: true })]);
    const refused = await client.request(pcd01('MSG-2', { bed: 'BED07' }));
    expect(refused.code).toBe('AE');
    expect(refused.controlId).toBe('MSG-2');
  });

  it('a device flooding alarms: taken while they can be shown or held back (AA); one the station must discard gets AE', async () => {
    // A tiny budget: two messages at once, one held back, then nothing more can wait.
    const { h, client } = await setup({ alarmFlood: { burst: 2, perSecond: 1, maxHeldPerBed: 1 } });
    h.time.now = MEASURED_AT;
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
    const port = (open[0]!.listener as unknown as { server: { address(): { port: number } } }).server.address().port;
    const h = await stationHarness();
    const listener = await startHl7Intake(h.station, Hl7ListenerConfigSchema.parse({ port, bedMap: [{ bedId: 'bed-1', location: 'A^^1' }] }), silentLogger);
    open.push({ h, listener });
    expect(h.station.alarms.list().map((a) => a.code)).toEqual(['COMMS_LOST']);
    expect(h.station.status().connectionsDown[0]!.reason).toMatch(/EADDRINUSE/);
    expect(first.h.station.alarms.list()).toEqual([]);
  });
});
