import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { Hl7Listener } from '../../../../../electron/main/connections/hl7/hl7-listener';
import { CORPUS, FIXTURE_BED_MAP, RecordingSink, fixture, pcd01 } from './hl7-test-kit';
import { acksPrinted, mllpSend, skipWithoutMllpSend } from './mllp-send-client';

/*
 * End to end with an independent HL7 client, Debian's `mllp_send`
 * (mllp-send-client.ts); skips, saying why, where it is not installed.
 */

/** MSA-1 and MSA-2 of every ACK mllp_send printed, in order. */
function acksIn(stdout: string): Array<[string, string]> {
  return acksPrinted(stdout).map((a) => [a.code, a.controlId]);
}

/** Runs `body` against a fresh listener on a free port, or skips (saying why) without mllp_send. */
async function withListener(ctx: TestContext, body: (port: number, listener: Hl7Listener, sink: RecordingSink) => Promise<void>): Promise<void> {
  if (skipWithoutMllpSend(ctx, 'hl7')) return;
  const sink = new RecordingSink();
  const listener = new Hl7Listener({ config: { port: 0, bedMap: FIXTURE_BED_MAP }, sink });
  const { port } = await listener.start();
  try {
    await body(port, listener, sink);
  } finally {
    await listener.stop();
  }
}

describe('HL7 listener with mllp_send (Debian python3-hl7)', () => {
  it('receives PCD-01 and PCD-04 from an independent client and ACKs every message', (ctx) =>
    withListener(ctx, async (port, listener, sink) => {
      const invalidUtf8 = Buffer.concat([Buffer.from(pcd01('BAD-UTF8').replace('OBX|2', 'NTE|1||caf')), Buffer.from([0xc3, 0x28]), Buffer.from('\r')]);
      const messages = [
        fixture('philips-intellivue-pcd01.hl7'),
        fixture('ge-carescape-pcd01.hl7'),
        fixture('mindray-pcd01.hl7'),
        fixture('pcd04-lead-off-start.hl7'),
        fixture('pcd04-asystole.hl7'),
        fixture('pcd04-lead-off-end.hl7'),
        fixture('pcd04-garbled-priority.hl7'),
        Buffer.from(pcd01('NO-BED', { bed: 'BED99' })),
        Buffer.from(pcd01('BAD-NM').replace('|72|', '|7 2|')),
        invalidUtf8,
        Buffer.from(pcd01('ADT-1').replace('ORU^R01^ORU_R01', 'ADT^A01^ADT_A01')),
      ];
      const stdout = await mllpSend(port, messages);

      expect(acksIn(stdout)).toEqual([
        ['AA', 'PHL000123'],
        ['AA', 'GE-88412'],
        ['AA', '1227'],
        ['AA', 'PHL-A-0001'],
        ['AA', 'PHL-A-0003'],
        ['AA', 'PHL-A-0002'],
        ['AA', '1300'],
        ['AR', 'NO-BED'],
        ['AE', 'BAD-NM'],
        ['AR', 'BAD-UTF8'],
        ['AR', 'ADT-1'],
      ]);
      // Each printed ACK is a whole MLLP frame: MSH, MSA (and ERR for rejections).
      expect(stdout.match(/\x0bMSH\|\^~\\&\|VIGIL_STATION\|/g)).toHaveLength(messages.length);

      expect(sink.numericCalls.map((c) => c.bedId)).toEqual(['bed-07', 'bed-03', 'bed-12']);
      expect(Object.fromEntries(sink.numericCalls[0]!.numerics.map((n) => [n.kind, n.value]))).toEqual({
        hr: 72, spo2: 97, pulseRate: 71, rr: 16, nibpSys: 118, nibpDia: 76, nibpMean: 90, temp: 37.2,
      });
      expect(sink.alarms.map((a) => [a.bedId, a.code, a.priority, a.phase])).toEqual([
        ['bed-07', 'LEAD_OFF', 'MEDIUM', 'start'],
        ['bed-07', 'ASYSTOLE', 'HIGH', 'start'],
        ['bed-07', 'LEAD_OFF', 'MEDIUM', 'end'],
        ['bed-12', 'RR_HIGH', 'HIGH', 'continue'],
      ]);
      expect(sink.alarms[0]!.deviceAlarmId).toBe(sink.alarms[2]!.deviceAlarmId);

      const counters = listener.counters();
      expect(counters.messages).toEqual({ received: 11, accepted: 7, rejected: 4 });
      expect(counters.rejectedByReason).toEqual({ 'unknown-bed': 1, 'bad-value': 1, 'invalid-encoding': 1, 'unsupported-message-type': 1 });
      expect(counters.bySource['127.0.0.1']).toMatchObject({ received: 11, accepted: 7, rejected: 4 });
      expect(counters.alarms.repaired).toEqual({ 'priority-missing': 1, 'phase-missing': 1 });
    }));

  it('vendor dialects from the corpus: v2.3 in ISO 8859-1, LF separators, a keep-alive, code 0, partly and not understood', (ctx) =>
    withListener(ctx, async (port, listener, sink) => {
      const names = [
        'v23-latin1-lead-off.hl7',
        'ge-mural-advisory.hl7',
        'draeger-watchdog.hl7',
        'tf2-e3-advisory-code0.hl7',
        'pcd01-code0-names.hl7',
        'understood-plus-local-codes.hl7',
        'pcd01-loinc-only.hl7',
      ];
      const stdout = await mllpSend(port, names.map((n) => readFileSync(join(CORPUS, n))));
      expect(acksIn(stdout)).toEqual([
        ['AA', 'V23-1'],
        ['AA', '75063efd-903a-4033-a70c-6c6488e93859'],
        ['AA', 'D79'],
        ['AA', 'C04'],
        ['AA', 'R01-2'],
        ['AE', 'MIX-1'],
        ['AE', 'R01-3'],
      ]);
      expect(sink.alarms.map((a) => [a.bedId, a.code, a.priority, a.phase])).toEqual([
        ['bed-07', 'LEAD_OFF', 'MEDIUM', 'start'],
        ['bed-12', 'ALERT_ADVISORY', 'MEDIUM', 'continue'],
        ['bed-07', 'DOCUMENTATION_ERROR', 'MEDIUM', 'start'],
        ['bed-07', 'ASYSTOLE', 'HIGH', 'start'],
      ]);
      expect(sink.numericCalls.map((c) => c.bedId)).toEqual(['bed-20']);
      const counters = listener.counters();
      expect(counters.rejectedByReason).toEqual({ 'partly-understood': 1, 'unknown-code-system': 1 });
      expect(counters.alarms.notAlarms).toEqual({ 'keep-alive': 1 });
    }));
});
