/**
 * Full-disclosure benchmark (docs/targets "Full disclosure: storage, cost, review").
 *   node --import tsx test/bench/full-disclosure/run.ts [--hours 72] [--beds 64] [--iterations 30] [--skip-review] [--store DIR]
 * --store DIR keeps the generated 72 h store there (~6 GB, ~4 min to make) and reuses it on the next run.
 * Reads the PhysioNet records in shared/data/physionet (beside the repository, or /work/shared).
 * Needs `npx electron-vite build` first for the review part (the renderer in Chromium).
 *
 * Verdicts (FAIL exits 1):
 * - storage on real signals ≤ 1 MB (10^6 bytes) per bed-hour, file size with index;
 * - recording 64 beds ≤ 5 % of one core;
 * - open at an alarm p95 ≤ 200 ms, page scroll p95 ≤ 100 ms, click to strip on screen;
 * - lost: any click whose strip never came, any sample that did not round-trip.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { percentile as sortedPercentile } from '../support/percentile';
import { recorderCpu } from './cpu';
import { loadRealSignals } from './real-signals';
import { measureReview } from './review';
import { compareCodecs, realBed, recordedBytesPerBedHour } from './storage';
import { buildSyntheticStore, reuseSyntheticStore } from './synthetic-store';

const flag = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const p = (values: number[], q: number) => sortedPercentile([...values].sort((a, b) => a - b), q);
const fmt = (n: number, d = 1) => n.toFixed(d);
const verdicts: Array<{ what: string; ok: boolean; detail: string }> = [];
const judge = (what: string, ok: boolean, detail: string) => verdicts.push({ what, ok, detail });

async function main(): Promise<void> {
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} (2 cores; other work shares them)`);
  const work = mkdtempSync(join(tmpdir(), 'vigil-fd-bench-'));
  const start = Date.UTC(2026, 0, 15, 0, 0, 0);

  // 1. Compressors on real signals.
  const real = loadRealSignals();
  const rows = [
    compareCodecs('a103l ECG II (250 Hz)', 'ecg', real.ecgA103l),
    compareCodecs('MIT-BIH 100 MLII (360→250 Hz)', 'ecg', real.ecgMitdb100),
    compareCodecs('a103l PLETH (250→125 Hz)', 'pleth', real.pleth),
    compareCodecs('03700181 RESP (125→62.5 Hz)', 'resp', real.resp),
  ];
  console.log('\n## Compressors on delta-coded real signals (8 s blocks; bits per sample, µs CPU per sample)');
  const names = Object.keys(rows[0]!.candidates);
  console.log(`| signal | raw int16 | ${names.join(' | ')} |`);
  console.log(`|---|---|${names.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.signal} | 16 | ${names.map((n) => (r.candidates[n] ? `${fmt(r.candidates[n].bitsPerSample, 2)} b, ${fmt(r.candidates[n].usPerSample, 2)} µs` : 'n/a')).join(' | ')} |`);

  // 2. Storage per bed-hour, everything included (the SQLite file after a checkpoint).
  const beds = 8;
  const sources = Array.from({ length: beds }, (_, i) => (i % 2 === 0 ? realBed('a103l', real.ecgA103l, real) : realBed('mitdb100', real.ecgMitdb100, real)));
  const realHour = recordedBytesPerBedHour(join(work, 'real.sqlite'), sources, beds, 1, start);
  const simHour = recordedBytesPerBedHour(join(work, 'sim.sqlite'), null, beds, 1, start);
  const baselineRaw = (250 + 125 + 62.5) * 3600 * 2;
  console.log(`\n## Storage per bed-hour (SQLite file size incl. keys, numerics, trend minutes, NIBP, page slack; ${beds} beds × 1 h; the store's fixed part (an empty store with the same beds) left out, and shown with it)`);
  console.log('| source | bytes per bed-hour | with the fixed part | vs raw int16 |');
  console.log('|---|---|---|---|');
  console.log(`| real: a103l ECG (half the beds) / MIT-BIH 100 ECG (the other half), a103l pleth, MGH resp (steps 5 µV, 1/4096, 1/2048) | ${Math.round(realHour.bytesPerBedHour).toLocaleString('en')} | ${Math.round(realHour.fileBytesPerBedHour).toLocaleString('en')} | ${fmt(realHour.bytesPerBedHour / baselineRaw, 3)} |`);
  console.log(`| simulator | ${Math.round(simHour.bytesPerBedHour).toLocaleString('en')} | ${Math.round(simHour.fileBytesPerBedHour).toLocaleString('en')} | ${fmt(simHour.bytesPerBedHour / baselineRaw, 3)} |`);
  console.log(`| baseline: raw int16 samples, no index | ${baselineRaw.toLocaleString('en')} | | 1 |`);
  judge('storage ≤ 1 MB per bed-hour on real signals', realHour.bytesPerBedHour <= 1_000_000, `${Math.round(realHour.bytesPerBedHour).toLocaleString('en')} B`);

  // 3. CPU of recording the full unit.
  const cpu = recorderCpu(join(work, 'cpu.sqlite'), Number(flag('cpu-seconds', '60')));
  const share = cpu.recorderMsPerS / 10;
  console.log('\n## Recording 64 beds (CPU ms per second of unit time; % of one core)');
  console.log('| what | ms/s | % of a core |');
  console.log('|---|---|---|');
  console.log(`| recorder, all of it (main thread + worker work, measured on one thread) | ${fmt(cpu.recorderMsPerS, 2)} | ${fmt(share, 2)} % |`);
  console.log(`| of which the main thread (frame + hand-over) | ${fmt(cpu.mainThreadMsPerS, 2)} | ${fmt(cpu.mainThreadMsPerS / 10, 2)} % |`);
  console.log(`| baseline: encoding the frame the views get anyway | ${fmt(cpu.baselineMsPerS, 2)} | ${fmt(cpu.baselineMsPerS / 10, 2)} % |`);
  judge('recording 64 beds ≤ 5 % of one core', share <= 5, `${fmt(share, 2)} %`);

  // 4. Review on a 72 h × 64-bed store, in headless Chromium.
  if (!process.argv.includes('--skip-review')) {
    const hours = Number(flag('hours', '72'));
    const storeBeds = Number(flag('beds', '64'));
    const reuse = process.argv.includes('--store') ? flag('store', '') : '';
    const store = reuse && existsSync(join(reuse, 'disclosure.sqlite')) ? reuseSyntheticStore(reuse) : buildSyntheticStore(reuse || join(work, 'store'), Date.now(), storeBeds, hours);
    console.log(`\nat-scale check: the generated store holds ${Math.round(store.bytes / (storeBeds * hours)).toLocaleString('en')} bytes per bed-hour (simulator hour copied)`);
    console.log(`\n## Review (${storeBeds} beds × ${hours} h store: ${(store.bytes / 1e9).toFixed(2)} GB, ${store.rows.toLocaleString('en')} rows, ${store.generationMs === null ? `reused from ${store.dir}` : `generated in ${fmt(store.generationMs / 1000)} s`} by copying one recorded bed-hour with moved keys and recomputed checksums)`);
    const f = await measureReview(store, Number(flag('iterations', '30')));
    console.log('| measure | n | p50 ms | p95 ms | max ms |');
    console.log('|---|---|---|---|---|');
    const line = (name: string, v: number[]) => console.log(`| ${name} | ${v.length} | ${fmt(p(v, 50))} | ${fmt(p(v, 95))} | ${fmt(Math.max(...v))} |`);
    line('open at an alarm (history "Strip" click → strip on screen)', f.openAtAlarmMs);
    line('previous alarm (click → strip on screen)', f.alarmStepMs);
    line('page scroll (click → strip on screen)', f.pageScrollMs);
    line('baseline: strip request round trip from the page (no drawing)', f.requestRoundTripMs);
    line('baseline: strip query in the store alone', f.storeQueryMs);
    judge('open at an alarm p95 ≤ 200 ms', f.openAtAlarmMs.length > 0 && p(f.openAtAlarmMs, 95) <= 200, `${fmt(p(f.openAtAlarmMs, 95))} ms`);
    judge('page scroll p95 ≤ 100 ms', f.pageScrollMs.length > 0 && p(f.pageScrollMs, 95) <= 100, `${fmt(p(f.pageScrollMs, 95))} ms`);
    judge('no strip lost', f.lost === 0, `${f.lost} clicks never drew`);
  }
  rmSync(work, { recursive: true, force: true });
  console.log(`\nload average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('\n## Verdicts');
  for (const v of verdicts) console.log(`${v.ok ? 'PASS' : 'FAIL'}  ${v.what}: ${v.detail}`);
  process.exit(verdicts.every((v) => v.ok) ? 0 : 1);
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
