import { mkdtempSync } from 'node:fs';
import { afterEach } from 'vitest';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SAMPLE_RATE_HZ, type WaveformChannel } from '../../../../shared/domain/channel';
import type { WaveformSegment } from '../../../../shared/waveform/frame';
import { recorderTick } from '../../../support/recorder-ticks';
import { RecorderCore } from '../../../../electron/main/disclosure/writer/recorder-core';
import { UnitSimulator } from '../../../../electron/main/simulator/unit-simulator';
import type { Numeric } from '../../../../shared/domain/numeric';

export const ROOT = resolve(__dirname, '../../../..');
export const START = Date.UTC(2026, 0, 15, 3, 0, 0);

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'vigil-disclosure-'));
}

/** Every sample fed, per bed and channel, by its time: what the record must give back. */
export class FedSamples {
  private readonly byKey = new Map<string, Map<number, number>>();

  add(bedId: string, segment: WaveformSegment): void {
    const key = `${bedId}|${segment.channel}`;
    const map = this.byKey.get(key) ?? new Map<number, number>();
    const period = 1000 / SAMPLE_RATE_HZ[segment.channel];
    segment.samples.forEach((v, i) => map.set(Math.round((segment.firstSampleAt + i * period) * 1000), v));
    this.byKey.set(key, map);
  }

  get(bedId: string, channel: WaveformChannel): Map<number, number> {
    return this.byKey.get(`${bedId}|${channel}`) ?? new Map();
  }
}

/** A simulated unit driven into a RecorderCore in 40 ms ticks, as the station does. */
export class SimulatedRecording {
  readonly sim: UnitSimulator;
  readonly core: RecorderCore;
  readonly fed = new FedSamples();
  readonly numerics: Array<{ bedId: string; numerics: Numeric[] }> = [];
  /** The station's monotonic clock (the simulator runs on it); the wall clock reads it plus `wallStep`. */
  now: number;
  /** How far someone has set the wall clock (FakeClock.stepWall). */
  wallStep = 0;

  constructor(options: { file: string; beds?: number; seed?: number; retentionMs?: number; start?: number; maxPending?: number }) {
    this.now = options.start ?? START;
    this.sim = new UnitSimulator({ beds: options.beds ?? 2, seed: options.seed ?? 1, startAt: this.now });
    this.core = new RecorderCore({ file: options.file, projectRoot: ROOT, beds: this.sim.beds.map((b) => b.bedId), retentionMs: options.retentionMs ?? 72 * 3_600_000, maxPending: options.maxPending });
    this.core.start(this.now, this.now);
  }

  /** Runs `ms` of unit time in 40 ms ticks, committing every 250 ms like the worker. */
  run(ms: number, options: { commit?: boolean } = {}): void {
    const end = this.now + ms;
    let lastCommit = this.now;
    while (this.now < end) {
      this.now += 40;
      const tick = this.sim.advanceTo(this.now);
      for (const s of tick.segments) this.fed.add(this.sim.beds[s.bedIndex]!.bedId, s);
      for (const n of tick.numerics) this.numerics.push({ bedId: this.sim.beds[n.bedIndex]!.bedId, numerics: n.numerics });
      this.core.ingest(recorderTick(this.now, tick, this.now + this.wallStep));
      if (options.commit !== false && this.now - lastCommit >= 250) {
        this.core.commit(this.now);
        lastCommit = this.now;
      }
    }
  }
}

/**
 * For a test file: SimulatedRecordings it opens with `recording`, each closed
 * after its test (or before, with `closeAll`, to read the file as closed).
 */
export function recordingsClosedAfterEach(): { recording(options: ConstructorParameters<typeof SimulatedRecording>[0]): SimulatedRecording; closeAll(): void } {
  let open: SimulatedRecording[] = [];
  const closeAll = () => {
    for (const r of open) r.core.close(r.now);
    open = [];
  };
  afterEach(closeAll);
  return {
    recording(options) {
      const r = new SimulatedRecording(options);
      open.push(r);
      return r;
    },
    closeAll,
  };
}

export function decodeRuns(runs: Array<{ t0: number; samples: string }>, channel: WaveformChannel): Map<number, number> {
  const period = 1000 / SAMPLE_RATE_HZ[channel];
  const out = new Map<number, number>();
  for (const run of runs) {
    const bytes = Buffer.from(run.samples, 'base64');
    const samples = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    samples.forEach((v, i) => out.set(Math.round((run.t0 + i * period) * 1000), v));
  }
  return out;
}
