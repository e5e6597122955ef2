/**
 * Alarm latency benchmark (target "Alarm latency" in the targets guide:
 * alarm message arriving at the main process → tone scheduled and banner
 * painted, p99 ≤ 50 ms at full-unit load, none lost).
 *
 *   node --import tsx test/bench/alarm-latency/run.ts [--beds 64] [--alarms 1000] [--burst 64] [--bursts 10]
 *        [--settle-ms 1000] [--renderer-dir out/renderer] [--seed 1]
 *
 * One test host runs the real station core with the simulated unit at full
 * load (64 beds of waveforms and numerics) and serves the real renderer to
 * headless Chromium at 1920×1080. Device alarms are pushed into the station
 * the way a connection does (Station.ingestDeviceAlarm); the clock starts
 * just before that call. In the page, an injected observer timestamps:
 *   event     the unit:alarms update naming the alarm arriving at the
 *             page's socket, before the app handles it (the transport
 *             floor: the test host's bridge only; the baseline);
 *   banner    its bed's tile banner showing the alarm's message and the
 *             frame showing it produced (the second requestAnimationFrame
 *             after the change; by text, so a banner element React
 *             reuses still counts); the alarm bar's row is reported too,
 *             but a burst's bar shows only the most urgent two (and
 *             counts the rest), so the tile is the banner every alarm has;
 *   tone      the sounder's first burst scheduled for an alarm of at least
 *             this priority (only the most urgent alarm sounds, so in a
 *             burst one tone start answers for all of them).
 * Latency = max(banner, tone) − arrival. Sequential alarms are ended after
 * they are annunciated, so each starts its own tone; then bursts of 64
 * start at once, as when a power glitch hits every bed (the load profile's
 * "burst of 64 simultaneous onsets on top of the full-unit load"). Before
 * each burst, the first included, the wall runs for --settle-ms under full
 * load, so every burst lands on a unit streaming normally, not on the page
 * still tearing down the alarms before it; --settle-ms 0 fires them back to
 * back, a harsher case than the profile, reported for comparison.
 *
 * The verdict (met only if all hold):
 * - no alarm lost: every alarm annunciated (banner and tone) within 5 s,
 *   and every ended alarm gone from its tile within 5 s. A loss is never
 *   weighted away;
 * - the p99 at the load profile's mix, ≥ 1,000 single alarms and one burst
 *   of 64, ≤ 50 ms: each burst's alarms weigh 1/--bursts, which is the
 *   same as pooling that many runs of one burst each (one burst's 64
 *   alarms are 6 % of the run, so one run's p99 would be that one burst);
 * - the slowest alarm of the worst burst ≤ 100 ms.
 * Printed beside them: the p99 over the alarms as fired (39 % from bursts:
 * in effect the worst burst) and how many bursts ran over 50 ms.
 *
 * A benchmark, not a test: prints a table; exits 0 when the verdict is met,
 * 3 when it is not, 1 on a setup error (a wait that cannot run included).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { AlarmPriority } from '../../../shared/domain/alarm-condition';
import { startStationHost, type StationHost } from '../../host/station-host';
import { armedWait, pageAlarmTimes, waitInPage } from '../support/alarm-page-observer';
import { openBenchWall, runBenchmark } from '../support/bench-wall';
import { buildRenderer } from '../support/build-renderer';
import { percentile, weightedPercentile } from '../support/percentile';
import { alarmLatencyVerdict, TARGET_P99_MS, TARGET_WORST_BURST_MS } from './verdict';

const LOST_AFTER_MS = 5_000;
const PRIORITY_RANK: Record<AlarmPriority, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

interface Fired {
  alarmId: string;
  bedId: string;
  message: string;
  priority: AlarmPriority;
  arrivedAt: number;
}

interface Measured extends Fired {
  eventMs: number | null;
  /** The alarm's banner on its bed's tile. */
  bannerMs: number | null;
  /** Its row in the alarm bar (absent for alarms the bar only counts). */
  rowMs: number | null;
  toneMs: number | null;
}

interface PageWindow {
  __benchBannerAt(bedId: string, message: string): number | undefined;
  __benchLatestBanner: Map<string, { message: string | null; at: number }>;
  __vigilDiagnostics: { toneStartsSince(ms: number): unknown[] };
}

async function collect(page: Page, fired: Fired[]): Promise<Measured[]> {
  const since = Math.min(...fired.map((f) => f.arrivedAt));
  const times = await pageAlarmTimes(
    page,
    fired.map((f) => f.alarmId),
    fired.map((f) => ({ bedId: f.bedId, message: f.message })),
    since,
  );
  return fired.map((f) => {
    const seen = times.alarms[f.alarmId] ?? {};
    const bannerAt = times.banners[`${f.bedId}|${f.message}`];
    // Alarms fired together are answered by one tone start (only the most urgent sounds),
    // which may come before the last of them arrived: that one waited 0 ms for its tone.
    const tone = times.tones.find((t) => t.scheduledAt >= since && PRIORITY_RANK[t.priority as AlarmPriority] <= PRIORITY_RANK[f.priority]);
    const rel = (at: number | undefined) => (at === undefined || at < f.arrivedAt ? null : at - f.arrivedAt);
    return { ...f, eventMs: rel(seen.eventAt), bannerMs: rel(bannerAt), rowMs: rel(seen.rowAt), toneMs: tone ? Math.max(0, tone.scheduledAt - f.arrivedAt) : null };
  });
}

interface Pending {
  bedId: string;
  code: string;
  message: string;
  priority: AlarmPriority;
  arrivedAt: number;
}

/** Epoch ms on the clock the page stamps with (performance.timeOrigin + now, as in the page). */
function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Pushes one device alarm into the station as a connection would; the clock starts just before. */
function ingest(host: StationHost, bedId: string, code: string, priority: AlarmPriority, phase: 'start' | 'end'): Pending {
  const message = `Bench ${code}`;
  const alarm = { bedId, code, message, priority, source: 'device' as const, phase, deviceAlarmId: `${bedId}-${code}`, latching: false };
  const arrivedAt = now();
  host.station.ingestDeviceAlarm(alarm);
  return { bedId, code, message, priority, arrivedAt };
}

/**
 * Resolves once the station has sent what the ingests before it changed: it
 * sends the first alarm updates of a tick at the end of the task that made
 * them, so anything the benchmark does in that task is inside every alarm's
 * measured time.
 */
async function afterBroadcast<T>(value: T): Promise<T> {
  await new Promise((resolve) => setImmediate(resolve));
  return value;
}

/**
 * The alarm ids the station gave the alarms just started, looked up once they
 * are all in and sent (see afterBroadcast): looking them up earlier would put
 * the benchmark's own bookkeeping inside the measured time.
 */
function raised(host: StationHost, pending: Pending[]): Fired[] {
  const active = host.station.alarms.list().filter((a) => a.state === 'active');
  return pending.flatMap((p) => {
    const alarm = active.find((a) => a.bedId === p.bedId && a.code === p.code);
    return alarm ? [{ alarmId: alarm.alarmId, bedId: p.bedId, message: p.message, priority: p.priority, arrivedAt: p.arrivedAt }] : [];
  });
}

/**
 * Waits until no tile shows this message any more (by text: other alarms a
 * bed may have do not count); false if one still does after 5 s.
 */
function tilesCleared(page: Page, message: string): Promise<boolean> {
  return waitInPage(
    page,
    (text) => ![...document.querySelectorAll('[data-testid="tile-alarm"]')].some((b) => (b.textContent ?? '').replace(/^\*+ /, '').replace(/( · (L\d|ACK))+$/, '') === text),
    message,
    LOST_AFTER_MS,
  );
}

/** Why an alarm was not seen: what its tile showed, and what the station had on that bed. */
async function describeLoss(page: Page, host: StationHost, m: Measured): Promise<string> {
  const tile = await page.evaluate((bedId) => (window as unknown as PageWindow).__benchLatestBanner.get(bedId) ?? null, m.bedId);
  const onBed = host.station.alarms
    .list()
    .filter((a) => a.bedId === m.bedId)
    .map((a) => `${a.code}/${a.priority}/${a.state}`);
  return `  lost: ${m.message} (${m.priority}) on ${m.bedId}: event ${m.eventMs?.toFixed(1) ?? '–'} ms, banner ${m.bannerMs?.toFixed(1) ?? '–'}, tone ${m.toneMs?.toFixed(1) ?? '–'}; tile last showed ${JSON.stringify(tile?.message ?? null)}; station has ${onBed.join(', ') || 'nothing'} on the bed`;
}

/** The header of a `summarize` table, its first column titled `title`. */
function summaryHeader(title: string): string {
  return `| ${title.padEnd(44)} |     n |     p50 |     p99 |     max | lost |\n| ${'-'.repeat(44)} | ----- | ------- | ------- | ------- | ---- |`;
}

function summarize(label: string, values: Array<number | null>): string {
  const ok = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const lost = values.length - ok.length;
  const f = (v: number) => v.toFixed(1).padStart(7);
  return `| ${label.padEnd(44)} | ${String(values.length).padStart(5)} | ${f(percentile(ok, 50))} | ${f(percentile(ok, 99))} | ${f(ok.at(-1) ?? NaN)} | ${String(lost).padStart(4)} |`;
}

function describeBurst(round: number, measured: Measured[]): string {
  const worst = (key: 'eventMs' | 'toneMs' | 'bannerMs') => {
    const values = measured.map((m) => m[key]);
    return values.includes(null) ? 'lost' : Math.max(...(values as number[])).toFixed(1);
  };
  return `| ${String(round + 1).padStart(5)} | ${worst('eventMs').padStart(15)} | ${worst('toneMs').padStart(14)} | ${worst('bannerMs').padStart(14)} |`;
}

async function main(): Promise<number> {
  const beds = Number(flag('beds', '64'));
  const count = Number(flag('alarms', '1000'));
  const burst = Math.min(beds, Number(flag('burst', '64')));
  const bursts = Number(flag('bursts', '10'));
  const settleMs = Number(flag('settle-ms', '1000'));
  const rendererDirFlag = process.argv.includes('--renderer-dir') ? resolve(flag('renderer-dir', 'out/renderer')) : null;
  const rendererDir = rendererDirFlag ?? (await mkdtemp(join(tmpdir(), 'vigil-bench-renderer-')));
  if (!rendererDirFlag) await buildRenderer(rendererDir);

  const host = await startStationHost({ rendererDir, config: { feed: { kind: 'simulator', beds, seed: Number(flag('seed', '1')) }, scenarioControls: true } });
  const loadAtStart = loadavg()[0]!;
  const { browser, page } = await openBenchWall(host.url, beds);
  try {
    const bedIds = host.station.beds.map((b) => b.bedId);
    const latency = (m: Measured) => (m.bannerMs === null || m.toneMs === null ? null : Math.max(m.bannerMs, m.toneMs));
    const sequential: Measured[] = [];
    const losses: string[] = [];
    /** Ended alarms still on their tile after 5 s: shown as current when they are not. */
    let notCleared = 0;
    const priorities: AlarmPriority[] = ['HIGH', 'MEDIUM', 'LOW'];
    for (let i = 0; i < count; i++) {
      const bedId = bedIds[i % bedIds.length]!;
      const priority = priorities[i % 3]!;
      const code = `BENCH_${i}`;
      const before = now();
      const annunciated = await armedWait(
        page,
        ({ bedId, message, before }) => {
          const w = window as unknown as PageWindow;
          return (w.__benchBannerAt(bedId, message) ?? 0) >= before && w.__vigilDiagnostics.toneStartsSince(before).length > 0;
        },
        { bedId, message: `Bench ${code}`, before },
        LOST_AFTER_MS,
      );
      const [fired] = raised(host, await afterBroadcast([ingest(host, bedId, code, priority, 'start')]));
      if (!fired) throw new Error(`the station did not raise ${code}`);
      await annunciated.done;
      const [measured] = await collect(page, [fired]);
      sequential.push(measured!);
      if (latency(measured!) === null) losses.push(await describeLoss(page, host, measured!));
      ingest(host, bedId, code, priority, 'end');
      if (!(await tilesCleared(page, fired.message))) notCleared++;
    }

    // Bursts: every bed at once, as when a power glitch hits the unit. One burst is one
    // frame's worth of work, so several are fired, each ended before the next.
    const burstMeasured: Measured[] = [];
    const burstRounds: Measured[][] = [];
    const perBurst: string[] = [];
    /** Each burst's slowest alarm (null if any was lost): one slow frame delays all 64 together. */
    const burstWorst: Array<number | null> = [];
    for (let round = 0; round < bursts; round++) {
      // A quiet period under full load before each burst, the first too (it would otherwise land
      // on the page still clearing the last single alarm): not a wait for an app event, the
      // point is time passing.
      if (settleMs > 0) await page.waitForTimeout(settleMs);
      const before = now();
      const message = `Bench POWER_GLITCH_${round}`;
      const annunciated = await armedWait(
        page,
        ({ bedIds, message, before }) => bedIds.every((bedId) => ((window as unknown as PageWindow).__benchBannerAt(bedId, message) ?? 0) >= before),
        { bedIds: bedIds.slice(0, burst), message, before },
        LOST_AFTER_MS,
      );
      const pending: Pending[] = [];
      for (let i = 0; i < burst; i++) pending.push(ingest(host, bedIds[i]!, `POWER_GLITCH_${round}`, 'HIGH', 'start'));
      const burstFired = raised(host, await afterBroadcast(pending));
      if (burstFired.length !== burst) throw new Error(`the station raised ${burstFired.length} of the burst's ${burst} alarms`);
      await annunciated.done;
      const measured = await collect(page, burstFired);
      burstMeasured.push(...measured);
      burstRounds.push(measured);
      perBurst.push(describeBurst(round, measured));
      const latencies = measured.map(latency);
      burstWorst.push(latencies.includes(null) ? null : Math.max(...(latencies as number[])));
      for (const m of measured) if (latency(m) === null) losses.push(await describeLoss(page, host, m));
      for (let i = 0; i < burst; i++) ingest(host, bedIds[i]!, `POWER_GLITCH_${round}`, 'HIGH', 'end');
      if (!(await tilesCleared(page, message))) notCleared++;
    }

    const all = [...sequential, ...burstMeasured];
    console.log(`\nAlarm latency, ${beds} beds under full simulated load, ${cpus().length} cores, Chromium headless 1920×1080, load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end`);
    console.log(summaryHeader('measure (ms from arrival at the main process)'));
    console.log(summarize('baseline: update received in the page', all.map((m) => m.eventMs)));
    console.log(summarize('tile banner painted', all.map((m) => m.bannerMs)));
    console.log(summarize('alarm-bar row painted (rows shown only)', all.filter((m) => m.rowMs !== null).map((m) => m.rowMs)));
    console.log(summarize('tone scheduled', all.map((m) => m.toneMs)));
    console.log(summarize(`annunciated (max of both), ${sequential.length} sequential`, sequential.map(latency)));
    console.log(summarize(`annunciated (max of both), ${bursts} bursts of ${burst}`, burstMeasured.map(latency)));
    console.log(summarize('annunciated (max of both), all', all.map(latency)));
    console.log(`\nPer burst (${settleMs} ms settled before each), worst of its ${burst} alarms, ms from arrival:`);
    console.log('| burst | update received | tone scheduled | banner painted |');
    console.log('| ----- | --------------- | -------------- | -------------- |');
    for (const line of perBurst) console.log(line);
    // With 64 alarms each, one slow burst is more than 1 % of the alarms: the p99 over all
    // alarms is in effect the worst burst. How often a burst runs over is the steadier figure.
    const over = burstWorst.filter((w) => w === null || w > TARGET_P99_MS).length;
    console.log(`\n${summaryHeader('per burst')}`);
    console.log(summarize(`slowest alarm (${over} of ${bursts} bursts over ${TARGET_P99_MS} ms)`, burstWorst));
    if (losses.length > 0) console.log(`\nLost (not annunciated within ${LOST_AFTER_MS / 1000} s):\n${losses.join('\n')}`);

    // The target's p99 is over alarms at the load profile's mix: ≥ 1,000 singles and one burst
    // of 64 (see verdict.ts). The transport-only baseline is read the same way.
    const verdict = alarmLatencyVerdict({ sequential: sequential.map(latency), bursts: burstRounds.map((b) => b.map(latency)), notCleared });
    const base = weightedPercentile(
      [...sequential.map((m) => ({ value: m.eventMs ?? Infinity, weight: 1 })), ...burstMeasured.map((m) => ({ value: m.eventMs ?? Infinity, weight: 1 / Math.max(1, bursts) }))],
      99,
    );
    const burstShare = Math.round((100 * burstMeasured.length) / Math.max(1, all.length));
    console.log(`\nAt the load profile's mix (${sequential.length} single alarms and one burst of ${burst}; each of the ${bursts} bursts weighs 1/${bursts}, as if ${bursts} runs of one burst were pooled):`);
    console.log(`p99 annunciated ${verdict.p99AtMix.toFixed(1)} ms (target ≤ ${TARGET_P99_MS} ms) = ${(verdict.p99AtMix / base).toFixed(2)} × the transport-only p99 (${base.toFixed(1)} ms)`);
    console.log(`Over all alarms as fired (${burstShare} % from bursts): p99 ${verdict.p99AsFired.toFixed(1)} ms, in effect the worst burst; ${over} of ${bursts} bursts ran over ${TARGET_P99_MS} ms.`);
    console.log(`Slowest alarm of the worst burst: ${verdict.worstBurst.toFixed(1)} ms (target ≤ ${TARGET_WORST_BURST_MS} ms).`);
    console.log(`Fired ${all.length}, lost ${verdict.lost}; ended alarms still on their tile after ${LOST_AFTER_MS / 1000} s: ${notCleared}.`);
    console.log(verdict.met ? 'Verdict: met.' : `Verdict: NOT MET: ${verdict.failures.join('; ')}.`);
    return verdict.met ? 0 : 3;
  } finally {
    await browser.close();
    await host.close();
    if (!rendererDirFlag) await rm(rendererDir, { recursive: true, force: true });
  }
}

runBenchmark(main);
