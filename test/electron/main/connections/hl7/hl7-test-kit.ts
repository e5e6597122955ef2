import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { join } from 'node:path';
import type { Numeric } from '../../../../../shared/domain/numeric';
import type { DeviceAlarmInput } from '../../../../../electron/main/alarms/device-alarm';
import type { Hl7Sink } from '../../../../../electron/main/connections/hl7/hl7-sink';
import type { Hl7ListenerConfigInput } from '../../../../../shared/hl7/listener-config';
import { MllpDecoder, encodeMllpFrame, type MllpEvent } from '../../../../../electron/main/connections/hl7/mllp-framer';

export const FIXTURES = join(__dirname, '../../../../fixtures/hl7');
/** Vendor-shaped messages, provenance in its README; expectations in vendor-corpus.test.ts. */
export const CORPUS = join(FIXTURES, 'corpus');

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** The bed map the fixtures are written against. */
export const FIXTURE_BED_MAP: Hl7ListenerConfigInput['bedMap'] = [
  { bedId: 'bed-07', location: 'ICU4^^BED07', eui64: '0080C8FFFE0A1B2C' },
  { bedId: 'bed-12', location: 'ICU^3^B12' },
  { bedId: 'bed-03', eui64: '080019FFFE0B4020' },
  { bedId: 'bed-20', location: 'ICU4^^BED20' },
];

/** A valid PCD-01 message for bed `BEDnn` (location ICU4^^BEDnn), with a chosen control id and HR. */
/** A valid PCD-01 message: `time` is the measurement time (OBR-7, OBX-14), `sentTime` MSH-7 (default the same). */
export function pcd01(controlId: string, options: { bed?: string; hr?: number; spo2?: number; time?: string; sentTime?: string } = {}): string {
  const time = options.time ?? '20260301101500+0000';
  return [
    `MSH|^~\\&|SIM^0123456789ABCDEF^EUI-64|SIM|||${options.sentTime ?? time}||ORU^R01^ORU_R01|${controlId}|P|2.6`,
    `PV1||I|ICU4^^${options.bed ?? 'BED20'}`,
    `OBR|1|||182777000^monitoring of patient^SCT|||${time}`,
    `OBX|1|NM|147842^MDC_ECG_HEART_RATE^MDC|1.1.1.1|${options.hr ?? 72}|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R|||${time}`,
    `OBX|2|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.2.1.1|${options.spo2 ?? 97}|262688^MDC_DIM_PERCENT^MDC|||||R|||${time}`,
  ].join('\r') + '\r';
}

/** A valid PCD-04 message. */
export function pcd04(controlId: string, options: { bed?: string; event?: string; priority?: string; phase?: string; alertId?: string } = {}): string {
  return [
    `MSH|^~\\&|SIM^0123456789ABCDEF^EUI-64|SIM|||20260301102000+0000||ORU^R40^ORU_R40|${controlId}|P|2.6`,
    `PV1||I|ICU4^^${options.bed ?? 'BED20'}`,
    `OBR|1||${options.alertId ?? controlId}^SIM|196616^MDC_EVT_ALARM^MDC|||20260301102000+0000`,
    `OBX|1|CWE|196616^MDC_EVT_ALARM^MDC|1.1.0.0.1|${options.event ?? '196680^MDC_EVT_LEAD_OFF^MDC'}|||${options.priority ?? 'PM'}~ST|||F`,
    `OBX|2|ST|68481^MDC_ATTR_EVENT_PHASE^MDC|1.1.0.0.2|${options.phase ?? 'start'}`,
  ].join('\r') + '\r';
}

/**
 * A PCD-04 for bed-20 with the given OBX rows after its OBR (`OBX|n|` set ids
 * are filled in when a row starts with `OBX||`). For dialect tests: the rows
 * are the point, the header is plain.
 */
export function r40(controlId: string, rows: readonly string[], options: { alertId?: string; version?: string; sender?: string } = {}): string {
  return [
    `MSH|^~\\&|${options.sender ?? 'SIM^0123456789ABCDEF^EUI-64'}|SIM|||20260301102000+0000||ORU^R40^ORU_R40|${controlId}|P|${options.version ?? '2.6'}`,
    'PV1||I|ICU4^^BED20',
    `OBR|1||${options.alertId ?? controlId}^SIM|196616^MDC_EVT_ALARM^MDC|||20260301102000+0000`,
    ...numbered(rows),
  ].join('\r') + '\r';
}

/** A PCD-01 for bed-20 with the given OBX rows. */
export function r01(controlId: string, rows: readonly string[], options: { version?: string } = {}): string {
  return [
    `MSH|^~\\&|SIM^0123456789ABCDEF^EUI-64|SIM|||20260301101500+0000||ORU^R01^ORU_R01|${controlId}|P|${options.version ?? '2.6'}`,
    'PV1||I|ICU4^^BED20',
    'OBR|1|||182777000^monitoring of patient^SCT|||20260301101500+0000',
    ...numbered(rows),
  ].join('\r') + '\r';
}

function numbered(rows: readonly string[]): string[] {
  let n = 0;
  return rows.map((r) => {
    if (!r.startsWith('OBX|')) return r;
    n++;
    return r.startsWith('OBX||') ? `OBX|${n}|${r.slice(5)}` : r;
  });
}

/** Records what the listener hands over; `gate` lets a test hold the sink busy. */
export class RecordingSink implements Hl7Sink {
  readonly numericCalls: Array<{ bedId: string; numerics: Numeric[]; origin: { sender: string; sentAt: number } }> = [];
  readonly alarms: DeviceAlarmInput[] = [];
  gate: Promise<void> | null = null;
  failWith: Error | null = null;

  async numerics(bedId: string, numerics: Numeric[], origin: { sender: string; sentAt: number }): Promise<void> {
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    this.numericCalls.push({ bedId, numerics, origin });
  }

  async deviceAlarm(alarm: DeviceAlarmInput): Promise<void> {
    if (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    this.alarms.push(alarm);
  }
}

export interface ParsedAck {
  code: string;
  controlId: string;
  text: string;
  raw: string;
}

/** MSA-1/2/3 of an ACK we produced (always standard delimiters). */
export function parseAck(raw: string): ParsedAck {
  const msa = raw.split('\r').find((s) => s.startsWith('MSA|')) ?? '';
  const f = msa.split('|');
  return { code: f[1] ?? '', controlId: (f[2] ?? '').replace(/\\E\\/g, '\\'), text: f[3] ?? '', raw };
}

/** A small MLLP client written against the framing only (not our receiver). */
export class MllpClient {
  readonly acks: ParsedAck[] = [];
  readonly closed: Promise<void>;
  private readonly decoder = new MllpDecoder(1024 * 1024);
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  isClosed = false;

  private constructor(readonly socket: Socket) {
    this.closed = new Promise((resolve) => socket.once('close', () => {
      this.isClosed = true;
      for (const w of this.waiters) w.resolve();
      this.waiters = [];
      resolve();
    }));
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      const events: MllpEvent[] = [];
      this.decoder.push(chunk, events);
      for (const ev of events) if (ev.type === 'frame') this.acks.push(parseAck(ev.payload.toString('utf8')));
      this.waiters = this.waiters.filter((w) => {
        if (this.acks.length >= w.count) w.resolve();
        return this.acks.length < w.count;
      });
    });
  }

  /** `localAddress` picks the source address (any 127.x.y.z on loopback); `tls` makes it MLLP over TLS. */
  static connect(port: number, options: { localAddress?: string; tls?: ConnectionOptions } = {}): Promise<MllpClient> {
    return new Promise((resolve, reject) => {
      const where = { port, host: '127.0.0.1', ...(options.localAddress ? { localAddress: options.localAddress } : {}) };
      const socket: Socket = options.tls
        ? connectTls({ ...where, ...options.tls }, () => resolve(new MllpClient(socket)))
        : connect(where, () => resolve(new MllpClient(socket)));
      socket.once('error', reject);
    });
  }

  send(message: string | Buffer): boolean {
    return this.socket.write(encodeMllpFrame(typeof message === 'string' ? Buffer.from(message, 'utf8') : message));
  }

  sendRaw(bytes: Buffer): boolean {
    return this.socket.write(bytes);
  }

  /** Resolves once `count` ACKs arrived in total (or the socket closed). */
  waitForAcks(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.acks.length >= count || this.isClosed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${count} ACKs (have ${this.acks.length})`)), timeoutMs);
      this.waiters.push({ count, resolve: () => {
        clearTimeout(timer);
        resolve();
      } });
    });
  }

  async request(message: string | Buffer): Promise<ParsedAck> {
    const n = this.acks.length + 1;
    this.send(message);
    await this.waitForAcks(n);
    const ack = this.acks[n - 1];
    if (!ack) throw new Error('connection closed before the ACK');
    return ack;
  }

  close(): Promise<void> {
    this.socket.end();
    return this.closed;
  }
}

