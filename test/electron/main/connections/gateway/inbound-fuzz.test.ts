import { afterEach, describe, expect, it } from 'vitest';
import { encodeJson } from '../../../../../shared/protocol/json-codec';
import { PROTOCOL_VERSION } from '../../../../../shared/protocol/version';
import { encodeWaveformFrame } from '../../../../../shared/waveform/frame';
import { connectStation, until, type ConnectedStation } from './gateway-test-kit';
import { prng } from '../../../../support/prng';
import { malformed } from './malformed-messages';
import { ScriptedGateway } from './scripted-gateway';

const TOTAL = 100_000;
const THROUGH_SOCKET = 2_000;

/**
 * Bad input: 100,000 malformed messages into the station's inbound pipeline
 * (most straight into its decode/validate/route function, the rest over the
 * real socket), with a valid stream interleaved. Nothing may throw, every
 * malformed message must be rejected and counted with a reason, and the
 * valid stream must arrive complete, in order, without a resync.
 */
describe('gateway feed: fuzzed inbound messages', () => {
  let gateway: ScriptedGateway;
  let s: ConnectedStation;

  afterEach(async () => {
    await s?.close();
    await gateway?.close();
  });

  it('rejects and counts every one of 100,000 malformed messages; the valid stream alongside loses nothing', async () => {
    gateway = await ScriptedGateway.start();
    s = await connectStation({ urls: [gateway.url], stationId: 'icu-a', heartbeatMs: 5000, start: false });
    await until(() => s.events.find((e) => e.type === 'resynced'));
    const heartbeats = setInterval(() => gateway.heartbeat({ waveform: 0, numerics: 0, events: 0 }), 1000);
    const pipeline = s.feed.inbound;
    const rand = prng(20240611);
    let now = Date.now();

    // The valid stream: numerics (rotating beds), device alarms and waveform frames, each in sequence.
    // Each alarm is its own episode, spread over the beds (~25 each, within a bed's bound of open alarms).
    const sent = { numerics: 0, events: 0, waveform: 0, samples: 0 };
    const received = { numerics: 0, samples: 0 };
    const sendValid = (deliver: (kind: 'm' | 'w', a: unknown, b?: unknown) => void, i: number) => {
      const bedId = `bed-0${(i % 4) + 1}`;
      deliver('m', encodeJson({ v: PROTOCOL_VERSION, type: 'numerics', seq: ++sent.numerics, at: now, beds: [{ bedId, numerics: [{ kind: 'hr', value: 60 + (i % 40), measuredAt: now }] }] }));
      if (i % 10 === 0) {
        ++sent.events;
        const alarmBed = `bed-0${(sent.events % 4) + 1}`;
        deliver('m', gateway.episodeMessage({ bedId: alarmBed, code: 'FUZZ_VALID', message: 'valid alarm', priority: 'LOW', source: 'device', deviceAlarmId: `valid-${sent.events}`, episodeId: `ep-valid-${sent.events}`, onsetAt: now, end: null }));
        const samples = new Float32Array(25).fill(0.25);
        sent.samples += samples.length;
        deliver('w', ++sent.waveform, new Uint8Array(encodeWaveformFrame([{ bedIndex: i % 4, channel: 'ecg', flags: 0, firstSampleAt: now, samples }])));
      }
    };
    const drain = () => {
      const batch = s.feed.pull();
      received.numerics += batch.numerics.length;
      for (const seg of batch.segments) received.samples += seg.samples.length;
    };
    const direct = (kind: 'm' | 'w', a: unknown, b?: unknown) => (kind === 'm' ? pipeline.message(a) : pipeline.waveform(a, b));
    // Prime every stream so "stale" sequence numbers exist.
    sendValid(direct, 0);

    const families = new Map<string, number>();
    const rejectedBefore = s.station.rejections.totalRejected;
    let crashes = 0;
    const started = performance.now();
    for (let i = 0; i < TOTAL - THROUGH_SOCKET; i++) {
      if (i % 1000 === 0) now = Date.now();
      const m = malformed(rand, now, 1);
      families.set(m.family, (families.get(m.family) ?? 0) + 1);
      try {
        if (m.kind === 'message') pipeline.message(m.payload);
        else pipeline.waveform(m.seq, m.frame);
      } catch {
        crashes++;
      }
      if (i % 100 === 99) sendValid(direct, Math.floor(i / 100) + 1);
      if (i % 1000 === 999) drain();
    }
    const directMs = performance.now() - started;
    expect(crashes).toBe(0);
    expect(s.station.rejections.totalRejected - rejectedBefore).toBe(TOTAL - THROUGH_SOCKET);

    // The rest over the real socket, valid traffic interleaved the same way.
    const socket = await gateway.waitForStation();
    const overSocket = (kind: 'm' | 'w', a: unknown, b?: unknown) => (kind === 'm' ? socket.emit('m', a) : socket.emit('w', a, b));
    for (let i = 0; i < THROUGH_SOCKET; i++) {
      const m = malformed(rand, now, 1);
      families.set(m.family, (families.get(m.family) ?? 0) + 1);
      if (m.kind === 'message') {
        // socket.io cannot carry `undefined` as an argument: it arrives as null, still not binary.
        socket.emit('m', m.payload);
      } else socket.emit('w', m.seq, m.frame);
      if (i % 100 === 99) sendValid(overSocket, 10_000 + Math.floor(i / 100));
    }
    await until(() => s.station.rejections.totalRejected - rejectedBefore >= TOTAL, 20_000, 'all rejections counted');
    await until(() => {
      drain();
      return received.numerics === sent.numerics;
    }, 10_000, 'valid numerics all received');
    clearInterval(heartbeats);

    const status = s.feed.status();
    // Exactly the malformed ones were rejected: not one more, not one less.
    expect(s.station.rejections.totalRejected - rejectedBefore).toBe(TOTAL);
    expect(status.inbound.rejected).toBe(TOTAL);
    // The valid stream: every numerics batch, every alarm, every sample; no gap, so no resync, and the link never dropped.
    expect(received.numerics).toBe(sent.numerics);
    expect(received.samples).toBe(sent.samples);
    expect(s.station.alarms.list().filter((a) => a.code === 'FUZZ_VALID')).toHaveLength(sent.events);
    expect(status.inbound.stateGaps).toBe(0);
    expect(status.inbound.waveformGaps).toBe(0);
    expect(gateway.resyncRequests).toBe(1);
    expect(s.events.filter((e) => e.type === 'lost')).toEqual([]);
    expect(status.shedNumericsBatches + status.shedWaveformSegments).toBe(0);

    const reasons = s.station.rejections.summary();
    expect(reasons.every((r) => r.reason.length > 0 && r.source.startsWith('gateway:'))).toBe(true);
    console.info(
      `fuzz: ${TOTAL} malformed (${THROUGH_SOCKET} over the socket), ${crashes} crashes, direct part ${Math.round(directMs)} ms; ` +
        `families ${JSON.stringify(Object.fromEntries(families))}; top reasons ${JSON.stringify(reasons.slice(0, 12).map((r) => [r.reason, r.count]))}`,
    );
  }, 90_000);
});
