import { describe, expect, it } from 'vitest';
import { BedMap } from '../../../../../electron/main/connections/hl7/bed-map';
import { buildAck } from '../../../../../electron/main/connections/hl7/hl7-ack';
import { Hl7Counters } from '../../../../../electron/main/connections/hl7/hl7-counters';
import { Hl7ListenerConfigSchema } from '../../../../../shared/hl7/listener-config';
import { decideHl7Frame, peekHeader, type Hl7Decision } from '../../../../../electron/main/connections/hl7/hl7-pipeline';
import { Hl7Receiver } from '../../../../../electron/main/connections/hl7/hl7-receiver';
import type { Hl7Sink } from '../../../../../electron/main/connections/hl7/hl7-sink';
import { silentLogger } from '../../../../../electron/main/logging/logger';
import { FIXTURE_BED_MAP, RecordingSink, parseAck, pcd01, pcd04, r40 } from './hl7-test-kit';
import { FakeClock, HOUR_STEPS } from '../../../../support/fake-clock';

const ctx = { bedMap: new BedMap(FIXTURE_BED_MAP), processingIds: ['P'] };
const decide = (payload: string | Buffer): Hl7Decision => decideHl7Frame({ payload: typeof payload === 'string' ? Buffer.from(payload) : payload }, ctx);
const setMsh = (msg: string, field: number, value: string) => {
  const [msh, ...rest] = msg.split('\r');
  const f = msh!.split('|');
  f[field - 1] = value;
  return [f.join('|'), ...rest].join('\r');
};

describe('MSH validation', () => {
  it.each([
    [9, 'ADT^A01', 'unsupported-message-type', 'AR'],
    [9, 'ORU^R30', 'unsupported-message-type', 'AR'],
    [9, 'ACK^R01', 'unsupported-message-type', 'AR'],
    [12, '3.0', 'unsupported-version', 'AR'],
    [12, '', 'unsupported-version', 'AR'],
    [11, 'T', 'unsupported-processing-id', 'AR'],
    [10, '', 'missing-control-id', 'AR'],
    [7, '', 'missing-field', 'AE'],
    [7, '2026-03-01', 'bad-timestamp', 'AE'],
  ])('MSH-%i = "%s" → %s', (field, value, reason) => {
    const d = decide(setMsh(pcd01('C1'), field, value));
    expect(d).toMatchObject({ kind: 'rejected', rejection: { reason } });
  });

  it('keeps the control id for the ACK even when the message is rejected after parsing', () => {
    const d = decide(setMsh(pcd01('CTRL-9'), 9, 'ADT^A01'));
    expect(d.header.controlId).toBe('CTRL-9');
  });

  it('peeks the control id from bytes it cannot decode, echoing only plain ASCII', () => {
    const bad = Buffer.concat([Buffer.from(pcd01('CTRL-7')), Buffer.from([0xff, 0xfe])]);
    const d = decide(bad);
    expect(d).toMatchObject({ kind: 'rejected', header: { controlId: 'CTRL-7' }, rejection: { reason: 'invalid-encoding' } });
    expect(peekHeader(Buffer.from('MSH|^~\\&|||||||ORU^R01|A^B|P|2.6\r')).controlId).toBe('');
    expect(peekHeader(Buffer.from('garbage')).controlId).toBe('');
  });

  it('rejects oversized frames by their head', () => {
    const d = decideHl7Frame({ oversizedHead: Buffer.from(pcd01('BIG-1').slice(0, 100)), size: 10_000_000, limit: 262_144 }, ctx);
    expect(d).toMatchObject({ kind: 'rejected', header: { controlId: 'BIG-1', triggerEvent: 'R01' }, rejection: { reason: 'oversized' } });
  });
});

describe('ACK', () => {
  const sender = { application: 'VIGIL_STATION', facility: 'ICU4' };

  it('AA: MSH + MSA echoing the control id, addressed back to the sender', () => {
    const ack = buildAck({ header: { controlId: 'PHL|1', triggerEvent: 'R01', version: '2.6', sendingApplication: ['MON', '0080C8FFFE0A1B2C', 'EUI-64'], sendingFacility: ['WARD'] }, code: 'AA', sender, ackControlId: 'V1', now: Date.UTC(2026, 2, 1) });
    const [msh, msa, end] = ack.split('\r');
    expect(msh).toBe('MSH|^~\\&|VIGIL_STATION|ICU4|MON^0080C8FFFE0A1B2C^EUI-64|WARD|20260301000000.000+0000||ACK^R01^ACK|V1|P|2.6');
    expect(msa).toBe('MSA|AA|PHL\\F\\1');
    expect(end).toBe('');
  });

  it('AE/AR: reason in MSA-3 and an ERR segment with the HL7 0357 code and location', () => {
    const ack = buildAck({
      header: { controlId: 'C1', triggerEvent: 'R40', version: '2.6', sendingApplication: [], sendingFacility: [] },
      code: 'AE',
      rejection: { reason: 'bad-value', detail: 'OBX-5 is not an HL7 NM number', location: { segment: 'OBX', sequence: 3, field: 5 } },
      sender,
      ackControlId: 'V2',
      now: 0,
    });
    const segs = ack.split('\r');
    expect(segs[1]).toBe('MSA|AE|C1|bad-value: OBX-5 is not an HL7 NM number');
    expect(segs[2]).toBe('ERR||OBX^3^5|102^Data type error^HL70357|E||||bad-value: OBX-5 is not an HL7 NM number');
  });
});

describe('receiver (decide → sink → ACK)', () => {
  const make = <S extends Hl7Sink>(sink: S, timeoutMs = 1000) => {
    const counters = new Hl7Counters();
    const receiver = new Hl7Receiver({ ...ctx, sink, counters, logger: silentLogger, sinkTimeoutMs: timeoutMs, clock: new FakeClock({ wall: 0 }), sender: { application: 'V', facility: '' } });
    return { sink, counters, receiver };
  };

  it('AA only after the sink took the data', async () => {
    const { sink, receiver, counters } = make(new RecordingSink());
    let release!: () => void;
    sink.gate = new Promise((r) => (release = r));
    let answered = false;
    const pending = receiver.receive('10.0.0.5', { payload: Buffer.from(pcd01('C1')) }).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    release();
    const receipt = await pending;
    expect(parseAck(receipt.ack)).toMatchObject({ code: 'AA', controlId: 'C1' });
    expect(sink.numericCalls).toHaveLength(1);
    expect(counters.snapshot().messages).toEqual({ received: 1, accepted: 1, rejected: 0 });
  });

  it('AE when the sink throws or times out; counted per source and reason', async () => {
    const { sink, receiver, counters } = make(new RecordingSink(), 100);
    sink.failWith = new Error('station down');
    expect(parseAck((await receiver.receive('10.0.0.5', { payload: Buffer.from(pcd04('A1')) })).ack)).toMatchObject({ code: 'AE', controlId: 'A1' });
    sink.failWith = null;
    sink.gate = new Promise(() => {});
    const slow = parseAck((await receiver.receive('10.0.0.6', { payload: Buffer.from(pcd01('C2')) })).ack);
    expect(slow).toMatchObject({ code: 'AE', controlId: 'C2' });
    expect(slow.text).toContain('sink-timeout');
    const snap = counters.snapshot();
    expect(snap.rejectedByReason).toEqual({ 'sink-error': 1, 'sink-timeout': 1 });
    expect(snap.bySource['10.0.0.5']).toMatchObject({ received: 1, rejected: 1, rejectedByReason: { 'sink-error': 1 } });
  });

  it('a "no alarm" (PN) ends an alarm this listener raised, and delivers nothing for an id never raised', async () => {
    const { sink, receiver, counters } = make(new RecordingSink());
    const lead = (id: string, flags: string, phase: string) =>
      r40(id, [`OBX||CWE|196616^MDC_EVT_ALARM^MDC|1.1.0.0.1|196680^MDC_EVT_LEAD_OFF^MDC|||${flags}|||F`, `OBX||ST|68481^MDC_ATTR_EVENT_PHASE^MDC|1.1.0.0.3|${phase}`], { alertId: 'AL-1' });
    const acks: string[] = [];
    for (const m of [lead('A1', 'PM~ST', 'start'), lead('A2', 'PN~ST', 'deescalate'), lead('A3', 'PN~ST', 'deescalate')]) {
      acks.push(parseAck((await receiver.receive('s', { payload: Buffer.from(m) })).ack).code);
    }
    // Never raised: a keep-alive-ish PN from another alert id ends nothing and raises nothing.
    acks.push(parseAck((await receiver.receive('s', { payload: Buffer.from(lead('A4', 'PN~ST', 'end').replace('AL-1', 'AL-2')) })).ack).code);
    expect(acks).toEqual(['AA', 'AA', 'AA', 'AA']);
    expect(sink.alarms.map((a) => [a.code, a.phase, a.deviceAlarmId])).toEqual([
      ['LEAD_OFF', 'start', '0123456789ABCDEF/AL-1@SIM'],
      ['LEAD_OFF', 'end', '0123456789ABCDEF/AL-1@SIM'],
    ]);
    const snap = counters.snapshot();
    expect(snap.alarms).toMatchObject({ delivered: 2, notAlarms: { 'no-alarm-priority': 3 } });
  });

  it('partly understood: the understood alarm is delivered, the ACK is AE naming where, and it is counted as a rejection', async () => {
    const { sink, receiver, counters } = make(new RecordingSink());
    const msg = r40('P1', ['OBX||CWE|196616^MDC_EVT_ALARM^MDC|1.1.0.0.1|199684^MDC_EVT_ECG_ASYSTOLE^MDC|||PH~SP|||F', 'OBX||ST|68481^MDC_ATTR_EVENT_PHASE^MDC|1.1.0.0.3|start'])
      + 'OBR|2||P1-b^SIM|0815^Vendor extras^L\rOBX|1|ST|0815-3^Arrhythmia text^L|1|VTACH RUN||||||F\r';
    const ack = parseAck((await receiver.receive('s', { payload: Buffer.from(msg) })).ack);
    expect(ack).toMatchObject({ code: 'AE', controlId: 'P1' });
    expect(ack.text).toContain('partly-understood');
    expect(ack.raw).toContain('ERR||OBX^3^3|103^');
    expect(sink.alarms.map((a) => a.code)).toEqual(['ASYSTOLE']);
    const snap = counters.snapshot();
    expect(snap.messages).toEqual({ received: 1, accepted: 0, rejected: 1 });
    expect(snap.rejectedByReason).toEqual({ 'partly-understood': 1 });
    expect(snap.alarms.delivered).toBe(1);
  });

  it('a synchronous sink works too', async () => {
    const got: string[] = [];
    const syncSink: Hl7Sink = { numerics: (bedId: string) => void got.push(bedId), deviceAlarm: () => {} };
    const { receiver } = make(syncSink);
    expect(parseAck((await receiver.receive('s', { payload: Buffer.from(pcd01('C1')) })).ack).code).toBe('AA');
    expect(got).toEqual(['bed-20']);
  });
  it.each(HOUR_STEPS)('a flood of rejections is logged at most once per 10 s of the monotonic clock, with the wall clock set an hour %s', async (_direction, step) => {
    const clock = new FakeClock();
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (event: string) => void warnings.push(event) };
    const receiver = new Hl7Receiver({ ...ctx, sink: new RecordingSink(), counters: new Hl7Counters(), logger, sinkTimeoutMs: 1000, clock, sender: { application: 'V', facility: '' } });
    const reject = () => receiver.receive('10.0.0.5', { payload: Buffer.from('not an HL7 message') });
    await reject();
    expect(warnings).toEqual(['hl7.message-rejected']);
    clock.stepWall(step);
    // An hour forward is not ten quiet seconds...
    await reject();
    expect(warnings).toHaveLength(1);
    // ...and an hour back does not keep the next line out of the log for an hour.
    clock.advance(10_000);
    await reject();
    expect(warnings).toHaveLength(2);
  });
});

describe('listener config', () => {
  it('applies safe defaults and normalises EUI-64s', () => {
    const c = Hl7ListenerConfigSchema.parse({ bedMap: [{ bedId: 'bed-1', eui64: '0080c8fffe0a1b2c' }] });
    expect(c).toMatchObject({ host: '127.0.0.1', port: 2575, maxMessageBytes: 262_144, maxConnections: 64, sinkTimeoutMs: 5000, processingIds: ['P'] });
    expect(c.bedMap[0]!.eui64).toBe('0080C8FFFE0A1B2C');
  });

  it.each([
    [{ bedMap: [] }, 'bedMap'],
    [{ bedMap: [{ bedId: 'bed-1' }] }, 'location or an eui64'],
    [{ bedMap: [{ bedId: 'bed 1', location: 'A^^1' }] }, 'bed id'],
    [{ bedMap: [{ bedId: 'bed-1', eui64: 'xyz' }] }, 'eui64'],
    [{ bedMap: [{ bedId: 'bed-1', location: '^^' }] }, 'location'],
    [{ bedMap: [{ bedId: 'bed-1', location: 'A^^1' }, { bedId: 'bed-2', location: 'a^^1' }] }, 'already mapped'],
    [{ bedMap: [{ bedId: 'bed-1', location: 'A^^1' }], typo: true }, 'Unrecognized'],
    [{ bedMap: [{ bedId: 'bed-1', location: 'A^^1' }], maxMessageBytes: 10 }, 'maxMessageBytes'],
  ])('rejects %j', (input, message) => {
    const r = Hl7ListenerConfigSchema.safeParse(input);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain(message);
  });
});
