import { SAMPLE_RATE_HZ, type WaveformChannel } from '../../../shared/domain/channel';
import type { Numeric } from '../../../shared/domain/numeric';
import { MAX_SAMPLES_PER_SEGMENT, SEGMENT_FLAG_LEAD_OFF, type WaveformSegment } from '../../../shared/waveform/frame';
import { SAMPLE_STEP, stepValue } from '../../../shared/disclosure/sample-steps';
import { BeatTrain } from './beats';
import { EcgSynth } from './ecg';
import { PlethSynth } from './pleth';
import { deriveSeed, Rng } from './prng';
import { RespSynth } from './resp';
import { resolveTargets, TargetRamp, type ScenarioPlan } from './scenarios';
import {
  firstNibpAt,
  measureNibp,
  NIBP_INTERVAL_MS,
  pickBaseline,
  VitalDrift,
  type BaselineVitals,
  type NibpReading,
  type Vitals,
} from './vital-drift';

/**
 * One simulated bed. All times inside are ms since the unit's start; sample k
 * of a channel is at k * (1000 / rate), computed from the integer k every
 * time, so the grid never drifts however the caller slices time.
 *
 * Time is processed in order, cut at every instant where state changes
 * (numerics ticks, scenario events). Every random draw belongs to one sample,
 * beat, tick or measurement, never to a call, so output is the same whether
 * advanceTo is called every 17 ms, every 40 ms or once a minute.
 */

export const NUMERICS_PERIOD_MS = 1000;
/**
 * Longest stretch synthesised in one call. After a longer clock jump (laptop
 * asleep) the excess is skipped in whole seconds instead of producing hours of
 * samples nobody will draw and stalling the main process.
 */
export const MAX_CATCH_UP_MS = 60_000;
/** RR intervals averaged for HR (ECG) and for pulse rate (pleth averages longer). */
const HR_AVERAGE_BEATS = 8;
const PULSE_RATE_AVERAGE_BEATS = 12;

const PERIOD_MS: Readonly<Record<WaveformChannel, number>> = {
  ecg: 1000 / SAMPLE_RATE_HZ.ecg,
  pleth: 1000 / SAMPLE_RATE_HZ.pleth,
  resp: 1000 / SAMPLE_RATE_HZ.resp,
};

/** Independent random streams per bed (see prng.ts). */
const STREAM = { identity: 1, baseline: 2, beats: 3, ecg: 4, pleth: 5, resp: 6, drift: 7, nibp: 8 } as const;

export interface BedSimulatorOptions {
  index: number;
  bedCount: number;
  unitSeed: number;
  /** Epoch ms of t = 0. */
  startAt: number;
  steadyVitals: boolean;
}

/** A state change at `at` ms since start: a bed scenario, a unit-wide feed drop (true) or its end (false). */
export interface BedEvent {
  at: number;
  plan: ScenarioPlan | null;
  feedDrop: boolean | null;
}

interface Run {
  start: number;
  /** Exclusive. */
  end: number;
  flags: number;
}

/** One channel's samples for the current advanceTo call. */
interface ChannelOutput {
  channel: WaveformChannel;
  buffer: Float32Array | null;
  /** Sample index of buffer[0]. */
  firstIndex: number;
  /** Stretches actually emitted: a silent or dropped bed computes its samples but does not send them. */
  runs: Run[];
}

/** Index of the last sample at or before `t`, exact at grid points despite float division. */
function lastIndexAtOrBefore(t: number, periodMs: number): number {
  let k = Math.floor(t / periodMs);
  while ((k + 1) * periodMs <= t) k++;
  while (k * periodMs > t) k--;
  return k;
}

export class BedSimulator {
  readonly index: number;
  readonly baseline: Readonly<BaselineVitals>;
  /** Patient initials for the display alias. */
  readonly initials: string;

  private readonly startAt: number;
  /** Everything up to and including this time (ms since start) has been generated. */
  private cursor = 0;

  private readonly beats: BeatTrain;
  private readonly ecg: EcgSynth;
  private readonly pleth: PlethSynth;
  private readonly resp: RespSynth;
  private readonly drift: VitalDrift;
  private readonly nibpRng: Rng;
  private readonly ramp: TargetRamp;
  private readonly targets: Vitals;
  private readonly vitals: Vitals;

  private ecgLeadOff = false;
  private silent = false;
  private feedDropped = false;
  private readonly pending: BedEvent[] = [];

  private nextNumericsAt: number;
  private nextNibpAt: number;
  private nibp: { reading: NibpReading; at: number } | null = null;

  private readonly outputs: ChannelOutput[] = [
    { channel: 'ecg', buffer: null, firstIndex: 0, runs: [] },
    { channel: 'pleth', buffer: null, firstIndex: 0, runs: [] },
    { channel: 'resp', buffer: null, firstIndex: 0, runs: [] },
  ];

  constructor(options: BedSimulatorOptions) {
    const { index, bedCount, unitSeed } = options;
    const stream = (id: number) => new Rng(deriveSeed(unitSeed, index, id));
    this.index = index;
    this.startAt = options.startAt;

    const identity = stream(STREAM.identity);
    const letter = () => String.fromCharCode(65 + identity.below(26));
    this.initials = letter() + letter();

    // Baseline vitals and how this patient's traces look (QRS height, transit time, breath depth).
    const looks = stream(STREAM.baseline);
    this.baseline = pickBaseline(looks);
    this.ramp = new TargetRamp(this.baseline);
    this.targets = { hr: 0, spo2: 0, rr: 0, temp: 0 };
    this.vitals = { hr: 0, spo2: 0, rr: 0, temp: 0 };
    this.drift = new VitalDrift(stream(STREAM.drift), options.steadyVitals);
    this.ramp.valueAt(0, this.targets);
    this.drift.apply(this.targets, this.vitals);

    this.beats = new BeatTrain(stream(STREAM.beats), this.vitals.hr);
    this.ecg = new EcgSynth(stream(STREAM.ecg), { gainMv: looks.between(0.9, 1.5), wanderPhase: looks.between(0, 2 * Math.PI) });
    this.pleth = new PlethSynth(stream(STREAM.pleth), { transitMs: looks.between(220, 280), amplitude: looks.between(0.85, 1) });
    this.resp = new RespSynth(stream(STREAM.resp), looks.between(0.75, 0.95), looks.next());
    this.nibpRng = stream(STREAM.nibp);

    // Beds report at different instants within the second, so one tick never carries the whole unit's numerics;
    // strictly after t = 0 so the first report falls in the first advanceTo window.
    this.nextNumericsAt = Math.floor(((index + 1) * NUMERICS_PERIOD_MS) / (bedCount + 1));
    this.nextNibpAt = firstNibpAt(index, bedCount);
  }

  /** The rate driving the beat clock right now. */
  get trueHeartRate(): number {
    return this.vitals.hr;
  }

  /** Queues a state change; `at` must not precede an earlier queued event or the cursor (the unit ensures this). */
  schedule(event: BedEvent): void {
    this.pending.push(event);
  }

  /** Generates everything in (cursor, to], appending to the caller's arrays. */
  advanceTo(to: number, segments: WaveformSegment[], numerics: Array<{ bedIndex: number; numerics: Numeric[] }>): void {
    if (!(to > this.cursor)) return;
    if (to - this.cursor > MAX_CATCH_UP_MS) this.skip(Math.ceil((to - this.cursor - MAX_CATCH_UP_MS) / NUMERICS_PERIOD_MS) * NUMERICS_PERIOD_MS);

    for (const out of this.outputs) {
      const period = PERIOD_MS[out.channel];
      out.firstIndex = lastIndexAtOrBefore(this.cursor, period) + 1;
      const count = lastIndexAtOrBefore(to, period) - out.firstIndex + 1;
      out.buffer = count > 0 ? new Float32Array(count) : null;
      out.runs = [];
    }

    while (this.cursor < to) {
      this.applyDueEvents();
      const nextEventAt = this.pending[0]?.at ?? Infinity;
      const end = Math.min(to, this.nextNumericsAt, nextEventAt);
      this.generate(this.cursor, end);
      this.cursor = end;
      this.applyDueEvents();
      if (this.cursor === this.nextNumericsAt) {
        const report = this.tick(this.cursor);
        if (report) numerics.push({ bedIndex: this.index, numerics: report });
        this.nextNumericsAt += NUMERICS_PERIOD_MS;
      }
    }

    for (const out of this.outputs) this.flush(out, segments);
  }

  private applyDueEvents(): void {
    while (this.pending.length > 0 && (this.pending[0]?.at ?? Infinity) <= this.cursor) {
      const event = this.pending.shift()!;
      if (event.feedDrop !== null) this.feedDropped = event.feedDrop;
      const plan = event.plan;
      if (!plan) continue;
      if (plan.targets) this.ramp.retarget(this.cursor, resolveTargets(this.baseline, plan.targets), plan.rampMs);
      if (plan.ecgLeadOff !== null) this.ecgLeadOff = plan.ecgLeadOff;
      if (plan.silent !== null) this.silent = plan.silent;
    }
  }

  /** Samples of every channel in (from, to]; state is constant over the interval. */
  private generate(from: number, to: number): void {
    // Beats must be known one ahead of the last sample (P waves precede R); HR is constant over the interval.
    this.beats.scheduleThrough(to, this.vitals.hr);
    const emitting = !this.silent && !this.feedDropped;
    const [ecgOut, plethOut, respOut] = this.outputs as [ChannelOutput, ChannelOutput, ChannelOutput];

    let period = PERIOD_MS.ecg;
    let k0 = lastIndexAtOrBefore(from, period) + 1;
    let k1 = lastIndexAtOrBefore(to, period);
    if (k1 >= k0 && ecgOut.buffer) {
      const buffer = ecgOut.buffer;
      for (let k = k0; k <= k1; k++) buffer[k - ecgOut.firstIndex] = this.ecg.sample(k * period, this.beats, this.ecgLeadOff);
      if (emitting) addRun(ecgOut, k0, k1 + 1, this.ecgLeadOff ? SEGMENT_FLAG_LEAD_OFF : 0);
    }

    period = PERIOD_MS.pleth;
    k0 = lastIndexAtOrBefore(from, period) + 1;
    k1 = lastIndexAtOrBefore(to, period);
    if (k1 >= k0 && plethOut.buffer) {
      const buffer = plethOut.buffer;
      for (let k = k0; k <= k1; k++) buffer[k - plethOut.firstIndex] = this.pleth.sample(k * period, this.beats);
      if (emitting) addRun(plethOut, k0, k1 + 1, 0);
    }

    period = PERIOD_MS.resp;
    k0 = lastIndexAtOrBefore(from, period) + 1;
    k1 = lastIndexAtOrBefore(to, period);
    if (k1 >= k0 && respOut.buffer) {
      const buffer = respOut.buffer;
      const rate = this.vitals.rr;
      for (let k = k0; k <= k1; k++) buffer[k - respOut.firstIndex] = this.resp.sample(rate, period);
      if (emitting) addRun(respOut, k0, k1 + 1, 0);
    }
  }

  /** Once per second: vitals move on, the cuff measures when due, and the bed reports unless it is silent. */
  private tick(t: number): Numeric[] | null {
    this.drift.step(NUMERICS_PERIOD_MS / 1000);
    this.ramp.valueAt(t, this.targets);
    this.drift.apply(this.targets, this.vitals);
    if (t >= this.nextNibpAt) {
      this.nibp = { reading: measureNibp(this.nibpRng, this.baseline), at: this.nextNibpAt };
      this.nextNibpAt += NIBP_INTERVAL_MS;
    }
    if (this.silent || this.feedDropped) return null;

    const measuredAt = Math.round(this.startAt + t);
    const hr = this.ecgLeadOff ? null : this.beats.measuredRate(t, HR_AVERAGE_BEATS);
    const pulseRate = this.beats.measuredRate(t, PULSE_RATE_AVERAGE_BEATS);
    const report: Numeric[] = [
      { kind: 'hr', value: hr === null ? null : Math.round(hr), measuredAt },
      { kind: 'spo2', value: Math.round(this.vitals.spo2), measuredAt },
      { kind: 'pulseRate', value: pulseRate === null ? null : Math.round(pulseRate), measuredAt },
      { kind: 'rr', value: Math.round(this.vitals.rr), measuredAt },
    ];
    // Until a bed's first cuff measurement (up to a minute after start) there is no NIBP to report.
    if (this.nibp) {
      const nibpAt = Math.round(this.startAt + this.nibp.at);
      report.push(
        { kind: 'nibpSys', value: this.nibp.reading.sys, measuredAt: nibpAt },
        { kind: 'nibpDia', value: this.nibp.reading.dia, measuredAt: nibpAt },
        { kind: 'nibpMean', value: this.nibp.reading.mean, measuredAt: nibpAt },
      );
    }
    report.push({ kind: 'temp', value: Math.round(this.vitals.temp * 10) / 10, measuredAt });
    return report;
  }

  /** Jumps `ms` (whole seconds) ahead without synthesising it; see MAX_CATCH_UP_MS. */
  private skip(ms: number): void {
    if (ms <= 0) return;
    this.cursor += ms;
    this.nextNumericsAt += ms;
    this.beats.shift(ms);
    // The cuff kept cycling meanwhile: the next tick reports the latest measurement that fell in the gap.
    while (this.nextNibpAt + NIBP_INTERVAL_MS <= this.cursor) this.nextNibpAt += NIBP_INTERVAL_MS;
  }

  private flush(out: ChannelOutput, segments: WaveformSegment[]): void {
    const buffer = out.buffer;
    if (!buffer) return;
    // A monitor's 12-bit front end: every sample is a whole number of ADC steps (shared/disclosure/sample-steps.ts).
    const step = SAMPLE_STEP[out.channel];
    for (let i = 0; i < buffer.length; i++) buffer[i] = stepValue(Math.round(buffer[i]! / step), step);
    const period = PERIOD_MS[out.channel];
    for (const run of out.runs) {
      const start = run.start - out.firstIndex;
      const end = run.end - out.firstIndex;
      if (start === 0 && end === buffer.length && end <= MAX_SAMPLES_PER_SEGMENT) {
        segments.push({ bedIndex: this.index, channel: out.channel, flags: run.flags, firstSampleAt: this.startAt + run.start * period, samples: buffer });
        continue;
      }
      // Rare: the bed went silent, a lead came off mid-tick, or a long catch-up exceeds what one frame segment may hold.
      for (let s = start; s < end; s += MAX_SAMPLES_PER_SEGMENT) {
        segments.push({
          bedIndex: this.index,
          channel: out.channel,
          flags: run.flags,
          firstSampleAt: this.startAt + (out.firstIndex + s) * period,
          samples: buffer.slice(s, Math.min(end, s + MAX_SAMPLES_PER_SEGMENT)),
        });
      }
    }
    out.buffer = null;
  }
}

/** Extends the last run if contiguous with the same flags, else starts a new one. */
function addRun(out: ChannelOutput, start: number, end: number, flags: number): void {
  const last = out.runs[out.runs.length - 1];
  if (last && last.end === start && last.flags === flags) last.end = end;
  else out.runs.push({ start, end, flags });
}
