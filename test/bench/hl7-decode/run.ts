import { BedMap } from '../../../electron/main/connections/hl7/bed-map';
import { decideHl7Frame } from '../../../electron/main/connections/hl7/hl7-pipeline';
import { FIXTURE_BED_MAP, r01, r40 } from '../../electron/main/connections/hl7/hl7-test-kit';

/**
 * What a large PCD-04 costs to decode, per alert, as the message grows:
 * the pipeline is synchronous on the main process, so its cost must stay
 * linear in the rows, whatever a sender packs into one frame (the listener
 * takes up to 256 KiB). Baseline in the same run: a PCD-01 of the same
 * size (parse + per-row work of the numerics path).
 *
 *   node --import tsx test/bench/hl7-decode/run.ts
 *
 * Verdict: FAIL if any alert is lost (decoded alarms ≠ alert rows sent), or
 * if the cost per alert at 4× the alerts is more than 2.5× the cost at 1×:
 * quadratic work is ~4× (measured 3.7–7.2× with the containment look-up
 * made per alert on purpose); linear work measured 0.3–1.7× on a busy
 * 2-core machine.
 */
const ctx = { bedMap: new BedMap(FIXTURE_BED_MAP), processingIds: ['P'] };
const REPEATS = 7;

function median(f: () => void): number {
  const t: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(REPEATS / 2)]!;
}

/**
 * n limit alerts in one OBR, as a batching gateway sends them, each with its
 * phase facet; every other one with its source row, the rest leaving the
 * parameter to the containment path (the costliest look-up).
 */
function alerts(n: number): Buffer {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    rows.push(`OBX||ST|196648^MDC_EVT_HI^MDC|1.${i}.1.1.1|HR High|||PM~SP|||F`);
    if (i % 2 === 0) rows.push(`OBX||NM|147842^MDC_ECG_HEART_RATE^MDC|1.${i}.1.1.2|150|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||F`);
    rows.push(`OBX||ST|68481^MDC_ATTR_EVENT_PHASE^MDC|1.${i}.1.1.3|start`);
  }
  return Buffer.from(r40('B1', rows));
}

function numerics(bytes: number): Buffer {
  const rows: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const r = `OBX||NM|147842^MDC_ECG_HEART_RATE^MDC|1.${i}.1.1|72|264864^MDC_DIM_BEAT_PER_MIN^MDC|||||R`;
    rows.push(r);
    size += r.length + 1;
  }
  return Buffer.from(r01('B2', rows));
}

const SIZES = [500, 2000];
// Warm the JIT on every size first: whichever size is measured first must not pay for it.
for (const n of SIZES) for (let i = 0; i < 3; i++) decideHl7Frame({ payload: alerts(n) }, ctx);

const table: Array<{ alerts: number; bytes: number; decodeMs: number; perAlertUs: number; baselineMs: number; lost: number }> = [];
for (const n of SIZES) {
  const payload = alerts(n);
  let decoded = 0;
  const decodeMs = median(() => {
    const d = decideHl7Frame({ payload }, ctx);
    decoded = d.kind === 'alarms' ? d.alarms.length : -1;
  });
  const baseline = numerics(payload.length);
  const baselineMs = median(() => decideHl7Frame({ payload: baseline }, ctx));
  table.push({ alerts: n, bytes: payload.length, decodeMs, perAlertUs: (decodeMs * 1000) / n, baselineMs, lost: n - decoded });
}

console.log('| alerts | bytes | decode (median) | per alert | PCD-01 of the same size | ratio | lost |');
console.log('|---|---|---|---|---|---|---|');
for (const r of table) {
  console.log(`| ${r.alerts} | ${r.bytes} | ${r.decodeMs.toFixed(1)} ms | ${r.perAlertUs.toFixed(1)} µs | ${r.baselineMs.toFixed(1)} ms | ${(r.decodeMs / r.baselineMs).toFixed(2)} | ${r.lost} |`);
}
const growth = table[1]!.perAlertUs / table[0]!.perAlertUs;
const lost = table.some((r) => r.lost !== 0);
const ok = !lost && growth <= 2.5;
console.log(`\nper-alert cost at 4× the alerts: ${growth.toFixed(2)}× (limit 2.5×); lost: ${lost ? 'YES' : 'none'}`);
console.log(`verdict: ${ok ? 'PASS' : 'FAIL'}`);
process.exitCode = ok ? 0 : 1;
