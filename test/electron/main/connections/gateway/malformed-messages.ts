import { encodeJson } from '../../../../../shared/protocol/json-codec';
import { MAX_MESSAGE_BYTES, MAX_WAVEFORM_FRAME_BYTES } from '../../../../../shared/protocol/limits';
import { PROTOCOL_VERSION } from '../../../../../shared/protocol/version';
import { encodeWaveformFrame } from '../../../../../shared/waveform/frame';


export type Malformed = { kind: 'message'; payload: unknown; family: string } | { kind: 'waveform'; seq: unknown; frame: unknown; family: string };

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Valid-looking messages to mutilate. `staleSeq` is a sequence number the station has already seen. */
function templates(now: number, staleSeq: number) {
  const numerics = { v: PROTOCOL_VERSION, type: 'numerics', seq: staleSeq, at: now, beds: [{ bedId: 'bed-01', numerics: [{ kind: 'hr', value: 80, measuredAt: now }] }] };
  const alarm = {
    v: PROTOCOL_VERSION,
    type: 'journal',
    seq: staleSeq,
    at: now,
    journalId: 'j-scripted-0001',
    entry: {
      kind: 'episode',
      pos: 1,
      at: now,
      episode: { bedId: 'bed-02', code: 'VT', message: 'V-Tach', priority: 'HIGH', source: 'device', deviceAlarmId: 'x', episodeId: 'ep-x', onsetAt: now, end: null },
    },
  };
  const heartbeat = { v: PROTOCOL_VERSION, type: 'heartbeat', at: now, seqs: { waveform: 0, numerics: 0, events: 0 }, journal: { journalId: 'j-scripted-0001', head: 0 }, shedWaveformFrames: 0 };
  return [numerics, alarm, heartbeat];
}

const WRONG_VALUES: unknown[] = ['12', -1, 1.5, null, true, [], {}, 'x'.repeat(300), 1e308, -0.0000001];

/** Sets one (possibly nested) field of a deep copy to a wrong value, or deletes it, or adds a stray one. */
function wrongType(template: Record<string, unknown>, rand: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(template)) as Record<string, unknown>;
  const paths: string[][] = [];
  const walk = (obj: unknown, path: string[]) => {
    if (typeof obj !== 'object' || obj === null) return;
    for (const [k, v] of Object.entries(obj)) {
      paths.push([...path, k]);
      walk(v, [...path, k]);
    }
  };
  walk(copy, []);
  const path = paths[Math.floor(rand() * paths.length)]!;
  let target: Record<string, unknown> = copy;
  for (const k of path.slice(0, -1)) target = target[k] as Record<string, unknown>;
  const key = path[path.length - 1]!;
  const mode = rand();
  if (mode < 0.15) delete target[key];
  else if (mode < 0.25) target[`stray_${key}`] = 1;
  else {
    let value = WRONG_VALUES[Math.floor(rand() * WRONG_VALUES.length)];
    // A wrong value must really be wrong: never the same JSON as before.
    if (JSON.stringify(value) === JSON.stringify(target[key])) value = { wrong: true };
    target[key] = value;
  }
  // A version or type made valid by accident would still be rejected below, but keep the envelope honest.
  return copy;
}

/**
 * One malformed message, of a family chosen at random: truncated JSON,
 * wrong types, wrong encodings, oversized, not binary at all, not JSON,
 * foreign protocol versions, unknown types, out-of-range values, stale
 * sequence numbers, and malformed waveform frames. None of them can be
 * valid (each family is constructed to fail a different check).
 */
export function malformed(rand: () => number, now: number, staleSeq: number): Malformed {
  const [numerics, alarm, heartbeat] = templates(now, staleSeq);
  const pick = rand();
  const template = [numerics, alarm, heartbeat][Math.floor(rand() * 3)] as Record<string, unknown>;
  if (pick < 0.18) {
    const text = JSON.stringify(template);
    return { kind: 'message', family: 'truncated', payload: utf8(text.slice(0, 1 + Math.floor(rand() * (text.length - 2)))) };
  }
  if (pick < 0.4) return { kind: 'message', family: 'wrong-type', payload: encodeJson(wrongType(template, rand)) };
  if (pick < 0.5) {
    const bytes = encodeJson(template);
    const mode = rand();
    if (mode < 0.33) {
      bytes[Math.floor(rand() * bytes.length)] = 0xff; // never valid in UTF-8
      return { kind: 'message', family: 'bad-utf8', payload: bytes };
    }
    if (mode < 0.66) {
      const overlong = new Uint8Array([...bytes.slice(0, 5), 0xc0, 0xaf, ...bytes.slice(5)]); // overlong '/'
      return { kind: 'message', family: 'overlong-utf8', payload: overlong };
    }
    const text = JSON.stringify(template);
    const utf16 = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) utf16[i * 2] = text.charCodeAt(i) & 0xff; // UTF-16LE: NULs between characters
    return { kind: 'message', family: 'utf16', payload: utf16 };
  }
  if (pick < 0.55) return { kind: 'message', family: 'oversized', payload: OVERSIZED[Math.floor(rand() * OVERSIZED.length)] };
  if (pick < 0.62) return { kind: 'message', family: 'not-binary', payload: NOT_BINARY[Math.floor(rand() * NOT_BINARY.length)] };
  if (pick < 0.68) return { kind: 'message', family: 'not-json', payload: utf8(NOT_JSON[Math.floor(rand() * NOT_JSON.length)]!) };
  if (pick < 0.72) return { kind: 'message', family: 'version', payload: encodeJson({ ...template, v: [0, PROTOCOL_VERSION - 1, PROTOCOL_VERSION + 1, 99, -1][Math.floor(rand() * 5)] }) };
  if (pick < 0.76) return { kind: 'message', family: 'unknown-type', payload: encodeJson({ ...template, type: ['snapshot', 'NUMERICS', 'ack ', 'x'.repeat(40)][Math.floor(rand() * 4)] }) };
  if (pick < 0.8) {
    const bad = JSON.stringify(numerics).replace('"value":80', ['"value":1e999', '"value":"80"', '"value":-1e999'][Math.floor(rand() * 3)]!);
    return { kind: 'message', family: 'out-of-range', payload: utf8(bad) };
  }
  if (pick < 0.85) return { kind: 'message', family: 'stale-seq', payload: encodeJson(rand() < 0.5 ? numerics : alarm) };
  return malformedWaveform(rand, now, staleSeq);
}

function malformedWaveform(rand: () => number, now: number, staleSeq: number): Malformed {
  const good = new Uint8Array(encodeWaveformFrame([{ bedIndex: 0, channel: 'ecg', flags: 0, firstSampleAt: now, samples: new Float32Array(10).fill(0.5) }]));
  const mode = rand();
  if (mode < 0.15) return { kind: 'waveform', family: 'wf-seq', seq: ['1', -3, 0, 2.5, null, {}][Math.floor(rand() * 6)], frame: good };
  if (mode < 0.3) return { kind: 'waveform', family: 'wf-not-binary', seq: 10 ** 9, frame: ['frame', 12, null, { samples: [1] }][Math.floor(rand() * 4)] };
  if (mode < 0.45) return { kind: 'waveform', family: 'wf-truncated', seq: 10 ** 9, frame: good.slice(0, Math.floor(rand() * (good.length - 1))) };
  if (mode < 0.55) {
    const bad = good.slice();
    bad[0] = 0;
    return { kind: 'waveform', family: 'wf-magic', seq: 10 ** 9, frame: bad };
  }
  if (mode < 0.65) {
    const frame = new Uint8Array(encodeWaveformFrame([{ bedIndex: 0, channel: 'ecg', flags: 0, firstSampleAt: now, samples: new Float32Array([0.1, NaN, 0.2]) }]));
    return { kind: 'waveform', family: 'wf-nan', seq: 10 ** 9, frame };
  }
  if (mode < 0.75) {
    const frame = new Uint8Array(encodeWaveformFrame([{ bedIndex: 999, channel: 'ecg', flags: 0, firstSampleAt: now, samples: new Float32Array(4) }]));
    return { kind: 'waveform', family: 'wf-bed-index', seq: 10 ** 9, frame };
  }
  if (mode < 0.85) return { kind: 'waveform', family: 'wf-oversized', seq: 10 ** 9, frame: OVERSIZED_FRAME };
  return { kind: 'waveform', family: 'wf-stale-seq', seq: Math.max(1, staleSeq), frame: good };
}

const OVERSIZED = [new Uint8Array(MAX_MESSAGE_BYTES + 1).fill(0x20), utf8(`{"v":1,"type":"numerics","pad":"${'x'.repeat(MAX_MESSAGE_BYTES)}"}`)];
const OVERSIZED_FRAME = new Uint8Array(MAX_WAVEFORM_FRAME_BYTES + 8);
const NOT_BINARY: unknown[] = ['{"v":1}', 42, null, undefined, true, { v: 1, type: 'numerics' }, ['m']];
const NOT_JSON = ['', ' ', 'undefined', 'NaN', "{'v':1}", '{"v":1,}', '[1,2', '{"v":1 "type":"x"}', '\u0000', '}{', 'null null'];
