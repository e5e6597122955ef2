import { encodeWaveformFrame } from '../../../shared/waveform/frame';
import { recorderTick } from '../../support/recorder-ticks';
import { RecorderCore } from '../../../electron/main/disclosure/writer/recorder-core';
import { UnitSimulator, type SimulatorTick } from '../../../electron/main/simulator/unit-simulator';

const ROOT = `${__dirname}/../../..`;

export interface CpuFigures {
  seconds: number;
  /** CPU ms per second of unit time: encoding the tick's frame (what the views already cost, the baseline). */
  baselineMsPerS: number;
  /** CPU ms per second of unit time: everything the recorder does, main thread and worker together, on one thread. */
  recorderMsPerS: number;
  /** Of which the main thread's share (encode + hand over), ms per s. */
  mainThreadMsPerS: number;
}

/**
 * What recording the full unit costs: 64 beds of simulated ticks are
 * generated first (not measured), then replayed through the recorder's own
 * code in this one thread (frame, decode, blocks, delta + deflate, SQLite
 * commits every 250 ms, pruning steps), timed with process.cpuUsage. One
 * thread on purpose: the worker's share is then measured exactly, not
 * guessed from a process total that the other work of a noisy machine also
 * moves. The % of one core is CPU time over unit time.
 */
export function recorderCpu(file: string, seconds: number): CpuFigures {
  const start = Date.UTC(2026, 0, 15, 3, 0, 0);
  const sim = new UnitSimulator({ beds: 64, seed: 9, startAt: start });
  const ticks: Array<{ at: number; tick: SimulatorTick }> = [];
  for (let at = start + 40; at <= start + seconds * 1000; at += 40) ticks.push({ at, tick: sim.advanceTo(at) });

  let t = process.cpuUsage();
  for (const { tick } of ticks) if (tick.segments.length) encodeWaveformFrame(tick.segments);
  const baseline = cpuMs(process.cpuUsage(t));

  const core = new RecorderCore({ file, projectRoot: ROOT, beds: sim.beds.map((b) => b.bedId), retentionMs: 72 * 3_600_000 });
  core.start(start, start);
  let main = 0;
  let lastCommit = start;
  t = process.cpuUsage();
  for (const { at, tick } of ticks) {
    const m = process.cpuUsage();
    // The main thread's part (disclosure-recorder.ts): the frame and the numerics as the worker takes them.
    const message = recorderTick(at, tick);
    main += cpuMs(process.cpuUsage(m));
    core.ingest(message);
    if (at - lastCommit >= 250) {
      core.commit(at);
      lastCommit = at;
    }
  }
  core.close(start + seconds * 1000);
  const recorder = cpuMs(process.cpuUsage(t));
  return { seconds, baselineMsPerS: baseline / seconds, recorderMsPerS: recorder / seconds, mainThreadMsPerS: main / seconds };
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}
