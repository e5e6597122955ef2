import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLE_RATE_HZ, WAVEFORM_CHANNELS, type WaveformChannel } from '../../../../shared/domain/channel';
import { SAMPLE_STEP, SAMPLE_UNITS } from '../../../../shared/disclosure/sample-steps';
import type { AlarmMark } from '../../../../shared/disclosure/review-schemas';
import type { DecodedRun } from './review-queries';

/**
 * A time range of one bed as a WFDB record, written from PhysioNet's
 * published format (WFDB Programmer's Guide: header(5), signal(5),
 * annotation(5)); test/support/wfdb-reader.ts reads it back independently.
 *
 * - One signal file in format 16 (16-bit two's complement, LSB first) with
 *   the three channels interleaved as a multi-frequency record: the frame
 *   rate is resp's 62.5 Hz, each frame holding 4 ECG, 2 pleth and 1 resp
 *   samples ("16x4", "16x2", "16").
 * - Gains are the channels' ADC steps (ECG 200 units/mV, pleth 4096/NU,
 *   resp 2048/NU, baseline 0), so a recorded sample k·step is written as k,
 *   exactly. A sample that was not a multiple of its step (a source with
 *   another resolution) is rounded to it and the header says how many.
 * - Where nothing was recorded the sample is WFDB's invalid value, −32768.
 * - Alarms are NOTE annotations (code 22) with the event in the aux text,
 *   at frame resolution (16 ms), in `<record>.atr`.
 * Base time and date in the header are UTC (WFDB has no time zone field).
 */
export const WFDB_FRAME_HZ = SAMPLE_RATE_HZ.resp;
export const WFDB_INVALID = -32768;
const PER_FRAME: Readonly<Record<WaveformChannel, number>> = { ecg: 4, pleth: 2, resp: 1 };
const ANNOTATION_NOTE = 22;
const FRAMES_PER_CHUNK = Math.round(60 * WFDB_FRAME_HZ);

export interface WfdbExportSource {
  /** Decoded samples of [from, to), in time order per channel. */
  runs(from: number, to: number): Record<WaveformChannel, DecodedRun[]>;
  alarms: AlarmMark[];
  /** Header comment lines (bed label, patient stamp, station); never free text from a device. */
  comments: string[];
  /** What the station's wall clock read at `from` (the header's base time); `from` itself is record time. */
  baseTime: number;
}

export interface WfdbExportResult {
  record: string;
  files: string[];
  frames: number;
  annotations: number;
  /** Samples that were not on their channel's step and had to be rounded. */
  rounded: number;
}

/**
 * Writes the record a minute of frames at a time, yielding to the worker's
 * event loop between minutes: a long export never holds up the recorder's
 * commits (the kill -9 bound) or its health reports.
 */
export async function writeWfdbRecord(dir: string, record: string, from: number, to: number, source: WfdbExportSource): Promise<WfdbExportResult> {
  const frameMs = 1000 / WFDB_FRAME_HZ;
  const frames = Math.max(0, Math.floor((to - from) / frameMs));
  const datFile = `${record}.dat`;
  const fd = openSync(join(dir, datFile), 'w');
  const sums: Record<WaveformChannel, number> = { ecg: 0, pleth: 0, resp: 0 };
  const initial: Record<WaveformChannel, number | null> = { ecg: null, pleth: null, resp: null };
  let rounded = 0;
  try {
    for (let first = 0; first < frames; first += FRAMES_PER_CHUNK) {
      const count = Math.min(FRAMES_PER_CHUNK, frames - first);
      const chunkFrom = from + first * frameMs;
      const runs = source.runs(chunkFrom, chunkFrom + count * frameMs);
      const perChannel = {} as Record<WaveformChannel, Int16Array>;
      for (const channel of WAVEFORM_CHANNELS) {
        const adc = new Int16Array(count * PER_FRAME[channel]).fill(WFDB_INVALID);
        const period = 1000 / SAMPLE_RATE_HZ[channel];
        for (const run of runs[channel]) {
          for (let i = 0; i < run.samples.length; i++) {
            const index = Math.round((run.t0 + i * period - chunkFrom) / period);
            if (index < 0 || index >= adc.length) continue;
            const exact = run.samples[i]! / SAMPLE_STEP[channel];
            const k = Math.round(exact);
            if (k !== exact) rounded++;
            // −32768 means "no sample"; real values are clamped one short of it.
            adc[index] = Math.max(-32767, Math.min(32767, k));
          }
        }
        for (const v of adc) {
          if (initial[channel] === null) initial[channel] = v;
          sums[channel] = (sums[channel] + v) | 0;
        }
        perChannel[channel] = adc;
      }
      const out = Buffer.alloc(count * 7 * 2);
      let o = 0;
      for (let f = 0; f < count; f++) {
        for (const channel of WAVEFORM_CHANNELS) {
          for (let j = 0; j < PER_FRAME[channel]; j++) o = out.writeInt16LE(perChannel[channel][f * PER_FRAME[channel] + j]!, o);
        }
      }
      writeSync(fd, out);
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    closeSync(fd);
  }

  const start = new Date(source.baseTime);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const baseTime = `${pad(start.getUTCHours())}:${pad(start.getUTCMinutes())}:${pad(start.getUTCSeconds())}.${pad(start.getUTCMilliseconds(), 3)}`;
  const baseDate = `${pad(start.getUTCDate())}/${pad(start.getUTCMonth() + 1)}/${start.getUTCFullYear()}`;
  const lines = [`${record} 3 ${WFDB_FRAME_HZ} ${frames} ${baseTime} ${baseDate}`];
  for (const channel of WAVEFORM_CHANNELS) {
    const gain = 1 / SAMPLE_STEP[channel];
    const checksum = ((sums[channel] % 65536) + 65536) % 65536;
    const signed = checksum >= 32768 ? checksum - 65536 : checksum;
    const format = PER_FRAME[channel] > 1 ? `16x${PER_FRAME[channel]}` : '16';
    lines.push(`${datFile} ${format} ${gain}(0)/${SAMPLE_UNITS[channel]} 12 0 ${initial[channel] ?? 0} ${signed} 0 ${channel.toUpperCase()}`);
  }
  for (const comment of source.comments) lines.push(`# ${comment.replace(/[\r\n]/g, ' ')}`);
  lines.push('# times are UTC; frame rate 62.5 Hz: ECG 4, pleth 2, resp 1 sample(s) per frame; -32768 = not recorded');
  if (rounded > 0) lines.push(`# ${rounded} samples were not on their channel's step and were rounded to it`);
  writeFileSync(join(dir, `${record}.hea`), `${lines.join('\n')}\n`);

  const annotations = source.alarms.filter((a) => a.at >= from && a.at < to);
  writeFileSync(join(dir, `${record}.atr`), annotationBytes(annotations.map((a) => ({ frame: Math.round((a.at - from) / frameMs), text: describe(a) }))));
  return { record, files: [`${record}.hea`, datFile, `${record}.atr`], frames, annotations: annotations.length, rounded };
}

function describe(a: AlarmMark): string {
  const parts = [a.kind.toUpperCase(), a.priority ?? '', a.code, a.level !== null && a.kind === 'escalated' ? `L${a.level}` : '', a.alarmId];
  return parts.filter((p) => p.length > 0).join(' ').replace(/[^\x20-\x7e]/g, '?').slice(0, 255);
}

/** MIT annotation format: 16-bit LSB-first words; code in the top 6 bits, time since the previous annotation in the low 10. */
function annotationBytes(notes: Array<{ frame: number; text: string }>): Buffer {
  const bytes: number[] = [];
  const word = (w: number) => bytes.push(w & 0xff, (w >> 8) & 0xff);
  let previous = 0;
  for (const note of [...notes].sort((a, b) => a.frame - b.frame)) {
    const interval = note.frame - previous;
    previous = note.frame;
    if (interval > 1023) {
      // SKIP: a zero interval, then the 32-bit interval high 16 bits first (PDP-11 order).
      word(59 << 10);
      word((interval >>> 16) & 0xffff);
      word(interval & 0xffff);
      word(ANNOTATION_NOTE << 10);
    } else word((ANNOTATION_NOTE << 10) | interval);
    const text = Buffer.from(note.text, 'latin1');
    word((63 << 10) | text.length);
    for (const b of text) bytes.push(b);
    if (text.length % 2 === 1) bytes.push(0);
  }
  word(0);
  return Buffer.from(bytes);
}
