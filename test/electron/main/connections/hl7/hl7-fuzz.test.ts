import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NumericSchema } from '../../../../../shared/domain/numeric';
import { DeviceAlarmSchema } from '../../../../../electron/main/alarms/device-alarm';
import { BedMap } from '../../../../../electron/main/connections/hl7/bed-map';
import { Hl7Counters, type Hl7CountersSnapshot } from '../../../../../electron/main/connections/hl7/hl7-counters';
import { Hl7Listener } from '../../../../../electron/main/connections/hl7/hl7-listener';
import { decideHl7Frame } from '../../../../../electron/main/connections/hl7/hl7-pipeline';
import { Hl7Receiver } from '../../../../../electron/main/connections/hl7/hl7-receiver';
import { MllpDecoder, OVERSIZED_HEAD_BYTES, encodeMllpFrame, type MllpEvent } from '../../../../../electron/main/connections/hl7/mllp-framer';
import { silentLogger } from '../../../../../electron/main/logging/logger';
import { MALFORMED_KINDS, malformedCase, mutated, validPcd01, validPcd04 } from './hl7-fuzz-cases';
import { FakeClock } from '../../../../support/fake-clock';
import { prng } from '../../../../support/prng';
import { FIXTURE_BED_MAP, MllpClient, RecordingSink, parseAck, type ParsedAck } from './hl7-test-kit';

/**
 * Bad input, at volume: 100,000 malformed HL7/MLLP messages – 90,000 through
 * the receiver directly (parse/validate/map/count/ACK, no socket) and 10,000
 * over real TCP – each with a valid stream alongside. Expected: no crash or
 * unhandled error, every malformed message rejected (AE/AR) and counted with
 * a reason, the counters add up, and the valid stream loses nothing.
 */
const SEED = Number(process.env.HL7_FUZZ_SEED ?? 20260301);
const DIRECT_CASES = 90_000;
const TCP_CASES = 10_000;
const MAX_MESSAGE_BYTES = 16 * 1024;

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  expect(unhandled).toEqual([]);
});

function expectCountersAddUp(c: Hl7CountersSnapshot): void {
  expect(c.messages.received).toBe(c.messages.accepted + c.messages.rejected);
  const sum = (r: Partial<Record<string, number>>) => Object.values(r).reduce<number>((a, b) => a + (b ?? 0), 0);
  expect(sum(c.rejectedByReason)).toBe(c.messages.rejected);
  for (const s of Object.values(c.bySource)) {
    expect(s.received).toBe(s.accepted + s.rejected);
    expect(sum(s.rejectedByReason)).toBe(s.rejected);
  }
  expect(Object.values(c.bySource).reduce((a, s) => a + s.received, 0)).toBe(c.messages.received);
}

describe('HL7 fuzz', () => {
  it(`${DIRECT_CASES} malformed messages through the receiver, a valid stream interleaved (seed ${SEED})`, async () => {
    const rand = prng(SEED);
    const sink = new RecordingSink();
    const counters = new Hl7Counters();
    const receiver = new Hl7Receiver({
      bedMap: new BedMap(FIXTURE_BED_MAP),
      processingIds: ['P'],
      sink,
      counters,
      logger: silentLogger,
      sinkTimeoutMs: 5000,
      clock: new FakeClock({ wall: 1_772_000_000_000 }),
      sender: { application: 'VIGIL_STATION', facility: '' },
    });
    const byKind = new Map<string, number>();
    const leaked: string[] = [];
    let valid = 0;
    let validNumerics = 0;
    let validAlarms = 0;
    for (let i = 0; i < DIRECT_CASES; i++) {
      const c = malformedCase(rand, `F${i}`, { tcpSafe: false, maxMessageBytes: MAX_MESSAGE_BYTES });
      byKind.set(c.kind, (byKind.get(c.kind) ?? 0) + 1);
      const input = c.payload.length > MAX_MESSAGE_BYTES
        ? { oversizedHead: c.payload.subarray(0, OVERSIZED_HEAD_BYTES), size: c.payload.length, limit: MAX_MESSAGE_BYTES }
        : { payload: c.payload };
      const receipt = await receiver.receive('fuzz', input);
      if (receipt.code === 'AA' && leaked.length < 5) leaked.push(`${c.kind}: ${JSON.stringify(c.payload.toString('latin1').slice(0, 300))}`);
      if (i % 50 === 0) {
        const pcd01 = valid % 2 === 0;
        const msg = pcd01 ? validPcd01(rand, `V${valid}`) : validPcd04(rand, `V${valid}`);
        const ack = parseAck((await receiver.receive('valid', { payload: Buffer.from(msg) })).ack);
        expect(ack).toMatchObject({ code: 'AA', controlId: `V${valid}` });
        if (pcd01) validNumerics++;
        else validAlarms++;
        valid++;
      }
    }
    expect(leaked).toEqual([]);
    expect([...byKind.keys()].sort()).toEqual([...MALFORMED_KINDS].sort());

    const snap = counters.snapshot();
    expectCountersAddUp(snap);
    expect(snap.messages).toEqual({ received: DIRECT_CASES + valid, accepted: valid, rejected: DIRECT_CASES });
    expect(snap.bySource.fuzz).toMatchObject({ received: DIRECT_CASES, accepted: 0, rejected: DIRECT_CASES });
    expect(snap.bySource.valid).toMatchObject({ received: valid, accepted: valid, rejected: 0 });
    // Nothing malformed reached the station; everything valid did.
    expect(sink.numericCalls).toHaveLength(validNumerics);
    expect(sink.alarms).toHaveLength(validAlarms);
    // The reasons are specific, not a catch-all.
    expect(snap.rejectedByReason['internal-error']).toBeUndefined();
    expect(Object.keys(snap.rejectedByReason).length).toBeGreaterThanOrEqual(20);
  }, 120_000);

  it('random mutations of valid messages: never a crash, and anything accepted is schema-valid', () => {
    const rand = prng(SEED + 1);
    const ctx = { bedMap: new BedMap(FIXTURE_BED_MAP), processingIds: ['P'] };
    const kinds = { numerics: 0, alarms: 0, adt: 0, rejected: 0 };
    for (let i = 0; i < 20_000; i++) {
      const d = decideHl7Frame({ payload: mutated(rand, `M${i}`) }, ctx);
      kinds[d.kind]++;
      if (d.kind === 'numerics') for (const del of d.deliveries) for (const n of del.numerics) expect(NumericSchema.safeParse(n).success).toBe(true);
      if (d.kind === 'alarms') for (const a of d.alarms) expect(DeviceAlarmSchema.safeParse(a).success).toBe(true);
      if (d.kind === 'rejected') expect(d.rejection.reason).not.toBe('internal-error');
    }
    expect(kinds.rejected).toBeGreaterThan(0);
    expect(kinds.numerics + kinds.alarms).toBeGreaterThan(0);
    // A device listener never takes an ADT message for one, however mutated.
    expect(kinds.adt).toBe(0);
  });

  it(`${TCP_CASES} malformed messages and framing errors over TCP from one address while another streams valid data`, async () => {
    const rand = prng(SEED + 2);
    const sink = new RecordingSink();
    const listener = new Hl7Listener({
      // No rate limit in the way: every malformed message must reach the parser (throttling: hl7-listener-security.test.ts).
      config: { host: '127.0.0.1', port: 0, bedMap: FIXTURE_BED_MAP, maxMessageBytes: MAX_MESSAGE_BYTES, maxDiscardBytes: 4 * 1024 * 1024, rateLimit: { messagesPerSecond: 100_000, burst: 1_000_000 } },
      sink,
    });
    const { port } = await listener.start();
    try {
      // The valid stream: lock-step, like a monitor, for as long as the fuzz runs.
      const validClient = await MllpClient.connect(port);
      let fuzzDone = false;
      const sentValid: string[] = [];
      const validRun = (async () => {
        for (let i = 0; !fuzzDone || i < 500; i++) {
          const id = `V${i}`;
          sentValid.push(id);
          const ack = await validClient.request(i % 2 === 0 ? validPcd01(rand, id) : validPcd04(rand, id));
          expect(ack).toMatchObject({ code: 'AA', controlId: id });
        }
      })();

      // The fuzzer: a different loopback address, so the counters can tell the sources apart.
      let framingInjected = 0;
      let expectedAcks = 0;
      const fuzzAcks: ParsedAck[] = [];
      const connections = 4;
      for (let conn = 0; conn < connections; conn++) {
        const socket = await connectFrom('127.0.0.2', port);
        const acks = collectAcks(socket);
        const perConnection = TCP_CASES / connections;
        let sentHere = 0;
        for (let batch = 0; batch < perConnection / 50; batch++) {
          const chunks: Buffer[] = [];
          for (let k = 0; k < 50; k++) {
            const id = `T${conn}-${sentHere++}`;
            const c = malformedCase(rand, id, { tcpSafe: true, maxMessageBytes: MAX_MESSAGE_BYTES });
            const noise = rand();
            if (noise < 0.05) {
              chunks.push(Buffer.from(`junk outside a frame ${id}\r\n`.repeat(1 + Math.floor(rand() * 4))));
              framingInjected++;
            } else if (noise < 0.1) {
              chunks.push(Buffer.from(`\x0bMSH|^~\\&|cut off ${id}`));
              framingInjected++;
            }
            const framed = encodeMllpFrame(c.payload);
            // A missing CR after the end block still ends the frame (and is counted).
            if (noise >= 0.1 && noise < 0.15) {
              chunks.push(framed.subarray(0, framed.length - 1));
              framingInjected++;
            } else chunks.push(framed);
            expectedAcks++;
          }
          socket.write(Buffer.concat(chunks));
          await acks.waitFor(sentHere);
        }
        // Leave a frame half-sent and hang up.
        socket.write(Buffer.from('\x0bMSH|^~\\&|never finished'));
        framingInjected++;
        socket.end();
        await new Promise((r) => socket.once('close', r));
        fuzzAcks.push(...acks.list);
      }
      fuzzDone = true;
      await validRun;
      await validClient.close();

      expect(fuzzAcks).toHaveLength(expectedAcks);
      expect(fuzzAcks.filter((a) => a.code === 'AA')).toEqual([]);
      expect(fuzzAcks.every((a) => a.code === 'AE' || a.code === 'AR')).toBe(true);

      const c = listener.counters();
      expectCountersAddUp(c);
      expect(c.bySource['127.0.0.2']).toMatchObject({ received: TCP_CASES, accepted: 0, rejected: TCP_CASES });
      expect(c.bySource['127.0.0.1']).toMatchObject({ received: sentValid.length, accepted: sentValid.length, rejected: 0 });
      const framing = Object.values(c.bySource['127.0.0.2']!.framing).reduce((a, b) => a + (b ?? 0), 0);
      expect(framing).toBeGreaterThanOrEqual(framingInjected);
      expect(c.bySource['127.0.0.2']!.framing['truncated-at-close']).toBe(connections);
      expect(c.connections.closedForFlood).toBe(0);
      // The valid stream lost nothing: every message delivered, in order.
      const delivered = sink.numericCalls.length + sink.alarms.length;
      expect(delivered).toBe(sentValid.length);
    } finally {
      await listener.stop();
    }
  }, 120_000);
});

function connectFrom(localAddress: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function collectAcks(socket: Socket) {
  const decoder = new MllpDecoder(1024 * 1024);
  const list: ParsedAck[] = [];
  let waiter: { n: number; resolve: () => void } | null = null;
  socket.on('data', (chunk: Buffer) => {
    const events: MllpEvent[] = [];
    decoder.push(chunk, events);
    for (const e of events) if (e.type === 'frame') list.push(parseAck(e.payload.toString('utf8')));
    if (waiter && list.length >= waiter.n) {
      waiter.resolve();
      waiter = null;
    }
  });
  return {
    list,
    waitFor(n: number): Promise<void> {
      if (list.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out: ${list.length}/${n} ACKs`)), 20_000);
        waiter = { n, resolve: () => {
          clearTimeout(timer);
          resolve();
        } };
      });
    },
  };
}
