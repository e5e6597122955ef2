import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../../electron/main/logging/logger';
import { Hl7Listener, type Hl7ListenerOptions } from '../../../../../electron/main/connections/hl7/hl7-listener';
import { FIXTURE_BED_MAP, MllpClient, RecordingSink, fixture, pcd01, pcd04 } from './hl7-test-kit';

/** Real TCP on loopback, port 0. */
const running: Hl7Listener[] = [];
const clients: MllpClient[] = [];

async function start(overrides: Partial<Hl7ListenerOptions['config']> = {}, sink = new RecordingSink(), logger?: Hl7ListenerOptions['logger']) {
  const listener = new Hl7Listener({ config: { port: 0, bedMap: FIXTURE_BED_MAP, ...overrides }, sink, ...(logger ? { logger } : {}) });
  running.push(listener);
  const { port } = await listener.start();
  const client = async () => {
    const c = await MllpClient.connect(port);
    clients.push(c);
    return c;
  };
  return { listener, sink, port, client };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => (c.isClosed ? undefined : c.close())));
  await Promise.all(running.splice(0).map((l) => l.stop()));
});

describe('HL7 listener over TCP', () => {
  it('accepts PCD-01 and PCD-04 from vendor fixtures, ACKs each in order, and counts per source', async () => {
    const { listener, sink, client } = await start();
    const c = await client();
    const names = ['philips-intellivue-pcd01.hl7', 'ge-carescape-pcd01.hl7', 'mindray-pcd01.hl7', 'pcd04-lead-off-start.hl7', 'pcd04-asystole.hl7', 'pcd04-lead-off-end.hl7'];
    for (const n of names) c.send(fixture(n));
    await c.waitForAcks(names.length);
    expect(c.acks.map((a) => [a.code, a.controlId])).toEqual([
      ['AA', 'PHL000123'],
      ['AA', 'GE-88412'],
      ['AA', '1227'],
      ['AA', 'PHL-A-0001'],
      ['AA', 'PHL-A-0003'],
      ['AA', 'PHL-A-0002'],
    ]);
    expect(sink.numericCalls.map((x) => x.bedId)).toEqual(['bed-07', 'bed-03', 'bed-12']);
    expect(sink.alarms.map((a) => `${a.code}:${a.phase}`)).toEqual(['LEAD_OFF:start', 'ASYSTOLE:start', 'LEAD_OFF:end']);
    const counters = listener.counters();
    expect(counters.messages).toEqual({ received: 6, accepted: 6, rejected: 0 });
    expect(counters.bySource['127.0.0.1']).toMatchObject({ received: 6, accepted: 6, rejected: 0 });
    expect(counters.numerics.delivered).toBe(8 + 3 + 8);
    expect(counters.alarms.delivered).toBe(3);
  });

  it('sends the ACK only after the sink has taken the message', async () => {
    const { sink, client } = await start();
    let release!: () => void;
    sink.gate = new Promise((r) => (release = r));
    const c = await client();
    c.send(pcd01('HOLD-1'));
    await new Promise((r) => setTimeout(r, 100));
    expect(c.acks).toHaveLength(0);
    release();
    await c.waitForAcks(1);
    expect(c.acks[0]).toMatchObject({ code: 'AA', controlId: 'HOLD-1' });
  });

  it('answers AE when the sink fails, and keeps serving the connection', async () => {
    const { sink, client } = await start();
    const c = await client();
    sink.failWith = new Error('engine unavailable');
    expect(await c.request(pcd04('A-1'))).toMatchObject({ code: 'AE', controlId: 'A-1' });
    sink.failWith = null;
    expect(await c.request(pcd04('A-2'))).toMatchObject({ code: 'AA', controlId: 'A-2' });
  });

  it('pauses a pipelining sender while the sink is busy: bounded buffering, nothing lost, order kept', async () => {
    const maxMessageBytes = 8 * 1024;
    // A backlog faster than any rate limit: this is about buffering (rate limits: hl7-listener-security.test.ts).
    const { listener, sink, client } = await start({ maxMessageBytes, rateLimit: { messagesPerSecond: 100_000, burst: 100_000 } });
    let release!: () => void;
    sink.gate = new Promise((r) => (release = r));
    const c = await client();
    const count = 4000;
    const pad = 'NTE|1||' + 'x'.repeat(1000) + '\r';
    for (let i = 0; i < count; i++) c.send(pcd01(`P-${i}`, { hr: 60 + (i % 50) }) + pad); // ≈ 5 MB in total
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.numericCalls).toHaveLength(0);
    // While the sink is blocked the listener holds a bounded amount, not the 5 MB the client wrote.
    expect(listener.counters().connections.peakBufferedBytes).toBeLessThan(maxMessageBytes + 2 * 65536);
    release();
    sink.gate = null;
    await c.waitForAcks(count, 30_000);
    expect(c.acks.every((a, i) => a.code === 'AA' && a.controlId === `P-${i}`)).toBe(true);
    expect(sink.numericCalls).toHaveLength(count);
    expect(sink.numericCalls[123]!.numerics[0]).toMatchObject({ kind: 'hr', value: 60 + (123 % 50) });
    expect(listener.counters().connections.peakBufferedBytes).toBeLessThan(maxMessageBytes + 2 * 65536);
  }, 60_000);

  it('rejects an oversized message with AR naming its control id, then resynchronises', async () => {
    const { listener, client } = await start({ maxMessageBytes: 4096 });
    const c = await client();
    const big = pcd01('BIG-1') + ('NTE|1||' + 'y'.repeat(200) + '\r').repeat(50);
    expect(await c.request(big)).toMatchObject({ code: 'AR', controlId: 'BIG-1' });
    expect(c.acks[0]!.text).toContain('oversized');
    expect(await c.request(pcd01('OK-1'))).toMatchObject({ code: 'AA', controlId: 'OK-1' });
    expect(listener.counters().rejectedByReason).toEqual({ oversized: 1 });
  });

  it('recovers from framing errors: junk, a cut-off frame, a missing CR', async () => {
    const { listener, client } = await start();
    const c = await client();
    c.sendRaw(Buffer.from('junk before any frame'));
    c.sendRaw(Buffer.from('\x0bMSH|^~\\&|cut off in the middle'));
    expect(await c.request(pcd01('F-1'))).toMatchObject({ code: 'AA', controlId: 'F-1' });
    c.sendRaw(Buffer.concat([Buffer.from('\x0b'), Buffer.from(pcd01('F-2')), Buffer.from('\x1c')]));
    c.send(pcd01('F-3'));
    await c.waitForAcks(3);
    expect(c.acks.map((a) => `${a.code}:${a.controlId}`)).toEqual(['AA:F-1', 'AA:F-2', 'AA:F-3']);
    expect(listener.counters().framing).toEqual({ 'data-outside-frame': 1, 'nested-start': 1, 'end-without-cr': 1 });
  });

  it('closes a flooding connection; other connections keep working', async () => {
    const { listener, client } = await start({ maxMessageBytes: 4096, maxDiscardBytes: 64 * 1024 });
    const good = await client();
    const flood = await client();
    const junk = Buffer.alloc(16 * 1024, 0x41);
    for (let i = 0; i < 64 && !flood.isClosed; i++) flood.sendRaw(junk);
    await flood.closed;
    expect(await good.request(pcd01('STILL-OK'))).toMatchObject({ code: 'AA', controlId: 'STILL-OK' });
    const counters = listener.counters();
    expect(counters.connections.closedForFlood).toBe(1);
    expect(counters.framing['data-outside-frame']).toBeGreaterThan(0);
  });

  it('refuses connections beyond maxConnections', async () => {
    const { listener, client } = await start({ maxConnections: 2 });
    const a = await client();
    const b = await client();
    const c = await client();
    await c.closed;
    expect(await a.request(pcd01('A'))).toMatchObject({ code: 'AA' });
    expect(await b.request(pcd01('B'))).toMatchObject({ code: 'AA' });
    expect(listener.counters().connections).toMatchObject({ refused: 1, open: 2, accepted: 2 });
  });

  it('answers a sender that half-closes right after sending', async () => {
    const { client } = await start();
    const c = await client();
    c.send(pcd01('LAST-1'));
    c.socket.end();
    await c.closed;
    expect(c.acks).toMatchObject([{ code: 'AA', controlId: 'LAST-1' }]);
  });

  it('stop() closes the server and every connection, even with a message in flight', async () => {
    const { listener, sink, port, client } = await start();
    sink.gate = new Promise(() => {});
    const idle = await client();
    const busy = await client();
    busy.send(pcd01('IN-FLIGHT'));
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await listener.stop();
    expect(Date.now() - t0).toBeLessThan(5000);
    await Promise.all([idle.closed, busy.closed]);
    await expect(new Promise((resolve, reject) => connect({ port, host: '127.0.0.1' }, () => resolve('connected')).once('error', reject))).rejects.toThrow();
    expect(listener.counters().connections.open).toBe(0);
    await listener.stop(); // idempotent
  });

  it('refuses an invalid config naming the field', () => {
    expect(() => new Hl7Listener({ config: { port: 0, bedMap: [{ bedId: 'b', eui64: 'nope' }] }, sink: new RecordingSink() })).toThrow(/bedMap\.0\.eui64/);
  });

  it('logs rejections with codes and reasons only – never patient data or values', async () => {
    const lines: string[] = [];
    const logger = createLogger('hl7', { write: (l) => lines.push(l), minLevel: 'debug' });
    const { client } = await start({}, new RecordingSink(), logger);
    const c = await client();
    const withPatient = pcd01('LOG-1', { hr: 7 }).replace('PV1', 'PID|||MRN-SECRET-42||ZZSURNAME^ZZGIVEN\rPV1');
    await c.request(withPatient.replace('|7|264864', '|7x1|264864'));
    await c.request(withPatient.replace('ICU4^^BED20', 'ICU4^^ZZUNKNOWNBED'));
    await c.request(Buffer.concat([Buffer.from(withPatient), Buffer.from([0xff])]));
    const text = lines.join('\n');
    expect(lines.filter((l) => l.includes('hl7.message-rejected'))).toHaveLength(3);
    for (const secret of ['ZZSURNAME', 'ZZGIVEN', 'MRN-SECRET-42', '7x1', 'ZZUNKNOWNBED', 'LOG-1']) expect(text).not.toContain(secret);
  });
});
