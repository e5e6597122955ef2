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
 *   banner    the alarm's banner in its bed's tile header inserted and the frame
 *             showing it produced (the second requestAnimationFrame after
 *             the insertion); the alarm bar's row is reported too, but
 *             a burst's bar shows only the most urgent two (and counts
 *             the rest), so the tile is the banner every alarm has;
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
 * The verdict is the p99 at the load profile's mix, ≥ 1,000 single alarms
 * and one burst of 64: each burst's alarms weigh 1/--bursts, which is the
 * same as pooling that many runs of one burst each. One run of one burst
 * would be a poor estimate: its 64 alarms are 6 % of the run, so its p99 is
 * that one burst. Printed beside it: the p99 over the alarms as fired (in
 * effect the worst burst) and how many bursts ran over 50 ms.
 *
 * A benchmark, not a test: prints a table and exits 0 (1 on a setup error).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import type { AlarmPriority } from '../../../shared/domain/alarm-condition';
import { startStationHost, type StationHost } from '../../host/station-host';
import { buildRenderer } from '../support/build-renderer';
import { percentile, weightedPercentile } from '../support/percentile';

const LOST_AFTER_MS = 5_000;
/** targets.md: annunciated within this, at the p99. Bursts are also counted against it. */
const TARGET_P99_MS = 50;
const PRIORITY_RANK: Record<AlarmPriority, number> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/**
 * Injected before the app: records, per alarm id, when the page heard of it
 * and when its row was painted. A string, not a function: the TypeScript
 * loader would wrap a function with helpers that do not exist in the page.
 */
const PAGE_OBSERVER = `(() => {
  const seen = new Map();
  const now = () => performance.timeOrigin + performance.now();
  const entry = (id) => { if (!seen.has(id)) seen.set(id, {}); return seen.get(id); };
  window.__benchAlarms = seen;
  // The transport floor: the update's bytes arriving at the page's socket, before the app touches them.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (message) => {
        if (typeof message.data !== 'string' || !message.data.includes('"channel":"unit:alarms"')) return;
        const at = now();
        for (const a of JSON.parse(message.data).payload.alarms) if (entry(a.alarmId).eventAt === undefined) entry(a.alarmId).eventAt = at;
      });
    }
  };
  // Each alarm's banner in its bed's tile header (every alarm has one; the bar shows only the most urgent).
  window.__benchTileBanners = [];
  // Latest banner time per bed: what the wait conditions read, in constant time. They run in
  // the page while alarms are in flight, so they must not cost it anything (scanning every
  // banner recorded so far, 64 times per poll, did).
  window.__benchLatestBanner = new Map();
  new MutationObserver((mutations) => {
    const added = [];
    const beds = [];
    for (const m of mutations)
      for (const node of m.addedNodes) {
        if (!(node instanceof HTMLElement)) continue;
        const rows = node.matches('[data-testid="alarm-row"]') ? [node] : [...node.querySelectorAll('[data-testid="alarm-row"]')];
        for (const row of rows) if (row.dataset.alarmId && entry(row.dataset.alarmId).rowAt === undefined) added.push(row.dataset.alarmId);
        const banners = node.matches('[data-testid="tile-alarm"]') ? [node] : [...node.querySelectorAll('[data-testid="tile-alarm"]')];
        for (const banner of banners) { const header = banner.closest('[data-header-of]'); if (header) beds.push(header.dataset.headerOf); }
      }
    if (added.length === 0 && beds.length === 0) return;
    // The first rAF runs at the start of the frame that shows them; the next one
    // runs once that frame has been produced, i.e. painted.
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const at = now();
      for (const id of added) entry(id).rowAt ??= at;
      for (const bedId of beds) {
        window.__benchTileBanners.push({ bedId, at });
        window.__benchLatestBanner.set(bedId, at);
      }
    }));
  }).observe(document, { childList: true, subtree: true });
})();`;

interface Fired {
  alarmId: string;
  bedId: string;
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

async function collect(page: Page, fired: Fired[]): Promise<Measured[]> {
  const since = Math.min(...fired.map((f) => f.arrivedAt));
  const { alarms, banners, tones } = await page.evaluate((s) => {
    const w = window as unknown as {
      __benchAlarms: Map<string, { eventAt?: number; rowAt?: number }>;
      __benchTileBanners: Array<{ bedId: string; at: number }>;
      __vigilDiagnostics: { toneStartsSince(ms: number): Array<{ priority: string; scheduledAt: number }> };
    };
    return { alarms: Object.fromEntries(w.__benchAlarms), banners: w.__benchTileBanners.filter((b) => b.at >= s), tones: w.__vigilDiagnostics.toneStartsSince(s) };
  }, since);
  return fired.map((f) => {
    const seen = alarms[f.alarmId] ?? {};
    const banner = banners.find((b) => b.bedId === f.bedId && b.at >= f.arrivedAt);
    // Alarms fired together are answered by one tone start (only the most urgent sounds),
    // which may come before the last of them arrived: that one waited 0 ms for its tone.
    const tone = tones.find((t) => t.scheduledAt >= since && PRIORITY_RANK[t.priority as AlarmPriority] <= PRIORITY_RANK[f.priority]);
    const rel = (at: number | undefined) => (at === undefined ? null : at - f.arrivedAt);
    return { ...f, eventMs: rel(seen.eventAt), bannerMs: rel(banner?.at), rowMs: rel(seen.rowAt), toneMs: tone ? Math.max(0, tone.scheduledAt - f.arrivedAt) : null };
  });
}

interface Pending {
  bedId: string;
  code: string;
  priority: AlarmPriority;
  arrivedAt: number;
}

/** Epoch ms on the clock the page stamps with (performance.timeOrigin + now, as in the page). */
function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Pushes one device alarm into the station as a connection would; the clock starts just before. */
function ingest(host: StationHost, bedId: string, code: string, priority: AlarmPriority, phase: 'start' | 'end'): Pending {
  const alarm = { bedId, code, message: `Bench ${code}`, priority, source: 'device' as const, phase, deviceAlarmId: `${bedId}-${code}`, latching: false };
  const arrivedAt = now();
  host.station.ingestDeviceAlarm(alarm);
  return { bedId, code, priority, arrivedAt };
}

/**
 * Resolves once the station has sent what the ingests before it changed: it
 * sends alarm updates at the end of the task that made them, so anything the
 * benchmark does in that task is inside every alarm's measured time.
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
    return alarm ? [{ alarmId: alarm.alarmId, bedId: p.bedId, priority: p.priority, arrivedAt: p.arrivedAt }] : [];
  });
}

/**
 * Starts a wait in the page and returns it once it is in place there, before
 * the alarm is fired: so no benchmark traffic crosses to the page while an
 * alarm is in flight (installing the wait then landed on the page's main
 * thread inside the measured time). CDP commands run in order, so once a
 * later evaluate has answered, the wait's poller is installed.
 */
async function armed(page: Page, predicate: string): Promise<{ done: Promise<boolean> }> {
  const done = waitFor(page, predicate, null);
  await page.evaluate(() => 0);
  // Wrapped: an async function returning the promise itself would wait for it.
  return { done };
}

async function waitFor(page: Page, predicate: string, arg: unknown): Promise<boolean> {
  try {
    // The page stamps the times itself; polling only paces the loop, so keep it light.
    await page.waitForFunction(predicate, arg, { timeout: LOST_AFTER_MS, polling: 50 });
    return true;
  } catch {
    return false;
  }
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
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.addInitScript({ content: PAGE_OBSERVER });
    await page.goto(host.url);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="bed-tile"][data-state="live"]').length === n, beds, { timeout: 30_000 });
    await page.waitForFunction(() => (window as unknown as { __vigilDiagnostics?: { audio(): { contextState: string } } }).__vigilDiagnostics?.audio().contextState === 'running', null, { timeout: 10_000 });

    const bedIds = host.station.beds.map((b) => b.bedId);
    const latency = (m: Measured) => (m.bannerMs === null || m.toneMs === null ? null : Math.max(m.bannerMs, m.toneMs));
    const sequential: Measured[] = [];
    const priorities: AlarmPriority[] = ['HIGH', 'MEDIUM', 'LOW'];
    for (let i = 0; i < count; i++) {
      const bedId = bedIds[i % bedIds.length]!;
      const priority = priorities[i % 3]!;
      const code = `BENCH_${i}`;
      const before = now();
      const annunciated = await armed(
        page,
        `(window.__benchLatestBanner.get(${JSON.stringify(bedId)}) ?? 0) >= ${before}
          && window.__vigilDiagnostics.toneStartsSince(${before}).length > 0`,
      );
      const [fired] = raised(host, await afterBroadcast([ingest(host, bedId, code, priority, 'start')]));
      if (!fired) continue;
      await annunciated.done;
      sequential.push(...(await collect(page, [fired])));
      ingest(host, bedId, code, priority, 'end');
      await waitFor(page, `!document.querySelector('[data-header-of=${JSON.stringify(bedId)}] [data-testid="tile-alarm"]')`, null);
    }

    // Bursts: every bed at once, as when a power glitch hits the unit. One burst is one
    // frame's worth of work, so several are fired, each ended before the next.
    const burstMeasured: Measured[] = [];
    const perBurst: string[] = [];
    /** Each burst's slowest alarm (null if any was lost): one slow frame delays all 64 together. */
    const burstWorst: Array<number | null> = [];
    for (let round = 0; round < bursts; round++) {
      // A quiet period under full load before each burst, the first too (it would otherwise land
      // on the page still clearing the last single alarm): not a wait for an app event, the
      // point is time passing.
      if (settleMs > 0) await page.waitForTimeout(settleMs);
      const before = now();
      const annunciated = await armed(page, `${JSON.stringify(bedIds.slice(0, burst))}.every((bedId) => (window.__benchLatestBanner.get(bedId) ?? 0) >= ${before})`);
      const pending: Pending[] = [];
      for (let i = 0; i < burst; i++) pending.push(ingest(host, bedIds[i]!, `POWER_GLITCH_${round}`, 'HIGH', 'start'));
      const burstFired = raised(host, await afterBroadcast(pending));
      await annunciated.done;
      const measured = await collect(page, burstFired);
      burstMeasured.push(...measured);
      perBurst.push(describeBurst(round, measured));
      const latencies = measured.map(latency);
      burstWorst.push(latencies.includes(null) ? null : Math.max(...(latencies as number[])));
      for (let i = 0; i < burst; i++) ingest(host, bedIds[i]!, `POWER_GLITCH_${round}`, 'HIGH', 'end');
      await waitFor(page, `!document.querySelector('[data-testid="tile-alarm"]')`, null);
    }

    const all = [...sequential, ...burstMeasured];
    console.log(`\nAlarm latency, ${beds} beds under full simulated load, ${cpus().length} cores, Chromium headless 1920×1080`);
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
    // The target's p99 is over alarms at the load profile's mix: ≥ 1,000 singles and one burst
    // of 64. Each burst's alarms weigh 1/bursts, so the bursts together count as that one:
    // the same as pooling `bursts` runs of one burst each. Lost alarms count as slowest.
    const atProfileMix = (measure: (m: Measured) => number | null) =>
      weightedPercentile(
        [
          ...sequential.map((m) => ({ value: measure(m) ?? Infinity, weight: 1 })),
          ...burstMeasured.map((m) => ({ value: measure(m) ?? Infinity, weight: 1 / bursts })),
        ],
        99,
      );
    const p99 = atProfileMix(latency);
    const base = atProfileMix((m) => m.eventMs);
    const p99AsFired = percentile(all.map((m) => latency(m) ?? Infinity).sort((a, b) => a - b), 99);
    const burstShare = Math.round((100 * burstMeasured.length) / Math.max(1, all.length));
    console.log(`\nAt the load profile's mix (${sequential.length} single alarms and one burst of ${burst}; each of the ${bursts} bursts weighs 1/${bursts}, as if ${bursts} runs of one burst were pooled):`);
    console.log(`p99 annunciated ${p99.toFixed(1)} ms (target ≤ ${TARGET_P99_MS} ms) = ${(p99 / base).toFixed(2)} × the transport-only p99 (${base.toFixed(1)} ms); fired ${all.length}, lost ${all.filter((m) => latency(m) === null).length}`);
    console.log(`Over all alarms as fired (${burstShare} % from bursts): p99 ${p99AsFired.toFixed(1)} ms, in effect the worst burst; ${over} of ${bursts} bursts ran over ${TARGET_P99_MS} ms.`);
    return 0;
  } finally {
    await browser.close();
    await host.close();
    if (!rendererDirFlag) await rm(rendererDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
