import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { crc32 } from '../../../electron/main/disclosure/writer/crc32';
import { DisclosureStore, TREND_CHANNEL } from '../../../electron/main/disclosure/writer/store';
import { RecorderCore } from '../../../electron/main/disclosure/writer/recorder-core';
import { UnitSimulator } from '../../../electron/main/simulator/unit-simulator';
import { encodeWaveformFrame } from '../../../shared/waveform/frame';

const ROOT = `${__dirname}/../../..`;
const HOUR = 3_600_000;

export interface SyntheticStore {
  dir: string;
  beds: string[];
  /** Every alarm onset written: bed, id, time. */
  alarms: Array<{ bedId: string; alarmId: string; at: number; code: string; priority: string }>;
  generationMs: number;
  bytes: number;
  rows: number;
}

/**
 * A 72 h × 64-bed record made quickly by writing blocks directly: one real
 * recorder records ONE hour of ONE simulated bed (blocks, numerics, trend
 * minutes, NIBP, through the real codec), and that hour is copied into every
 * bed and hour with its keys moved and each block's checksum recomputed
 * (the CRC covers the key), in large transactions. The result is a store the
 * station opens and checks like its own, ending at `end`. Two alarms per
 * bed-hour are added (onset and end a minute later) at random moments.
 */
export function buildSyntheticStore(dir: string, end: number, beds = 64, hours = 72): SyntheticStore {
  const started = performance.now();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Times aligned to 2 min: a shift by whole hours keeps blocks in their 8 s windows and minutes whole.
  const templateStart = Math.floor((end - 80 * HOUR) / 120_000) * 120_000;
  const templateFile = join(dir, 'template.sqlite');
  const sim = new UnitSimulator({ beds: 1, seed: 11, startAt: templateStart });
  const core = new RecorderCore({ file: templateFile, projectRoot: ROOT, beds: ['bed-01'], retentionMs: 96 * HOUR });
  for (let at = templateStart + 40; at <= templateStart + HOUR; at += 40) {
    const tick = sim.advanceTo(at);
    core.ingest({ recordNow: at, frame: tick.segments.length ? encodeWaveformFrame(tick.segments) : null, numerics: tick.numerics, statuses: [] });
    if (at % 1_000 === 0) core.commit(at);
  }
  core.close(templateStart + HOUR);
  const template = new Database(templateFile, { readonly: true });
  const blocks = template.prepare('SELECT channel, t0, blob FROM block_keys WHERE t0 >= ? AND t0 < ?').all(templateStart, templateStart + HOUR) as Array<{ channel: number; t0: number; blob: Buffer }>;
  const minutes = template.prepare('SELECT minute, blob FROM trend_minutes WHERE minute >= ? AND minute < ?').all(templateStart / 60_000, (templateStart + HOUR) / 60_000) as Array<{ minute: number; blob: Buffer }>;
  const nibp = template.prepare('SELECT measured_at, sys, dia, mean FROM nibp').all() as Array<{ measured_at: number; sys: number; dia: number; mean: number }>;
  template.close();

  const store = new DisclosureStore(join(dir, 'disclosure.sqlite'), ROOT);
  const bedIds = Array.from({ length: beds }, (_, i) => `bed-${String(i + 1).padStart(2, '0')}`);
  const keys = bedIds.map((b) => store.bedKey(b));

  const insertMinute = store.db.prepare('INSERT INTO trend_minutes (bed_key, minute, blob) VALUES (?, ?, ?)');
  const insertNibp = store.db.prepare('INSERT OR IGNORE INTO nibp (bed_key, measured_at, sys, dia, mean) VALUES (?, ?, ?, ?, ?)');
  const insertAlarm = store.db.prepare('INSERT INTO alarm_events (bed_key, at, kind, alarm_id, code, priority, level, actor) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)');
  const alarms: SyntheticStore['alarms'] = [];
  const first = Math.floor((end - hours * HOUR) / 120_000) * 120_000;
  let rows = 0;
  let seed = 1;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  const keyBytes = Buffer.alloc(13);
  const reseal = (bedKey: number, channel: number, t0: number, blob: Buffer) => {
    keyBytes.writeUInt32LE(bedKey, 0);
    keyBytes.writeUInt8(channel, 4);
    keyBytes.writeDoubleLE(t0, 5);
    const copy = Buffer.from(blob);
    copy.writeUInt32LE(crc32(copy.subarray(4), crc32(keyBytes)), 0);
    return copy;
  };
  for (let h = 0; h < hours; h++) {
    const shift = first + h * HOUR - templateStart;
    store.db.transaction(() => {
      for (let b = 0; b < beds; b++) {
        const bedKey = keys[b]!;
        for (const block of blocks) store.writeBlock({ bedKey, channel: block.channel, t0: block.t0 + shift, blob: reseal(bedKey, block.channel, block.t0 + shift, block.blob) });
        for (const m of minutes) insertMinute.run(bedKey, m.minute + shift / 60_000, reseal(bedKey, TREND_CHANNEL, m.minute + shift / 60_000, m.blob));
        for (const r of nibp) if (r.measured_at + shift < first + (h + 1) * HOUR) insertNibp.run(bedKey, r.measured_at + shift, r.sys, r.dia, r.mean);
        for (let a = 0; a < 2; a++) {
          const at = first + h * HOUR + Math.floor(rand() * (HOUR - 120_000));
          const alarmId = `syn-${bedIds[b]}-${h}-${a}`;
          const [code, priority] = rand() < 0.5 ? ['SPO2_LOW', 'MEDIUM'] : ['HR_EXTREME_HIGH', 'HIGH'];
          insertAlarm.run(bedKey, at, 'onset', alarmId, code, priority, 'system');
          insertAlarm.run(bedKey, at + 60_000, 'end', alarmId, code, priority, 'system');
          alarms.push({ bedId: bedIds[b]!, alarmId, at, code: code!, priority: priority! });
        }
        rows += blocks.length + minutes.length + 4;
      }
    })();
  }
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = (store.db.pragma('page_count', { simple: true }) as number) * (store.db.pragma('page_size', { simple: true }) as number);
  store.close();
  rmSync(templateFile, { force: true });
  rmSync(`${templateFile}-wal`, { force: true });
  rmSync(`${templateFile}-shm`, { force: true });
  return { dir, beds: bedIds, alarms, generationMs: performance.now() - started, bytes, rows };
}
