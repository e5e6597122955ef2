import { fixture, pcd01, pcd04 } from './hl7-test-kit';

/**
 * Seeded generator of malformed HL7 messages for the fuzz test. Every case is
 * malformed *by construction* – the test asserts each one is rejected, so a
 * generator that produced something valid would fail loudly rather than
 * inflate the count.
 *
 * `tcpSafe` keeps 0x0B and 0x1C out of payloads, so a case sent over MLLP is
 * exactly one frame (framing errors are injected separately, on purpose).
 */
export type Rand = () => number;

export interface MalformedCase {
  kind: string;
  payload: Buffer;
}

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

const BEDS = ['BED20', 'BED07'];
const EVENTS = ['196680^MDC_EVT_LEAD_OFF^MDC', '199684^MDC_EVT_ECG_ASYSTOLE^MDC', '199680^MDC_EVT_APNEA^MDC', '^MDC_EVT_ECG_V_FIB^MDC'];
/**
 * Valid messages the malformed ones are made from: the vendor fixtures and the
 * dialects of the corpus that are answered AA (CR-separated and ASCII only, so
 * that "invalid UTF-8" and the field setters below stay what they say).
 */
const CORPUS_DIALECTS = [
  'tf2-e31-spo2-low-text.hl7', 'tf2-e32-pump-occlusion-start.hl7', 'tf2-e3-advisory-code0.hl7', 'draeger-watchdog.hl7', 'draeger-pvc-limit-text.hl7',
  'pump-gateway-occlusion.hl7', 'mindray-rr-high-obx4.hl7', 'v25-asystole-pn.hl7', 'mdil-alert-with-facets.hl7', 'two-alerts-one-obr.hl7',
  'tpoint-v-run.hl7', 'pcd01-common-variants.hl7', 'pcd01-code0-names.hl7',
].map((n) => `corpus/${n}`);
const VENDOR_FIXTURES = ['philips-intellivue-pcd01.hl7', 'ge-carescape-pcd01.hl7', 'mindray-pcd01.hl7', 'pcd04-lead-off-start.hl7', 'pcd04-asystole.hl7', 'pcd04-spo2-low.hl7', ...CORPUS_DIALECTS].map((n) => fixture(n).toString('latin1'));

/** A valid PCD-01 built from the kit (bed by location only: the SIM EUI-64 is not in the bed map). */
export function validPcd01(r: Rand, id: string): string {
  return pcd01(id, { bed: pick(r, BEDS), hr: int(r, 30, 200), spo2: int(r, 80, 100) });
}

export function validPcd04(r: Rand, id: string): string {
  return pcd04(id, { bed: pick(r, BEDS), event: pick(r, EVENTS), priority: pick(r, ['PH', 'PM', 'PL']), phase: pick(r, ['start', 'continue', 'end']) });
}

function anyValid(r: Rand, id: string): string {
  const x = r();
  if (x < 0.4) return validPcd01(r, id);
  if (x < 0.8) return validPcd04(r, id);
  return pick(r, VENDOR_FIXTURES).replace(/^(MSH(?:\|[^|\r]*){8}\|)[^|\r]*/, `$1${id}`);
}

/** Set MSH-n (n ≥ 3) of a message with standard delimiters. */
function setMsh(msg: string, n: number, value: string): string {
  const [msh, ...rest] = msg.split('\r');
  const f = msh!.split('|');
  while (f.length < n) f.push('');
  f[n - 1] = value;
  return [f.join('|'), ...rest].join('\r');
}

/** Set field n of the first segment starting with `prefix` (e.g. 'OBX|1|'). */
function setField(msg: string, prefix: string, n: number, value: string): string {
  return msg
    .split('\r')
    .map((line) => {
      if (!line.startsWith(prefix)) return line;
      const f = line.split('|');
      while (f.length <= n) f.push('');
      f[n] = value;
      return f.join('|');
    })
    .join('\r');
}

/** Index just before the end of MSH-12: any cut below it leaves an invalid header. */
function mshCutLimit(msg: string): number {
  const msh = msg.split('\r')[0]!;
  const f = msh.split('|');
  return f.slice(0, 12).join('|').length - 1;
}

const NON_NM = ['abc', 'seventy', '7O', '1.2.3', '--5', '+-1', '1e3', '0x1F', 'NaN', 'Infinity', '72bpm', '١٢٣', '.', '-', '+', '7,2', '½'];
const randomWord = (r: Rand) => Array.from({ length: int(r, 1, 8) }, () => String.fromCharCode(int(r, 0x61, 0x7a))).join('');
const ALWAYS_INVALID_UTF8 = [[0xc0], [0xc1], [0xf5], [0xf8], [0xfe], [0xff], [0x80], [0xbf], [0xe2, 0x82], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf0, 0x8f, 0xbf, 0xbf], [0xc3, 0x28]];
const CONTROL = [0x00, 0x01, 0x02, 0x07, 0x08, 0x0c, 0x0e, 0x10, 0x1b, 0x1f, 0x7f, 0x1c];

function insertBytes(msg: Buffer, at: number, bytes: number[]): Buffer {
  return Buffer.concat([msg.subarray(0, at), Buffer.from(bytes), msg.subarray(at)]);
}

type Gen = (r: Rand, id: string, o: { tcpSafe: boolean; maxMessageBytes: number }) => string | Buffer;

const GENERATORS: Record<string, Gen> = {
  'truncated-header': (r, id) => {
    const m = anyValid(r, id);
    return m.slice(0, int(r, 0, mshCutLimit(m) - 1));
  },
  'truncated-alert': (r, id) => {
    const m = validPcd04(r, id);
    const start = m.indexOf('OBX|1|CWE|');
    return m.slice(0, int(r, start, start + 'OBX|1|CWE|19661'.length));
  },
  'wrong-type-value': (r, id) => setField(validPcd01(r, id), 'OBX|1|', 5, r() < 0.5 ? pick(r, NON_NM) : randomWord(r)),
  'wrong-value-type': (r, id) => setField(validPcd01(r, id), 'OBX|1|', 2, pick(r, ['ST', 'CWE', 'TX', 'XX', 'N', 'NM2', 'SN'])),
  'wrong-unit': (r, id) => setField(validPcd01(r, id), 'OBX|1|', 6, pick(r, ['', '262688^MDC_DIM_PERCENT^MDC', 'mmHg', 'kg', '264928^MDC_DIM_RESP_PER_MIN^MDC', '999999^X^MDC', 'Cel'])),
  'bad-time': (r, id) =>
    r() < 0.5
      ? setMsh(anyValid(r, id), 7, pick(r, ['', 'yesterday', '2026', '20261301000000', '20260230120000', '20260301101500+9999', String(int(r, 0, 99_999_999))]))
      : setField(validPcd01(r, id), 'OBX|1|', 14, pick(r, ['x', '2026', '20260301', '202603011', '20260301256000', '2026-03-01T10:15'])),
  'wrong-message-type': (r, id) => setMsh(anyValid(r, id), 9, pick(r, ['ADT^A01', 'ORU^R30', 'ACK', '', 'ORU', 'ORM^O01', 'ORU^R01X', 'QRY^Q01'])),
  'wrong-version': (r, id) => setMsh(anyValid(r, id), 12, pick(r, ['', '3.0', '2', '2.x', 'v2.6', '2.6.1.4', '25'])),
  'wrong-processing-id': (r, id) => setMsh(anyValid(r, id), 11, pick(r, ['T', 'D', 'X', '', 'PP'])),
  'missing-control-id': (r, id) => setMsh(anyValid(r, id), 10, ''),
  'invalid-utf8': (r, id) => {
    const m = Buffer.from(anyValid(r, id), 'latin1');
    return insertBytes(m, int(r, 0, m.length), pick(r, ALWAYS_INVALID_UTF8));
  },
  'ascii-declared-non-ascii': (r, id) => setMsh(validPcd01(r, id), 18, 'ASCII') + 'NTE|1||température 37 °C\r',
  'utf16-encoded': (r, id) => {
    const utf16 = Buffer.from(anyValid(r, id), 'utf16le');
    return r() < 0.5 ? Buffer.concat([Buffer.from([0xff, 0xfe]), utf16]) : utf16;
  },
  'control-characters': (r, id, o) => {
    const m = Buffer.from(anyValid(r, id), 'latin1');
    const choices = o.tcpSafe ? CONTROL.filter((c) => c !== 0x1c) : CONTROL;
    return insertBytes(m, int(r, 0, m.length), [pick(r, choices)]);
  },
  'unsupported-charset': (r, id) => setMsh(anyValid(r, id), 18, pick(r, ['ISO IR87', 'UNICODE UTF-16', 'EBCDIC', '8859/15', 'BIG-5', 'UNICODE UTF-32'])),
  'random-bytes': (r, _id, o) => {
    const bytes = Buffer.alloc(int(r, 1, 600));
    for (let i = 0; i < bytes.length; i++) {
      let b = int(r, 0, 255);
      if (o.tcpSafe && (b === 0x0b || b === 0x1c)) b = 0x20;
      bytes[i] = b;
    }
    if (bytes[0] === 0x4d) bytes[0] = 0x4e; // never "MSH…" by accident
    return bytes;
  },
  'missing-msh': (r, id) => {
    const m = anyValid(r, id);
    const x = r();
    if (x < 0.4) return m.split('\r').slice(1).join('\r');
    if (x < 0.7) return `${pick(r, ['XX', ' ', '\r', 'FHS|^~\\&\r', 'BHS|^~\\&\r'])}${m}`;
    return 'msh' + m.slice(3);
  },
  'bad-delimiters': (r, id) => {
    const m = anyValid(r, id);
    if (r() < 0.3) return 'MSH' + pick(r, ['A', '1', ' ', '^']) + m.slice(4);
    return 'MSH|' + pick(r, ['^^\\&', 'ABCD', '^~ &', '^~', '^~\\', '^~\\&#!', '^|\\&', '^~\\^', '1234', '^~\\&&']) + m.slice(8);
  },
  'bad-segment': (r, id) => {
    const lines = anyValid(r, id).split('\r');
    const bad = pick(r, ['obx|1', 'OB|1', '1AB|x', 'ABCD|x', ' PID|1', 'PI D|1', 'MSH|^~\\&|again', 'Ö1X|1']);
    lines.splice(int(r, 1, lines.length - 1), 0, bad);
    return lines.join('\r');
  },
  'obx-before-obr': (r, id) => {
    const lines = validPcd01(r, id).split('\r');
    const obx = lines.findIndex((l) => l.startsWith('OBX|'));
    const [row] = lines.splice(obx, 1);
    lines.splice(1, 0, row!);
    return lines.join('\r');
  },
  'bad-escape': (r, id) => setField(validPcd01(r, id), 'OBX|1|', 5, pick(r, ['7\\Q\\2', '72\\', '\\X4\\', '\\X7G\\', '\\Zpriv\\', '\\C2842\\72', '\\\\72'])),
  'unknown-bed': (r, id) => (r() < 0.5 ? validPcd01(r, id) : validPcd04(r, id)).replace(/PV1\|\|I\|[^\r]*/, `PV1||I|${pick(r, ['ICU4^^BED99', 'ER^1^2', '', '^^', 'ICU4'])}`),
  'bed-conflict': (r, id) => setField(validPcd01(r, id), 'OBX|1|', 18, '080019FFFE0B4020^EUI-64'),
  'no-alert-row': (r, id) => validPcd04(r, id).replace(/OBX\|1\|[^\r]*\r/, ''),
  'code-mismatch': (r, id) => setField(validPcd01(r, id), 'OBX|1|', 3, pick(r, ['147842^MDC_PULS_OXIM_SAT_O2^MDC', '150456^MDC_ECG_HEART_RATE^MDC', '999^MDC_RESP_RATE^MDC'])),
  oversized: (r, id, o) => {
    const m = anyValid(r, id);
    const pad = o.maxMessageBytes - m.length + int(r, 1, o.maxMessageBytes);
    return m + 'NTE|1||' + 'z'.repeat(Math.max(1, pad)) + '\r';
  },
};

export const MALFORMED_KINDS = Object.keys(GENERATORS);

export function malformedCase(r: Rand, id: string, options: { tcpSafe: boolean; maxMessageBytes: number }, kind = pick(r, MALFORMED_KINDS)): MalformedCase {
  const out = GENERATORS[kind]!(r, id, options);
  return { kind, payload: typeof out === 'string' ? Buffer.from(out, 'utf8') : out };
}

/** Random byte-level mutation of a valid message: may or may not stay valid (robustness only). */
export function mutated(r: Rand, id: string): Buffer {
  const m = Buffer.from(anyValid(r, id), 'latin1');
  const out = [...m];
  for (let i = int(r, 1, 4); i > 0; i--) {
    const at = int(r, 0, out.length - 1);
    const op = r();
    if (op < 0.4) out[at] = int(r, 0, 255);
    else if (op < 0.7) out.splice(at, 1);
    else out.splice(at, 0, pick(r, [0x7c, 0x5e, 0x7e, 0x5c, 0x26, 0x0d, 0x0a, int(r, 0, 255)]));
  }
  return Buffer.from(out);
}
