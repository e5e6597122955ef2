/**
 * Ingest benchmark (not a test: it prints a table).
 *   node --import tsx test/bench/ingest/run.ts [--seconds 60] [--passes 5] [--reconnects 3]
 *
 * Target (docs: ../shared/guide/targets.md, "Ingest"): the main-process
 * pipeline (decode, validate, route) sustains ≥ 10 × full-unit load on one
 * core with zero alarm events lost; baseline: raw JSON.parse of the same
 * frames (and a plain buffer copy, the floor), measured in the same run.
 * Also: reconnect-to-resynced time against the real reference gateway.
 *
 * Verdict (exit 0 only if all hold): no alarm event lost, no valid message
 * rejected, ≥ 10 × full-unit load, every reconnect resynced within 2 s.
 */
import { ReferenceGateway } from '../../../gateway/reference-gateway';
import type { Numeric } from '../../../shared/domain/numeric';
import { BedIndexMap } from '../../../electron/main/connections/gateway/bed-index-map';
import { InboundPipeline } from '../../../electron/main/connections/gateway/inbound-pipeline';
import { NumericsBuffer } from '../../../electron/main/connections/gateway/numerics-buffer';
import { StreamSequencer } from '../../../electron/main/connections/gateway/stream-sequencer';
import { WaveformBuffer } from '../../../electron/main/connections/gateway/waveform-buffer';
import type { GatewayFeedEvent } from '../../../electron/main/connections/gateway/gateway-feed';
import { connectStation, TOKEN, until } from '../../electron/main/connections/gateway/gateway-test-kit';
import { fullUnitTraffic, type WireTick } from './full-unit-traffic';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 60);
const PASSES = arg('passes', 5);
const RECONNECTS = arg('reconnects', 3);
const FULL_UNIT_SAMPLES_PER_S = 64 * (250 + 125 + 62.5);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface PassResult {
  wallMs: number;
  cpuMs: number;
  samples: number;
  alarmsSent: number;
  alarmsRouted: number;
  numericsRouted: number;
  rejected: number;
  shedSegments: number;
}

/**
 * The station's pipeline with the feed's own buffers, drained like the
 * station's 40 ms pull every `drainEvery` ticks. Alarm messages bypass the
 * buffers (routed at once), as in GatewayFeed.
 */
function pipelinePass(ticks: readonly WireTick[], bedIds: string[], options: { drainEvery: number; maxBufferedSamples: number }): PassResult {
  const map = new BedIndexMap(bedIds.map((bedId) => ({ bedId, label: bedId, patient: null })));
  map.update(bedIds);
  const sequencer = new StreamSequencer();
  sequencer.sync({ waveform: 0, numerics: 0, events: 0 });
  const waveforms = new WaveformBuffer(options.maxBufferedSamples);
  const numerics = new NumericsBuffer(bedIds.length, 16);
  let alarmsRouted = 0;
  let numericsRouted = 0;
  let rejected = 0;
  const pipeline = new InboundPipeline(
    {
      numerics: (bedIndex: number, values: Numeric[], sentAt: number) => void numerics.push(bedIndex, values, sentAt),
      journal: () => void alarmsRouted++,
      presence: () => undefined,
      heartbeat: () => undefined,
      waveform: (segment) => void waveforms.push(segment),
      gap: () => undefined,
    },
    () => void rejected++,
    map,
    sequencer,
  );
  let alarmsSent = 0;
  let samples = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < ticks.length; i++) {
    const tick = ticks[i]!;
    if (tick.alarm) {
      alarmsSent++;
      pipeline.message(tick.alarm);
    }
    if (tick.numerics) pipeline.message(tick.numerics);
    pipeline.waveform(i + 1, tick.frame);
    samples += tick.samples;
    if (i % options.drainEvery === options.drainEvery - 1) {
      waveforms.drain();
      numericsRouted += numerics.drain().length;
    }
  }
  numericsRouted += numerics.drain().length;
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, samples, alarmsSent, alarmsRouted, numericsRouted, rejected, shedSegments: waveforms.shed };
}

function jsonParseBaseline(ticks: readonly WireTick[]): { wallMs: number; samples: number } {
  let samples = 0;
  const t0 = performance.now();
  for (const tick of ticks) {
    const parsed = JSON.parse(tick.frameJson) as { segments: Array<{ samples: number[] }> };
    for (const s of parsed.segments) samples += s.samples.length;
  }
  return { wallMs: performance.now() - t0, samples };
}

function copyBaseline(ticks: readonly WireTick[]): { wallMs: number; samples: number } {
  let samples = 0;
  const t0 = performance.now();
  for (const tick of ticks) {
    const copy = new Uint8Array(tick.frame.byteLength);
    copy.set(tick.frame);
    samples += tick.samples;
  }
  return { wallMs: performance.now() - t0, samples };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Reconnect → resynced against the real gateway (64 beds), in-process, on the same port. */
async function reconnectTimes(): Promise<{ firstConnectMs: number; restarts: number[]; requestMs: number[] }> {
  let gateway = await ReferenceGateway.start({ token: TOKEN, beds: 64, seed: 3 });
  const port = gateway.listeningPort;
  const attachAt = Date.now();
  const s = await connectStation({ urls: [gateway.url], stationId: 'bench', beds: 64, heartbeatMs: 1000 });
  const isResync = (e: GatewayFeedEvent, after: number): e is Extract<GatewayFeedEvent, { type: 'resynced' }> => e.type === 'resynced' && e.at >= after;
  const first = await until(() => s.events.find((e) => isResync(e, 0)), 10_000);
  const firstConnectMs = first.at - attachAt;
  const restarts: number[] = [];
  const requestMs: number[] = [first.tookMs];
  try {
    for (let i = 0; i < RECONNECTS; i++) {
      await gateway.close();
      await until(() => s.events.find((e) => e.type === 'lost' && e.at >= attachAt + i), 5_000);
      await new Promise((r) => setTimeout(r, 2_000 + i * 1_500)); // down for a while: the backoff grows
      gateway = await ReferenceGateway.start({ token: TOKEN, beds: 64, seed: 3 }, { port });
      const reachableAt = Date.now();
      const resynced = await until(() => s.events.find((e) => isResync(e, reachableAt)), 15_000);
      restarts.push(resynced.at - reachableAt);
      requestMs.push(resynced.tookMs);
    }
  } finally {
    await s.close();
    await gateway.close();
  }
  return { firstConnectMs, restarts, requestMs };
}

async function main(): Promise<void> {
  process.stdout.write(`generating ${SECONDS} s of full-unit traffic (64 beds) from the simulator …\n`);
  const { ticks, bedIds } = fullUnitTraffic(SECONDS);
  const wireBytes = ticks.reduce((n, t) => n + t.frame.byteLength + (t.numerics?.byteLength ?? 0), 0);
  const jsonBytes = ticks.reduce((n, t) => n + t.frameJson.length, 0);

  pipelinePass(ticks, bedIds, { drainEvery: 1, maxBufferedSamples: 1e9 }); // warm-up (JIT)
  jsonParseBaseline(ticks);
  const passes = Array.from({ length: PASSES }, () => pipelinePass(ticks, bedIds, { drainEvery: 1, maxBufferedSamples: 64 * 3 * 250 * 2 }));
  const json = Array.from({ length: PASSES }, () => jsonParseBaseline(ticks));
  const copy = Array.from({ length: PASSES }, () => copyBaseline(ticks));
  // Flood: the station drains only every 10 s (a stalled main loop) with the feed's default buffer: waveform is shed, alarms never.
  const flood = pipelinePass(ticks, bedIds, { drainEvery: 250, maxBufferedSamples: 64 * 3 * 250 * 2 });

  const best = passes.reduce((a, b) => (a.wallMs < b.wallMs ? a : b));
  const pipelineRate = best.samples / (best.wallMs / 1000);
  const jsonRate = Math.max(...json.map((j) => j.samples / (j.wallMs / 1000)));
  const copyRate = Math.max(...copy.map((c) => c.samples / (c.wallMs / 1000)));
  const coreShareAtFullUnit = (median(passes.map((p) => p.cpuMs)) / 1000 / SECONDS) * 100;
  const alarmsLost = passes.reduce((n, p) => n + (p.alarmsSent - p.alarmsRouted), 0) + (flood.alarmsSent - flood.alarmsRouted);

  process.stdout.write(`measuring reconnect → resynced (${RECONNECTS} gateway restarts) …\n`);
  const reconnect = await reconnectTimes();

  const table: Array<[string, string, string, string]> = [];
  const row = (metric: string, value: string, target: string, notes: string) => table.push([metric, value, target, notes]);
  row('pipeline throughput (decode+validate+route)', `${fmt(pipelineRate / 1e6, 2)} M samples/s`, `≥ ${fmt((10 * FULL_UNIT_SAMPLES_PER_S) / 1e6, 2)} M (10× unit)`, `best of ${PASSES} passes over ${SECONDS} s of traffic`);
  row('  = multiple of full-unit load, one core', `${fmt(pipelineRate / FULL_UNIT_SAMPLES_PER_S, 0)} ×`, '≥ 10 ×', `full unit = ${fmt(FULL_UNIT_SAMPLES_PER_S)} samples/s + ~${fmt(ticks.reduce((n, t) => n + t.numericValues, 0) / SECONDS)} numerics/s`);
  row('  share of one core at full-unit load', `${fmt(coreShareAtFullUnit, 2)} %`, '≤ 10 %', `CPU time (user+sys) / simulated time, median of ${PASSES}`);
  row('baseline: JSON.parse of the same frames', `${fmt(jsonRate / 1e6, 2)} M samples/s`, '–', `pipeline / JSON.parse = ${fmt(pipelineRate / jsonRate, 1)} ×; JSON ${fmt(jsonBytes / 1e6, 1)} MB vs wire ${fmt(wireBytes / 1e6, 1)} MB`);
  row('floor: plain copy of the binary frames', `${fmt(copyRate / 1e6, 1)} M samples/s`, '–', `pipeline / copy = ${fmt(pipelineRate / copyRate, 2)} ×`);
  row('alarm events lost', `${alarmsLost}`, '0', `${best.alarmsSent} per pass, and ${flood.alarmsSent} in the flood pass`);
  row('flood (station drains every 10 s)', `${fmt(flood.shedSegments)} segments shed`, 'waveform first', `alarms routed ${flood.alarmsRouted}/${flood.alarmsSent}; numerics batches ${flood.numericsRouted}`);
  row('rejected (valid traffic)', `${best.rejected}`, '0', '');
  row('first connect → resynced (64 beds)', `${reconnect.firstConnectMs} ms`, '–', `snapshot round trip ${reconnect.requestMs[0]} ms`);
  row('gateway reachable again → resynced', `median ${median(reconnect.restarts)} ms, max ${Math.max(...reconnect.restarts)} ms`, '≤ 2000 ms', `${RECONNECTS} restarts after 2–${2 + (RECONNECTS - 1) * 1.5} s down; resync round trips ${reconnect.requestMs.slice(1).join(', ')} ms`);

  const headers = ['metric', 'measured', 'target', 'baseline / notes'];
  const width = [0, 1, 2, 3].map((c) => Math.max(...table.map((r) => r[c]!.length), headers[c]!.length));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  process.stdout.write(`\n${line(headers)}\n| ${width.map((w) => '-'.repeat(w)).join(' | ')} |\n`);
  for (const r of table) process.stdout.write(`${line(r)}\n`);

  // Lost alarms and rejected valid traffic fail by themselves, whatever the speed.
  const failures: string[] = [];
  if (alarmsLost > 0) failures.push(`${alarmsLost} alarm events lost`);
  if (best.rejected > 0 || flood.rejected > 0) failures.push(`${best.rejected + flood.rejected} valid messages rejected`);
  if (pipelineRate < 10 * FULL_UNIT_SAMPLES_PER_S) failures.push(`throughput ${fmt(pipelineRate / FULL_UNIT_SAMPLES_PER_S, 1)} × full-unit load < 10 ×`);
  if (Math.max(...reconnect.restarts) > 2000) failures.push(`reconnect → resynced ${Math.max(...reconnect.restarts)} ms > 2000 ms`);
  process.stdout.write(failures.length === 0 ? '\nverdict: PASS\n' : `\nverdict: FAIL – ${failures.join('; ')}\n`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
