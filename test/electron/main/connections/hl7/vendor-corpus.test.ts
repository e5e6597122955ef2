import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceAlarmSchema } from '../../../../../electron/main/alarms/device-alarm';
import { Hl7Listener } from '../../../../../electron/main/connections/hl7/hl7-listener';
import { CORPUS, FIXTURE_BED_MAP, MllpClient, RecordingSink } from './hl7-test-kit';

/**
 * The vendor-shaped corpus (test/fixtures/hl7/corpus, provenance in its
 * README) through the real listener over TCP, one connection, lock-step like
 * a monitor: the ACK of every message, what reached the station and what
 * was counted. Every file is listed here; a new file without an expectation
 * fails the test rather than going unchecked.
 */
type AlarmSeen = [bedId: string, code: string, priority: string, phase: string, message?: string];

interface Expected {
  ack: 'AA' | 'AE' | 'AR';
  reason?: string;
  alarms?: AlarmSeen[];
  numerics?: { bedId: string; values: Record<string, number | null> };
}

const EXPECTED: Record<string, Expected> = {
  'tf2-e31-spo2-low-text.hl7': { ack: 'AA', alarms: [['bed-20', 'SPO2_LOW', 'MEDIUM', 'start', 'SpO2 low']] },
  'tf2-e32-pump-occlusion-start.hl7': { ack: 'AA', alarms: [['bed-12', 'FLUID_LINE_OCCL', 'HIGH', 'start', 'Occlusion']] },
  'tf2-e32-pump-occlusion-end.hl7': { ack: 'AA', alarms: [['bed-12', 'FLUID_LINE_OCCL', 'HIGH', 'end', 'Occlusion']] },
  'tf2-e3-advisory-code0.hl7': { ack: 'AA', alarms: [['bed-07', 'DOCUMENTATION_ERROR', 'MEDIUM', 'start', 'Timeout not documented']] },
  'ge-mural-advisory.hl7': { ack: 'AA', alarms: [['bed-12', 'ALERT_ADVISORY', 'MEDIUM', 'continue', 'HYPERTENSION-Alert Recheck BP']] },
  'draeger-watchdog.hl7': { ack: 'AA', alarms: [] },
  'draeger-watchdog-shutdown.hl7': { ack: 'AA', alarms: [] },
  'draeger-pvc-limit-text.hl7': { ack: 'AA', alarms: [['bed-07', 'LIMIT_HIGH', 'MEDIUM', 'start', 'PVC/min > 10 (high limit)']] },
  'pump-gateway-occlusion.hl7': { ack: 'AA', alarms: [['bed-20', 'FLUID_LINE_OCCL', 'HIGH', 'start', 'Distal Occlusion']] },
  'mindray-rr-high-obx4.hl7': { ack: 'AA', alarms: [['bed-12', 'RR_HIGH', 'MEDIUM', 'start', 'RR high']] },
  'v23-latin1-lead-off.hl7': { ack: 'AA', alarms: [['bed-07', 'LEAD_OFF', 'MEDIUM', 'start', 'ECG lead off']] },
  'v24-spo2-low-loinc-first.hl7': { ack: 'AA', alarms: [['bed-03', 'SPO2_LOW', 'MEDIUM', 'start']] },
  'v25-asystole-pn.hl7': { ack: 'AA', alarms: [['bed-20', 'ASYSTOLE', 'HIGH', 'start']] },
  'v251-status-standby.hl7': { ack: 'AA', alarms: [] },
  'pn-no-alarm-update.hl7': { ack: 'AA', alarms: [] },
  'understood-plus-local-codes.hl7': { ack: 'AE', reason: 'partly-understood', alarms: [['bed-07', 'ASYSTOLE', 'HIGH', 'start']] },
  'mdil-only.hl7': { ack: 'AE', reason: 'unknown-code-system', alarms: [] },
  'mdil-alert-with-facets.hl7': { ack: 'AA', alarms: [['bed-20', 'DEVICE_ALARM', 'MEDIUM', 'start', 'HR Low, HR=55 /min']] },
  'alert-with-waveform.hl7': { ack: 'AA', alarms: [['bed-20', 'ASYSTOLE', 'HIGH', 'start']] },
  'two-alerts-one-obr.hl7': { ack: 'AA', alarms: [['bed-20', 'LEAD_OFF', 'MEDIUM', 'end'], ['bed-20', 'APNEA', 'HIGH', 'start']] },
  'tpoint-v-run.hl7': { ack: 'AA', alarms: [['bed-20', 'ECG_V_RUN', 'MEDIUM', 'start', 'V-Run 5 beats'], ['bed-20', 'ECG_V_RUN', 'MEDIUM', 'end', 'V-Run 5 beats']] },
  'crlf-escapes.hl7': { ack: 'AA', alarms: [['bed-12', 'SPO2_PROBE_OFF', 'LOW', 'continue', 'SpO2 probe off & check site']] },
  'pcd01-common-variants.hl7': { ack: 'AA', numerics: { bedId: 'bed-12', values: { hr: 64, rr: 18, spo2: 96, pulseRate: 66, temp: 36.9 } } },
  'pcd01-code0-names.hl7': { ack: 'AA', numerics: { bedId: 'bed-20', values: { hr: 71, spo2: 98 } } },
  'pcd01-loinc-only.hl7': { ack: 'AE', reason: 'unknown-code-system' },
  'pcd01-mdil-only.hl7': { ack: 'AE', reason: 'unknown-code-system' },
  'v23-pcd01-temp-sites.hl7': { ack: 'AA', numerics: { bedId: 'bed-07', values: { temp: 37.6, nibpSys: 128, nibpDia: 81, nibpMean: 96 } } },
};

describe('vendor-shaped corpus through the real listener', () => {
  const sink = new RecordingSink();
  let listener: Hl7Listener;
  let client: MllpClient;

  beforeAll(async () => {
    listener = new Hl7Listener({ config: { port: 0, bedMap: FIXTURE_BED_MAP }, sink });
    client = await MllpClient.connect((await listener.start()).port);
  });
  afterAll(async () => {
    await client.close();
    await listener.stop();
  });

  it('every corpus file has an expectation, and every expectation a file', () => {
    expect(readdirSync(CORPUS).filter((f) => f.endsWith('.hl7')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', async (name, expected) => {
    const alarmsBefore = sink.alarms.length;
    const numericsBefore = sink.numericCalls.length;
    const ack = await client.request(readFileSync(join(CORPUS, name)));
    expect(ack.code, ack.raw).toBe(expected.ack);
    if (expected.reason) expect(ack.text).toContain(expected.reason);

    const alarms = sink.alarms.slice(alarmsBefore);
    for (const a of alarms) expect(DeviceAlarmSchema.safeParse(a).success, JSON.stringify(a)).toBe(true);
    const seen = alarms.map((a, i) => {
      const want = expected.alarms?.[i];
      return [a.bedId, a.code, a.priority, a.phase, ...(want && want.length > 4 ? [a.message] : [])];
    });
    expect(seen).toEqual(expected.alarms ?? []);

    const numerics = sink.numericCalls.slice(numericsBefore);
    if (expected.numerics) {
      expect(numerics.map((n) => n.bedId)).toEqual([expected.numerics.bedId]);
      expect(Object.fromEntries(numerics[0]!.numerics.map((n) => [n.kind, n.value]))).toEqual(expected.numerics.values);
    } else {
      expect(numerics).toEqual([]);
    }
  });

  it('counts what it did not raise, what it repaired and what it refused', () => {
    const c = listener.counters();
    const files = Object.values(EXPECTED);
    expect(c.messages).toEqual({ received: files.length, accepted: files.filter((e) => e.ack === 'AA').length, rejected: files.filter((e) => e.ack !== 'AA').length });
    expect(c.rejectedByReason).toEqual({ 'partly-understood': 1, 'unknown-code-system': 3 });
    expect(c.alarms.notAlarms).toEqual({ 'keep-alive': 2, status: 1, 'no-alarm-priority': 1 });
    expect(c.alarms.repaired).toMatchObject({ 'limit-parameter-unknown': 1, 'no-alarm-overridden': 1, 'priority-missing': 3 });
    // The local-code row of the partly understood message; refused messages add nothing to these tallies.
    expect(c.numerics.ignored['foreign-code']).toBe(1);
  });
});
