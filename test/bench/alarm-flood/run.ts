/**
 * Alarm flood benchmark (target "Alarm flood" in the targets guide and
 * issue 12 item 4): 10,000 device alarms in 1 s across 64 beds while the
 * wall streams; no station tick over 100 ms, and a HIGH fired during the
 * flood annunciated with p99 ≤ 250 ms; the flooding beds throttled and named.
 *
 *   node --import tsx test/bench/alarm-flood/run.ts [--beds 64] [--alarms 10000] [--flood-ms 1000]
 *        [--rounds 5] [--probes 20] [--renderer-dir out/renderer] [--seed 1]
 *
 * One test host (the real station core, 64 simulated beds streaming) serves
 * the real renderer to headless Chromium at 1920×1080, as alarm-latency
 * does. Rounds alternate, so machine noise falls on both alike:
 *   quiet  the baseline, measured in the same run: --flood-ms of normal
 *          load with the probes only;
 *   flood  --alarms device alarm messages at an even rate over --flood-ms,
 *          across all beds, pushed into the station as a connection does
 *          (flood-source.ts: repeats, new ids of a bed's handful of
 *          conditions, ends; MEDIUM and LOW), with the same probes.
 * Probes: --probes HIGH device alarms per round, evenly spread over it, each
 * on its own bed (the flood's beds included). Each is timed from its
 * arrival at the main process to annunciated: its bed's tile banner painted
 * showing it (by text: the banner a MEDIUM flood alarm had is reused) and a
 * HIGH tone scheduled (the first probe's starts it; a probe arriving while
 * it plays waited 0 ms for its tone). The probes are the only HIGH alarms.
 *
 * Main process, per round (its window up to the end of the drain):
 *   longest tick       one Station.tick (decides alarms, runs the no-data
 *                      watchdog, sends data), wall time; beside it the most
 *                      CPU time the process used during one tick (all its
 *                      threads: an upper bound of the tick's own work), which
 *                      tells a costly tick from one the OS preempted;
 *   watchdog lateness  how much later than its 40 ms period the next tick
 *                      (and so the no-data watchdog) ran, at worst;
 *   event loop delay   monitorEventLoopDelay, p99 and max;
 * and the page's main thread busy share (CDP TaskDuration, as wall-render).
 * After each flood the benchmark waits until nothing is held back any more,
 * then checks that the station lists exactly the conditions the messages
 * add up to (none lost, none stale), that every bed that sent more than its
 * budget was named by ALARM_FLOOD, and that the page's alarm count equals
 * the station's. Then it ends everything (paced, outside the measurement).
 *
 * The verdict (met only if all hold): no probe lost; probe p99 in the flood
 * ≤ 250 ms; longest tick in the flood ≤ 100 ms; every flooding bed named;
 * no flood alarm lost or stale; the page's count right. Exits 0 when met, 3
 * when not, 1 on a setup error.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { CDPSession, Page } from 'playwright-core';
import { DEFAULT_ALARM_FLOOD_POLICY } from '../../../electron/main/alarms/device-alarm-flood';
import { startStationHost, type StationHost } from '../../host/station-host';
import { pageAlarmTimes, waitInPage } from '../support/alarm-page-observer';
import { openBenchWall, runBenchmark } from '../support/bench-wall';
import { buildRenderer } from '../support/build-renderer';
import { percentile } from '../support/percentile';
import { deliverEvenly, FloodSource } from './flood-source';

const LOST_AFTER_MS = 5_000;
const TARGET_PROBE_P99_MS = 250;
const TARGET_LONGEST_TICK_MS = 100;
const TICK_MS = 40;

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

/** Epoch ms on the clock the page stamps with. */
function now(): number {
  return performance.timeOrigin + performance.now();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Times every station tick: how long it ran, and how late it started after the one before. */
class TickMonitor {
  durations: number[] = [];
  /** CPU time of the process during each tick (all threads): what the tick cost, whatever the OS did meanwhile. */
  cpu: number[] = [];
  lateness: number[] = [];
  private lastStart: number | null = null;
  private readonly loop = monitorEventLoopDelay({ resolution: 10 });

  constructor(host: StationHost) {
    const station = host.station;
    const tick = station.tick.bind(station);
    // The station's interval calls this.tick(): an own property takes its place.
    station.tick = () => {
      const start = performance.now();
      if (this.lastStart !== null) this.lateness.push(Math.max(0, start - this.lastStart - TICK_MS));
      this.lastStart = start;
      const cpuBefore = process.cpuUsage();
      tick();
      this.durations.push(performance.now() - start);
      const cpu = process.cpuUsage(cpuBefore);
      this.cpu.push((cpu.user + cpu.system) / 1000);
    };
  }

  begin(): void {
    this.durations = [];
    this.cpu = [];
    this.lateness = [];
    this.lastStart = null;
    this.loop.reset();
    this.loop.enable();
  }

  end(): { longestTickMs: number; mostTickCpuMs: number; worstLatenessMs: number; loopP99Ms: number; loopMaxMs: number; ticks: number } {
    this.loop.disable();
    return {
      longestTickMs: Math.max(0, ...this.durations),
      mostTickCpuMs: Math.max(0, ...this.cpu),
      worstLatenessMs: Math.max(0, ...this.lateness),
      loopP99Ms: this.loop.percentile(99) / 1e6,
      loopMaxMs: this.loop.max / 1e6,
      ticks: this.durations.length,
    };
  }
}

interface Probe {
  bedId: string;
  message: string;
  arrivedAt: number;
}

/** The page's main thread: busy share over a span (CDP Performance TaskDuration, as wall-render). */
async function pageBusy(cdp: CDPSession): Promise<{ task: number; at: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { task: get('TaskDuration'), at: get('Timestamp') };
}

interface RoundResult {
  kind: 'quiet' | 'flood';
  /** Per probe: its update reaching the page, its banner painted, the HIGH tone scheduled (ms from arrival). */
  probeParts: Array<{ eventMs: number | null; bannerMs: number | null; toneMs: number | null }>;
  /** Share of the page's main thread busy over the round, %. */
  pageBusyPct: number;
  probeMs: Array<number | null>;
  ticks: ReturnType<TickMonitor['end']>;
  problems: string[];
  sent: number;
  bedsNamed: number;
  bedsOverBudget: number;
  updates: { count: number; bytes: number };
}

/** Alarms the page's alarm bar accounts for: rows shown plus the "+N more" count. */
async function pageAlarmCount(page: Page): Promise<number> {
  return page.evaluate(() => {
    const rows = document.querySelectorAll('[data-testid="alarm-row"]').length;
    const more = document.querySelector('[data-testid="alarm-more"]')?.textContent?.match(/\+(\d+)/);
    return rows + (more ? Number(more[1]) : 0);
  });
}

function stationShownCount(host: StationHost): number {
  return host.station.alarms.list().filter((a) => a.state !== 'resolved' || a.latching).length;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

async function runRound(
  kind: 'quiet' | 'flood',
  round: number,
  ctx: { host: StationHost; page: Page; cdp: CDPSession; monitor: TickMonitor; source: FloodSource; alarms: number; floodMs: number; probes: number; probeSerial: { n: number } },
): Promise<RoundResult> {
  const { host, page, monitor, source } = ctx;
  const station = host.station;
  const bedIds = station.beds.map((b) => b.bedId);
  const problems: string[] = [];
  const named = new Set<string>();
  const stopWatching = station.alarms.onChange((d) => {
    for (const a of d.changed) if (a.code === 'ALARM_FLOOD' && a.bedId) named.add(a.bedId);
  });
  const perBed = new Map<string, number>();
  const ingest = (alarm: Parameters<typeof station.ingestDeviceAlarm>[0]) => {
    perBed.set(alarm.bedId, (perBed.get(alarm.bedId) ?? 0) + 1);
    station.ingestDeviceAlarm(alarm);
  };
  const updatesBefore = (await pageAlarmTimes(page, [], [], 0)).updates;

  // Probes on distinct beds, evenly over the round.
  const beds = [...bedIds].sort(() => 0.5 - Math.random()).slice(0, ctx.probes);
  const probes: Probe[] = [];
  const busyBefore = await pageBusy(ctx.cdp);
  const roundStart = now();
  monitor.begin();
  const probeTimers = beds.map((bedId, k) =>
    setTimeout(
      () => {
        const message = `Bench PROBE_${ctx.probeSerial.n++}`;
        const arrivedAt = now();
        station.ingestDeviceAlarm({ bedId, code: 'PROBE', message, priority: 'HIGH', source: 'device', phase: 'start', deviceAlarmId: message, latching: false });
        probes.push({ bedId, message, arrivedAt });
      },
      ((k + 0.5) * ctx.floodMs) / ctx.probes,
    ),
  );
  const deliveryStart = now();
  if (kind === 'flood') await deliverEvenly(() => source.message(), ctx.alarms, ctx.floodMs, ingest);
  else await sleep(ctx.floodMs);
  const deliveryMs = now() - deliveryStart;
  while (probes.length < beds.length) await sleep(10);
  probeTimers.forEach(clearTimeout);

  // Every probe annunciated (banner painted; the tone is read after).
  const seen = await waitInPage(
    page,
    (ps) => ps.every((p) => (window as unknown as { __benchBannerAt(b: string, m: string): number | undefined }).__benchBannerAt(p.bedId, p.message) !== undefined),
    probes.map((p) => ({ bedId: p.bedId, message: p.message })),
    LOST_AFTER_MS,
  );
  if (!seen) problems.push('a probe was not shown within 5 s');
  // Each probe's alarm id, to read when its update reached the page (looked up now, outside its measured time).
  const idOf = new Map(station.alarms.list().filter((a) => a.code === 'PROBE').map((a) => [a.message, a.alarmId]));
  const times = await pageAlarmTimes(page, [...idOf.values()], probes, roundStart);
  const firstHighTone = times.tones.find((t) => t.priority === 'HIGH' && t.scheduledAt >= roundStart)?.scheduledAt;
  const probeParts = probes.map((p) => {
    const banner = times.banners[`${p.bedId}|${p.message}`];
    const eventAt = times.alarms[idOf.get(p.message) ?? '']?.eventAt;
    return {
      eventMs: eventAt === undefined ? null : eventAt - p.arrivedAt,
      bannerMs: banner === undefined ? null : banner - p.arrivedAt,
      toneMs: firstHighTone === undefined ? null : Math.max(0, firstHighTone - p.arrivedAt),
    };
  });
  const probeMs = probeParts.map((p) => (p.bannerMs === null || p.toneMs === null ? null : Math.max(p.bannerMs, p.toneMs)));

  if (kind === 'flood') {
    // Drain: the flood has stopped; what was held back comes through at its steady rate.
    const drained = await until(() => {
      const status = station.alarms.floodStatus();
      return status.waiting === 0 && status.beds.every((b) => !b.throttled);
    }, 60_000);
    if (!drained) problems.push('held alarms not through within 60 s');
  }
  const ticks = monitor.end();
  const busyAfter = await pageBusy(ctx.cdp);
  stopWatching();

  if (kind === 'flood') {
    const expected = source.expected();
    const listed = new Map<string, Set<string>>(bedIds.map((b) => [b, new Set()]));
    for (const a of station.alarms.list()) if (a.bedId && a.code.startsWith('FLOOD_') && a.state !== 'resolved') listed.get(a.bedId)?.add(a.code);
    let lost = 0;
    let stale = 0;
    for (const [bedId, codes] of expected) {
      for (const code of codes) if (!listed.get(bedId)?.has(code)) lost++;
      for (const code of listed.get(bedId) ?? []) if (!codes.has(code)) stale++;
    }
    if (lost > 0) problems.push(`${lost} flood condition(s) active per the messages but not listed`);
    if (stale > 0) problems.push(`${stale} flood condition(s) listed but ended per the messages`);
    const discarded = station.alarms.floodStatus().discarded;
    if (discarded > 0) problems.push(`${discarded} message(s) discarded`);
  }
  // Over budget for certain: more than the whole burst plus what the budget refilled while the flood was delivered.
  const budget = DEFAULT_ALARM_FLOOD_POLICY.burst + (DEFAULT_ALARM_FLOOD_POLICY.perSecond * deliveryMs) / 1000;
  const overBudget = [...perBed].filter(([, n]) => n > budget).map(([b]) => b);
  const unnamed = overBudget.filter((b) => !named.has(b));
  if (unnamed.length > 0) problems.push(`${unnamed.length} bed(s) over budget without ALARM_FLOOD`);

  // End the probes and (paced, outside the measurement) everything the flood left.
  for (const p of probes) station.ingestDeviceAlarm({ bedId: p.bedId, code: 'PROBE', message: p.message, priority: 'HIGH', source: 'device', phase: 'end', deviceAlarmId: p.message, latching: false });
  const ends = source.endAll();
  if (ends.length > 0) await deliverEvenly(() => ends.shift()!, ends.length, Math.max(200, ends.length), (a) => station.ingestDeviceAlarm(a));
  const quiet = await until(() => station.alarms.list().every((a) => a.source !== 'device') && !station.alarms.list().some((a) => a.code === 'ALARM_FLOOD'), 60_000);
  if (!quiet) problems.push('flood alarms not cleared within 60 s of their ends');
  // The page must agree with the station: a view never silently holds a stale list.
  const agreed = await until(async () => (await pageAlarmCount(page)) === stationShownCount(host), LOST_AFTER_MS);
  if (!agreed) problems.push(`the page shows ${await pageAlarmCount(page)} alarms, the station ${stationShownCount(host)}`);
  const updatesAfter = (await pageAlarmTimes(page, [], [], 0)).updates;
  console.log(`  round ${round + 1} (${kind}): ${probes.length} probes, longest tick ${ticks.longestTickMs.toFixed(1)} ms${problems.length ? `; ${problems.join('; ')}` : ''}`);
  return {
    kind,
    pageBusyPct: (100 * (busyAfter.task - busyBefore.task)) / Math.max(1e-6, busyAfter.at - busyBefore.at),
    probeParts,
    probeMs,
    ticks,
    problems,
    sent: kind === 'flood' ? ctx.alarms : 0,
    bedsNamed: named.size,
    bedsOverBudget: overBudget.length,
    updates: { count: updatesAfter.count - updatesBefore.count, bytes: updatesAfter.bytes - updatesBefore.bytes },
  };
}

function row(label: string, quiet: string, flood: string, target: string): string {
  return `| ${label.padEnd(46)} | ${quiet.padStart(10)} | ${flood.padStart(10)} | ${target.padEnd(10)} |`;
}

async function main(): Promise<number> {
  const bedCount = Number(flag('beds', '64'));
  const alarms = Number(flag('alarms', '10000'));
  const floodMs = Number(flag('flood-ms', '1000'));
  const rounds = Number(flag('rounds', '5'));
  const probes = Math.min(bedCount, Number(flag('probes', '20')));
  const seed = Number(flag('seed', '1'));
  const rendererDirFlag = process.argv.includes('--renderer-dir') ? resolve(flag('renderer-dir', 'out/renderer')) : null;
  const rendererDir = rendererDirFlag ?? (await mkdtemp(join(tmpdir(), 'vigil-bench-renderer-')));
  if (!rendererDirFlag) await buildRenderer(rendererDir);

  const host = await startStationHost({ rendererDir, config: { feed: { kind: 'simulator', beds: bedCount, seed } } });
  const loadAtStart = loadavg()[0]!;
  const { browser, page } = await openBenchWall(host.url, bedCount);
  try {
    await sleep(1000);

    const monitor = new TickMonitor(host);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const ctx = { host, page, cdp, monitor, source: new FloodSource(host.station.beds.map((b) => b.bedId), seed), alarms, floodMs, probes, probeSerial: { n: 0 } };
    const results: RoundResult[] = [];
    console.log(`Alarm flood: ${rounds} quiet and ${rounds} flood rounds, alternating`);
    for (let r = 0; r < rounds; r++) {
      results.push(await runRound('quiet', r, ctx));
      await sleep(1000);
      results.push(await runRound('flood', r, ctx));
      await sleep(1000);
    }
    const status = host.station.alarms.floodStatus();

    const of = (kind: 'quiet' | 'flood') => results.filter((r) => r.kind === kind);
    const probeStats = (kind: 'quiet' | 'flood') => {
      const all = of(kind).flatMap((r) => r.probeMs);
      const ok = all.filter((v): v is number => v !== null).sort((a, b) => a - b);
      return { n: all.length, lost: all.length - ok.length, p50: percentile(ok, 50), p99: percentile(ok, 99), max: ok.at(-1) ?? NaN, p99WithLost: all.length > ok.length ? Infinity : percentile(ok, 99) };
    };
    const worst = (kind: 'quiet' | 'flood', pick: (t: RoundResult['ticks']) => number) => Math.max(...of(kind).map((r) => pick(r.ticks)));
    const sum = (kind: 'quiet' | 'flood', pick: (r: RoundResult) => number) => of(kind).reduce((n, r) => n + pick(r), 0);
    const worstOf = (kind: 'quiet' | 'flood', pick: (r: RoundResult) => number) => Math.max(...of(kind).map(pick));
    const q = probeStats('quiet');
    const f = probeStats('flood');
    const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '∞');

    console.log(`\nAlarm flood, ${bedCount} beds streaming, ${alarms} device alarms in ${floodMs} ms per flood round, ${cpus().length} cores, Chromium headless 1920×1080, load average ${loadAtStart.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end`);
    console.log(row('measure', 'quiet', 'flood', 'target'));
    console.log(row('-'.repeat(46), '-'.repeat(10), '-'.repeat(10), '-'.repeat(10)));
    console.log(row('longest station tick, ms', ms(worst('quiet', (t) => t.longestTickMs)), ms(worst('flood', (t) => t.longestTickMs)), `≤ ${TARGET_LONGEST_TICK_MS}`));
    console.log(row('most CPU in one tick, ms (process, all threads)', ms(worst('quiet', (t) => t.mostTickCpuMs)), ms(worst('flood', (t) => t.mostTickCpuMs)), ''));
    console.log(row('watchdog (tick) worst lateness, ms', ms(worst('quiet', (t) => t.worstLatenessMs)), ms(worst('flood', (t) => t.worstLatenessMs)), ''));
    console.log(row('page main thread busy, % (worst round)', worstOf('quiet', (r) => r.pageBusyPct).toFixed(0), worstOf('flood', (r) => r.pageBusyPct).toFixed(0), ''));
    console.log(row('event loop delay p99 / max, ms', `${ms(worst('quiet', (t) => t.loopP99Ms))} / ${ms(worst('quiet', (t) => t.loopMaxMs))}`, `${ms(worst('flood', (t) => t.loopP99Ms))} / ${ms(worst('flood', (t) => t.loopMaxMs))}`, ''));
    console.log(row(`HIGH probe annunciated p50, ms (n ${q.n} / ${f.n})`, ms(q.p50), ms(f.p50), ''));
    console.log(row('HIGH probe annunciated p99, ms', ms(q.p99), ms(f.p99), `≤ ${TARGET_PROBE_P99_MS}`));
    console.log(row('HIGH probe annunciated max, ms', ms(q.max), ms(f.max), ''));
    console.log(row('HIGH probes lost', String(q.lost), String(f.lost), '0'));
    const partP99 = (kind: 'quiet' | 'flood', pick: (p: RoundResult['probeParts'][number]) => number | null) =>
      ms(percentile(of(kind).flatMap((r) => r.probeParts.map(pick)).filter((v): v is number => v !== null).sort((a, b) => a - b), 99));
    console.log(row('  of which: update at the page p99, ms', partP99('quiet', (p) => p.eventMs), partP99('flood', (p) => p.eventMs), ''));
    console.log(row('  banner painted p99, ms', partP99('quiet', (p) => p.bannerMs), partP99('flood', (p) => p.bannerMs), ''));
    console.log(row('  HIGH tone scheduled p99, ms', partP99('quiet', (p) => p.toneMs), partP99('flood', (p) => p.toneMs), ''));
    console.log(row('alarm updates to the page / round', (sum('quiet', (r) => r.updates.count) / rounds).toFixed(0), (sum('flood', (r) => r.updates.count) / rounds).toFixed(0), ''));
    console.log(row('alarm update bytes to the page / round, kB', (sum('quiet', (r) => r.updates.bytes) / rounds / 1000).toFixed(0), (sum('flood', (r) => r.updates.bytes) / rounds / 1000).toFixed(0), ''));
    console.log(row('beds over budget / named by ALARM_FLOOD', '', `${sum('flood', (r) => r.bedsOverBudget)} / ${sum('flood', (r) => r.bedsNamed)}`, 'all named'));
    console.log(`\nFlood control over the run: ${status.merged} repeats merged, ${status.delayed} held back and let through later, ${status.discarded} discarded; flood messages sent ${sum('flood', (r) => r.sent)}.`);
    console.log(`Probe p99 in the flood = ${(f.p99 / q.p99).toFixed(2)} × the quiet p99; longest tick = ${(worst('flood', (t) => t.longestTickMs) / Math.max(0.1, worst('quiet', (t) => t.longestTickMs))).toFixed(2)} × quiet.`);

    const problems = results.flatMap((r) => r.problems.map((p) => `${r.kind}: ${p}`));
    const failures = [
      q.lost + f.lost > 0 ? `${q.lost + f.lost} probe(s) lost` : null,
      !(f.p99WithLost <= TARGET_PROBE_P99_MS) ? `probe p99 in the flood ${ms(f.p99WithLost)} ms > ${TARGET_PROBE_P99_MS} ms` : null,
      !(worst('flood', (t) => t.longestTickMs) <= TARGET_LONGEST_TICK_MS) ? `longest tick in the flood ${ms(worst('flood', (t) => t.longestTickMs))} ms > ${TARGET_LONGEST_TICK_MS} ms` : null,
      ...problems,
    ].filter((x): x is string => x !== null);
    console.log(failures.length === 0 ? 'Verdict: met.' : `Verdict: NOT MET: ${failures.join('; ')}.`);
    return failures.length === 0 ? 0 : 3;
  } finally {
    await browser.close();
    await host.close();
    if (!rendererDirFlag) await rm(rendererDir, { recursive: true, force: true });
  }
}

runBenchmark(main);
