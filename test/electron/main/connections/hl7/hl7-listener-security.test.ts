import { connect } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionOptions } from 'node:tls';
import { Hl7Listener, type Hl7ListenerOptions } from '../../../../../electron/main/connections/hl7/hl7-listener';
import { FakeClock } from '../../../../support/fake-clock';
import { hasOpenssl, makeTestPki, type TestPki } from '../../../../support/test-certificates';
import { FIXTURE_BED_MAP, MllpClient, RecordingSink, pcd01, pcd04, type ParsedAck } from './hl7-test-kit';
import { encodeMllpFrame } from '../../../../../electron/main/connections/hl7/mllp-framer';

/**
 * The HL7 listener as a trust boundary, attacked for real over loopback
 * (source addresses 127.0.0.x stand for machines on the ward network):
 * an unlisted peer, TLS clients without a valid certificate, a plain-text
 * client on the TLS port, and a flooding sender – while a legitimate second
 * sender's alarms keep arriving. The certificates are made at test time.
 */
const running: Hl7Listener[] = [];
const clients: MllpClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => (c.isClosed ? undefined : c.close())));
  await Promise.all(running.splice(0).map((l) => l.stop()));
});

async function start(config: Partial<Hl7ListenerOptions['config']>, extra: Partial<Hl7ListenerOptions> = {}) {
  const sink = new RecordingSink();
  const issues: string[] = [];
  const listener = new Hl7Listener({ config: { port: 0, bedMap: FIXTURE_BED_MAP, ...config }, sink, onIssue: (source, reason) => issues.push(`${source} ${reason}`), ...extra });
  running.push(listener);
  const { port } = await listener.start();
  return { listener, sink, port, issues };
}

async function client(port: number, options: { localAddress?: string; tls?: ConnectionOptions } = {}): Promise<MllpClient> {
  const c = await MllpClient.connect(port, options);
  clients.push(c);
  return c;
}

/**
 * An attacker's attempt: connect (which may already fail), send one message,
 * and see whether anything answers before the connection is closed.
 */
async function attempt(port: number, message: string, options: { localAddress?: string; tls?: ConnectionOptions }): Promise<{ acks: ParsedAck[]; connected: boolean }> {
  let c: MllpClient;
  try {
    c = await MllpClient.connect(port, options);
  } catch {
    return { acks: [], connected: false };
  }
  c.send(message);
  await Promise.race([c.closed, c.waitForAcks(1, 5_000).catch(() => undefined)]);
  await Promise.race([c.closed, new Promise((r) => setTimeout(r, 200))]);
  const acks = [...c.acks];
  if (!c.isClosed) await c.close();
  return { acks, connected: true };
}

describe('HL7 listener: who may connect', () => {
  it('an unlisted peer is refused before any message is read; a listed one is served', async () => {
    const { listener, sink, port, issues } = await start({ allowedPeers: ['127.0.0.2', '127.0.1.0/24'] });
    const attack = await attempt(port, pcd04('FAKE-1', { phase: 'end' }), { localAddress: '127.0.0.9' });
    expect(attack.acks).toEqual([]);
    expect(sink.alarms).toEqual([]);
    const counters = listener.counters();
    expect(counters.connections.refusedByReason).toEqual({ 'peer-not-allowed': 1 });
    expect(counters.bySource['127.0.0.9']).toMatchObject({ received: 0, connectionsRefused: { 'peer-not-allowed': 1 } });
    expect(issues).toEqual(['127.0.0.9 connection refused: peer-not-allowed']);

    for (const from of ['127.0.0.2', '127.0.1.77']) {
      const c = await client(port, { localAddress: from });
      expect(await c.request(pcd04(`OK-${from}`))).toMatchObject({ code: 'AA' });
    }
    expect(sink.alarms).toHaveLength(2);
  });

  it('one peer cannot take every connection: it is held to maxConnectionsPerPeer while another still connects', async () => {
    const { listener, port } = await start({ maxConnections: 8, maxConnectionsPerPeer: 2 });
    const mine = [await client(port, { localAddress: '127.0.0.5' }), await client(port, { localAddress: '127.0.0.5' })];
    for (const c of mine) expect(await c.request(pcd01(`M-${clients.indexOf(c)}`))).toMatchObject({ code: 'AA' });
    const third = await attempt(port, pcd01('M-3'), { localAddress: '127.0.0.5' });
    expect(third.acks).toEqual([]);
    const other = await client(port, { localAddress: '127.0.0.6' });
    expect(await other.request(pcd01('O-1'))).toMatchObject({ code: 'AA' });
    expect(listener.counters().connections.refusedByReason).toEqual({ 'too-many-from-peer': 1 });
  });
});

describe.skipIf(!hasOpenssl())('HL7 listener: MLLP over TLS with client certificates', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki();
  });
  const tlsConfig = () => ({ certFile: pki.serverCertFile, keyFile: pki.serverKeyFile, clientCaFile: pki.caFile });
  const as = (identity: { cert: string; key: string } | null): ConnectionOptions => ({ ca: pki.ca, servername: 'localhost', ...(identity ?? {}) });

  it('a device with a certificate from the hospital CA is served, over TLS, by the configured server certificate', async () => {
    const { sink, port } = await start({ tls: tlsConfig() });
    const c = await client(port, { tls: as(pki.client) });
    expect(await c.request(pcd04('TLS-1'))).toMatchObject({ code: 'AA', controlId: 'TLS-1' });
    expect(sink.alarms).toHaveLength(1);
  });

  it('a TLS client without a valid certificate is refused: none, another CA’s, or self-signed with the right name', async () => {
    const { listener, sink, port, issues } = await start({ tls: tlsConfig() });
    for (const identity of [null, pki.foreignClient, pki.selfSignedClient]) {
      const result = await attempt(port, pcd04('FORGED', { phase: 'end' }), { tls: as(identity) });
      expect(result.acks).toEqual([]);
    }
    expect(sink.alarms).toEqual([]);
    const refused = listener.counters().connections.refusedByReason;
    expect((refused['tls-client-certificate'] ?? 0) + (refused['tls-handshake-failed'] ?? 0)).toBe(3);
    expect(issues.every((i) => /^127\.0\.0\.1 connection refused: tls-/.test(i))).toBe(true);
    expect(listener.counters().connections.accepted).toBe(0);
  });

  it('plain-text MLLP on the TLS port gets no answer and reaches nothing', async () => {
    const { listener, sink, port } = await start({ tls: tlsConfig() });
    const socket = connect({ port, host: '127.0.0.1' });
    const received: Buffer[] = [];
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('error', () => undefined);
    await new Promise((r) => socket.once('connect', r));
    socket.write(encodeMllpFrame(Buffer.from(pcd04('PLAIN-1'))));
    await new Promise((r) => socket.once('close', r));
    expect(Buffer.concat(received).includes(Buffer.from('MSA'))).toBe(false);
    expect(sink.alarms).toEqual([]);
    expect(listener.counters().connections.refusedByReason['tls-handshake-failed']).toBe(1);
  });

  it('without clientCaFile, TLS is server-authenticated only: a client without a certificate is served', async () => {
    const { sink, port } = await start({ tls: { certFile: pki.serverCertFile, keyFile: pki.serverKeyFile } });
    const c = await client(port, { tls: as(null) });
    expect(await c.request(pcd04('TLS-NOCERT'))).toMatchObject({ code: 'AA' });
    expect(sink.alarms).toHaveLength(1);
  });

  it('an unreadable certificate stops the start naming the file; it never falls back to plain text', async () => {
    const listener = new Hl7Listener({ config: { port: 0, bedMap: FIXTURE_BED_MAP, tls: { certFile: '/nonexistent/hl7.crt', keyFile: pki.serverKeyFile } }, sink: new RecordingSink() });
    await expect(listener.start()).rejects.toThrow('cannot read the TLS certificate /nonexistent/hl7.crt (ENOENT)');
  });
});

describe('HL7 listener: a flooding sender', () => {
  it('is throttled (AE, counted, shown) while a second sender’s alarms all arrive; nothing is answered AA that was not taken', async () => {
    const clock = new FakeClock();
    const throttled: string[][] = [];
    const { listener, sink, port, issues } = await start(
      { allowedPeers: ['127.0.0.3', '127.0.0.4'], rateLimit: { messagesPerSecond: 5, burst: 20 } },
      { clock, onThrottled: (peers) => throttled.push(peers) },
    );
    const flooder = await client(port, { localAddress: '127.0.0.3' });
    const nurseStation = await client(port, { localAddress: '127.0.0.4' });

    // The flood: 200 numerics then 60 alarms, pipelined, for bed 20; no time passes (the fake clock stands still).
    const flood = [...Array.from({ length: 200 }, (_, i) => pcd01(`N-${i}`, { bed: 'BED20' })), ...Array.from({ length: 60 }, (_, i) => pcd04(`FA-${i}`, { bed: 'BED20', alertId: `fa-${i}` }))];
    for (const m of flood) flooder.send(m);
    // Meanwhile the other sender's alarms for bed 7.
    const mine = Array.from({ length: 15 }, (_, i) => pcd04(`A-${i}`, { bed: 'BED07', alertId: `a-${i}` }));
    for (const m of mine) nurseStation.send(m);
    await Promise.all([flooder.waitForAcks(flood.length, 30_000), nurseStation.waitForAcks(mine.length, 30_000)]);

    // Every message of the second sender is accepted and delivered.
    expect(nurseStation.acks.map((a) => a.code)).toEqual(mine.map(() => 'AA'));
    expect(sink.alarms.filter((a) => a.bedId === 'bed-07')).toHaveLength(15);

    // The flooder: exactly its burst of each kind is taken (alarms have their own allowance), the rest is AE, every one answered.
    const codes = (prefix: string) => flooder.acks.filter((a) => a.controlId.startsWith(prefix)).map((a) => a.code);
    expect(codes('N-')).toEqual([...Array(20).fill('AA'), ...Array(180).fill('AE')]);
    expect(codes('FA-')).toEqual([...Array(20).fill('AA'), ...Array(40).fill('AE')]);
    expect(flooder.acks.find((a) => a.code === 'AE')?.raw).toMatch(/ERR\|[^\r]*\|207\^Application internal error[^\r]*\|E\|[^\r]*message rate/);
    // Nothing AA'd was lost, nothing AE'd was delivered.
    const acceptedAlarmIds = flooder.acks.filter((a) => a.code === 'AA' && a.controlId.startsWith('FA-')).map((a) => `fa-${a.controlId.slice(3)}`);
    expect(sink.alarms.filter((a) => a.bedId === 'bed-20').map((a) => /fa-\d+/.exec(a.deviceAlarmId ?? '')?.[0])).toEqual(acceptedAlarmIds);
    expect(sink.numericCalls.filter((n) => n.bedId === 'bed-20')).toHaveLength(20);

    // Counted per sender and reported, and the listener says so.
    expect(listener.counters().bySource['127.0.0.3']?.rejectedByReason).toEqual({ throttled: 220 });
    expect(listener.counters().bySource['127.0.0.4']?.rejectedByReason).toEqual({});
    expect(issues.filter((i) => i === '127.0.0.3 throttled')).toHaveLength(220);
    await expect.poll(() => throttled.at(-1)).toEqual(['127.0.0.3']);
    expect(listener.describe().warnings).toEqual(['Sender 127.0.0.3 is over its message rate: 220 messages refused (AE, to be sent again)']);

    // Throttled, not banned: a second later its allowance has refilled by five messages.
    clock.advance(1_000);
    const after: string[] = [];
    for (let i = 0; i < 6; i++) after.push((await flooder.request(pcd01(`L-${i}`, { bed: 'BED20' }))).code);
    expect(after).toEqual(['AA', 'AA', 'AA', 'AA', 'AA', 'AE']);
    // Quiet for ten seconds: no longer throttled.
    clock.advance(10_000);
    await expect.poll(() => throttled.at(-1), { timeout: 5_000 }).toEqual([]);
    expect(listener.describe().warnings).toEqual([]);
  }, 60_000);
});

describe('HL7 listener: what the admin status screen shows', () => {
  it('flags plain-text MLLP on the network as insecure, and says how a TLS listener is secured', () => {
    const insecure = new Hl7Listener({ config: { host: '10.20.4.15', port: 2575, insecure: true, allowedPeers: ['10.20.4.0/24'], bedMap: FIXTURE_BED_MAP }, sink: new RecordingSink() });
    expect(insecure.describe().warnings[0]).toMatch(/^INSECURE: plain-text MLLP on 10\.20\.4\.15/);
    expect(insecure.describe().facts).toContainEqual({ label: 'Transport', value: 'PLAIN MLLP ON THE NETWORK (insecure)' });
    expect(insecure.describe().facts).toContainEqual({ label: 'Allowed peers', value: '10.20.4.0/24' });
    const tls = new Hl7Listener({ config: { host: '10.20.4.15', port: 2575, tls: { certFile: 'a', keyFile: 'b', clientCaFile: 'c' }, allowedPeers: ['10.20.4.7'], bedMap: FIXTURE_BED_MAP }, sink: new RecordingSink() });
    expect(tls.describe().warnings).toEqual([]);
    expect(tls.describe().facts).toContainEqual({ label: 'Transport', value: 'MLLP over TLS; client certificates required (hospital CA)' });
  });
});
