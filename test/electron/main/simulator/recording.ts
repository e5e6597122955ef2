import { SAMPLE_RATE_HZ, type WaveformChannel } from '../../../../shared/domain/channel';
import type { Numeric, NumericKind } from '../../../../shared/domain/numeric';
import type { SimulatorTick, UnitSimulator } from '../../../../electron/main/simulator/unit-simulator';

/** Test helpers: drive a simulator and look at its output the way a monitor would, from samples only. */

export const START = 1_700_000_000_000;

export interface Trace {
  /** Epoch ms of each sample, computed from the segment's firstSampleAt and the channel rate. */
  times: number[];
  values: number[];
  flags: number[];
}

export class Recording {
  readonly traces = new Map<string, Trace>();
  readonly numerics: Array<{ bedIndex: number; numerics: Numeric[] }> = [];
  readonly ticks: SimulatorTick[] = [];

  constructor(private readonly keepTicks = false) {}

  add(tick: SimulatorTick): void {
    if (this.keepTicks) this.ticks.push(tick);
    for (const s of tick.segments) {
      const trace = this.trace(s.bedIndex, s.channel);
      const period = 1000 / SAMPLE_RATE_HZ[s.channel];
      for (let i = 0; i < s.samples.length; i++) {
        trace.times.push(s.firstSampleAt + i * period);
        trace.values.push(s.samples[i]!);
        trace.flags.push(s.flags);
      }
    }
    this.numerics.push(...tick.numerics);
  }

  trace(bedIndex: number, channel: WaveformChannel): Trace {
    const key = `${bedIndex}/${channel}`;
    let trace = this.traces.get(key);
    if (!trace) this.traces.set(key, (trace = { times: [], values: [], flags: [] }));
    return trace;
  }

  /** Every reported value of one kind for one bed, in order. */
  values(bedIndex: number, kind: NumericKind): Array<{ value: number | null; measuredAt: number }> {
    return this.numerics
      .filter((n) => n.bedIndex === bedIndex)
      .flatMap((n) => n.numerics.filter((x) => x.kind === kind).map(({ value, measuredAt }) => ({ value, measuredAt })));
  }
}

/** Advances from the simulator's current time (given as `from`) to `to` in fixed steps, recording everything. */
export function run(sim: UnitSimulator, from: number, to: number, stepMs: number, recording = new Recording()): Recording {
  for (let t = from + stepMs; ; t += stepMs) {
    const now = Math.min(t, to);
    recording.add(sim.advanceTo(now));
    if (now >= to) break;
  }
  return recording;
}

/**
 * R-peak detector: a rising crossing of half the trace's range opens a 60 ms
 * search for the maximum, then a 200 ms refractory period (as a QRS detector would).
 */
export function detectPeaks(trace: Trace, options: { searchMs: number; refractoryMs: number } = { searchMs: 60, refractoryMs: 200 }): number[] {
  const { times, values } = trace;
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const threshold = lo + (hi - lo) * 0.5;
  const peaks: number[] = [];
  let i = 1;
  while (i < values.length) {
    if (values[i]! > threshold && values[i - 1]! <= threshold) {
      let best = i;
      let j = i;
      while (j < values.length && times[j]! - times[i]! <= options.searchMs) {
        if (values[j]! > values[best]!) best = j;
        j++;
      }
      peaks.push(times[best]!);
      const until = times[best]! + options.refractoryMs;
      while (i < values.length && times[i]! < until) i++;
      continue;
    }
    i++;
  }
  return peaks;
}

/** Mean rate of a series of event times, per minute. */
export function ratePerMinute(times: readonly number[]): number {
  if (times.length < 2) return NaN;
  return ((times.length - 1) * 60_000) / (times[times.length - 1]! - times[0]!);
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Rising crossings of the midpoint with hysteresis: one per breath. */
export function countBreaths(trace: Trace): number {
  const lo = Math.min(...trace.values);
  const hi = Math.max(...trace.values);
  const high = lo + (hi - lo) * 0.6;
  const low = lo + (hi - lo) * 0.4;
  let armed = false;
  let count = 0;
  for (const v of trace.values) {
    if (v < low) armed = true;
    else if (v > high && armed) {
      count++;
      armed = false;
    }
  }
  return count;
}
