/**
 * What a burst of device alarms costs the main process, the way issue 12
 * states it: N device alarms (distinct, each starting) across 64 beds,
 *   engine alone     AlarmEngine.deviceAlarm, one after the other, with one
 *                    change listener (the station's), audit a no-op; with
 *                    the flood control out of the way (every alarm listed:
 *                    the cost of the list) and with its defaults;
 *   through station  Station.ingestDeviceAlarm on the test host's station
 *                    (64 simulated beds streaming, ticking), one alarm per
 *                    task as a connection delivers them, with one view that
 *                    serializes every event to JSON as the bridge (and
 *                    Electron's IPC) does.
 * Reports main-thread time (wall time from the first alarm in to the last
 * alarm update out), the longest station tick meanwhile, and the bytes sent
 * to the view. Uses only APIs that predate the delta protocol, so the same
 * file measures the code before and after (the "before" figures in
 * test/bench/README.md come from it).
 *
 *   node --import tsx test/bench/alarm-flood/cost.ts [--alarms 4000] [--beds 64]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlarmEngine } from '../../../electron/main/alarms/alarm-engine';
import { startStationHost } from '../../host/station-host';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const alarmCount = Number(flag('alarms', '4000'));
const bedCount = Number(flag('beds', '64'));

function deviceAlarm(i: number, bedIds: readonly string[]) {
  const priorities = ['MEDIUM', 'LOW'] as const;
  return {
    bedId: bedIds[i % bedIds.length]!,
    code: `FLOOD_${i % 50}`,
    message: `Flood alarm ${i}`,
    priority: priorities[i % 2]!,
    source: 'device' as const,
    phase: 'start' as const,
    deviceAlarmId: `flood-${i}`,
  };
}

/** Flood control and bounds out of the way, so every alarm becomes a record: the cost of the list itself. */
const UNBOUNDED = { burst: 1e9, perSecond: 1e9, maxOpen: 1e9, maxOpenPerBed: 1e9, maxHeldPerBed: 1e9 };

function engineAlone(bounded: boolean): { ms: number; open: number } {
  const beds = Array.from({ length: bedCount }, (_, i) => `bed-${i + 1}`);
  // Code before the flood control ignores the `flood` option (both rows then measure the same).
  const engine = new AlarmEngine({ stationId: 'bench', beds, audit: { recordClinical: async () => undefined, record: () => undefined }, idPrefix: 'bench', ...(bounded ? {} : { flood: UNBOUNDED }) });
  let updates = 0;
  engine.onChange(() => updates++);
  const start = performance.now();
  for (let i = 0; i < alarmCount; i++) engine.deviceAlarm(deviceAlarm(i, beds));
  return { ms: performance.now() - start, open: engine.list().length };
}

async function throughStation(): Promise<{ ms: number; longestTickMs: number; bytes: number; updates: number; open: number }> {
  const rendererDir = mkdtempSync(join(tmpdir(), 'vigil-cost-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
  const host = await startStationHost({ rendererDir, config: { feed: { kind: 'simulator', beds: bedCount, seed: 1 } } });
  try {
    const station = host.station;
    let longestTickMs = 0;
    const tick = station.tick.bind(station);
    station.tick = () => {
      const t = performance.now();
      tick();
      longestTickMs = Math.max(longestTickMs, performance.now() - t);
    };
    let bytes = 0;
    let updates = 0;
    let lastAlarmUpdateAt = 0;
    station.attach({
      event: (channel, payload) => {
        const text = JSON.stringify({ type: 'event', channel, payload });
        bytes += text.length;
        if (channel === 'unit:alarms') {
          updates++;
          lastAlarmUpdateAt = performance.now();
        }
      },
      waveformFrame: () => undefined,
    });
    await new Promise((r) => setTimeout(r, 500));
    longestTickMs = 0;
    const bedIds = station.beds.map((b) => b.bedId);
    const start = performance.now();
    for (let i = 0; i < alarmCount; i++) {
      station.ingestDeviceAlarm(deviceAlarm(i, bedIds));
      await new Promise((r) => setImmediate(r));
    }
    // Whatever is still coalescing goes out with the next tick at the latest.
    await new Promise((r) => setTimeout(r, 100));
    return { ms: lastAlarmUpdateAt - start, longestTickMs, bytes, updates, open: station.alarms.list().length };
  } finally {
    await host.close();
    rmSync(rendererDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  // Twice each, the first warming the JIT; the second is reported.
  engineAlone(false);
  const unbounded = engineAlone(false);
  engineAlone(true);
  const bounded = engineAlone(true);
  const station = await throughStation();
  console.log(`\n${alarmCount} device alarms on ${bedCount} beds`);
  console.log('| path | main thread, first alarm in → last update out | alarms listed | longest tick | updates sent | bytes to one view |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  console.log(`| engine alone, no flood control | ${unbounded.ms.toFixed(0)} ms | ${unbounded.open} | – | – | – |`);
  console.log(`| engine alone, default flood control | ${bounded.ms.toFixed(0)} ms | ${bounded.open} | – | – | – |`);
  console.log(`| through the station (defaults) | ${station.ms.toFixed(0)} ms | ${station.open} | ${station.longestTickMs.toFixed(1)} ms | ${station.updates} | ${(station.bytes / 1e6).toFixed(1)} MB |`);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
