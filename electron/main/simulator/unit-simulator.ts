import { MAX_BEDS_PER_UNIT, simulatedBedId, type Bed } from '../../../shared/domain/bed';
import type { Numeric } from '../../../shared/domain/numeric';
import type { ScenarioKind, ScenarioRequest } from '../../../shared/domain/scenario';
import type { WaveformSegment } from '../../../shared/waveform/frame';
import { BedSimulator } from './bed-simulator';
import { deriveScenarioSeed, planScenario } from './scenarios';

/**
 * The built-in simulated unit: up to 64 beds of ECG, pleth, resp and numerics,
 * fully determined by (options, sequence of advanceTo/trigger calls).
 */

export interface SimulatorTick {
  /** One per bed per channel with at least one new sample (split only when a bed changes state mid-tick). */
  segments: WaveformSegment[];
  /** Each bed about once per second, in time order; NIBP kinds carry their own measurement time. */
  numerics: Array<{ bedIndex: number; numerics: Numeric[] }>;
}

export interface UnitSimulatorOptions {
  /** 1..64 */
  beds: number;
  /** 0..2^32-1 */
  seed: number;
  /** Epoch ms of the simulation's t = 0; samples start just after it. */
  startAt: number;
  /**
   * Test aid: no random drift of the numerics, so vitals sit exactly on the
   * baseline or scenario target (beat-to-beat variability remains).
   */
  steadyVitals?: boolean;
}

export interface ScenarioResult {
  scenario: ScenarioKind;
  /** Null for the unit-wide feed drop. */
  bedId: string | null;
  /** The seed used: the request's, or one derived from the unit seed and the trigger count. */
  seed: number;
}

export class UnitSimulator {
  readonly beds: Bed[];
  private readonly simulators: BedSimulator[];
  private readonly startAt: number;
  private readonly seed: number;
  /** Epoch ms up to which output has been generated. */
  private generatedTo: number;
  /** Scenario events never go back in time, so each bed's queue stays ordered. */
  private lastEventAt = 0;
  private triggerCount = 0;
  private feedDropped = false;

  constructor(options: UnitSimulatorOptions) {
    const { beds, seed, startAt } = options;
    if (!Number.isInteger(beds) || beds < 1 || beds > MAX_BEDS_PER_UNIT) {
      throw new RangeError(`simulator beds must be an integer 1..${MAX_BEDS_PER_UNIT}, got ${beds}`);
    }
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError(`simulator seed must be an integer 0..2^32-1, got ${seed}`);
    if (!Number.isFinite(startAt)) throw new RangeError(`simulator startAt must be a finite epoch ms, got ${startAt}`);
    this.seed = seed;
    this.startAt = startAt;
    this.generatedTo = startAt;
    this.simulators = Array.from(
      { length: beds },
      (_, index) => new BedSimulator({ index, bedCount: beds, unitSeed: seed, startAt, steadyVitals: options.steadyVitals ?? false }),
    );
    this.beds = this.simulators.map((sim, index) => ({
      bedId: simulatedBedId(index),
      label: `Bed ${index + 1}`,
      patient: { reference: `SIM-${seed}-${index + 1}`, alias: sim.initials },
    }));
  }

  /** Everything with a time in (previous now, now]. A now that does not move forward yields an empty tick. */
  advanceTo(now: number): SimulatorTick {
    const tick: SimulatorTick = { segments: [], numerics: [] };
    if (!(now > this.generatedTo)) return tick;
    const to = now - this.startAt;
    for (const sim of this.simulators) sim.advanceTo(to, tick.segments, tick.numerics);
    this.generatedTo = now;
    return tick;
  }

  /**
   * Starts a scenario at `now` (or at the last generated instant, if `now` is
   * already in the past). `recover` on any bed also ends a unit-wide feed drop,
   * since a feed-drop request names no bed to recover.
   */
  trigger(request: ScenarioRequest, now: number): ScenarioResult {
    const bedIndex = request.bedId === undefined ? null : this.beds.findIndex((b) => b.bedId === request.bedId);
    if (bedIndex === -1) {
      const first = this.beds[0]?.bedId;
      const last = this.beds[this.beds.length - 1]?.bedId;
      throw new Error(`unknown bedId "${request.bedId}": this simulated unit has beds ${first}..${last}`);
    }
    const sim = bedIndex === null ? null : this.simulators[bedIndex];
    if (request.scenario !== 'feed-drop' && !sim) throw new Error(`scenario "${request.scenario}" needs a bedId`);

    const seed = request.seed === undefined ? deriveScenarioSeed(this.seed, this.triggerCount) : request.seed >>> 0;
    this.triggerCount++;
    const requestedAt = Number.isFinite(now) ? now - this.startAt : -Infinity;
    const at = Math.max(requestedAt, this.generatedTo - this.startAt, this.lastEventAt);
    this.lastEventAt = at;

    // (No bed here means feed-drop: anything else without a bed was refused above.)
    if (request.scenario === 'feed-drop' || !sim) {
      this.setFeedDropped(true, at);
      return { scenario: 'feed-drop', bedId: null, seed };
    }
    sim.schedule({ at, plan: planScenario(request.scenario, seed, sim.baseline), feedDrop: null });
    if (request.scenario === 'recover') this.setFeedDropped(false, at);
    return { scenario: request.scenario, bedId: request.bedId ?? null, seed };
  }

  /** Current true HR of a bed (for tests). */
  trueHeartRate(bedIndex: number): number {
    const sim = this.simulators[bedIndex];
    if (!sim) throw new RangeError(`no bed at index ${bedIndex}`);
    return sim.trueHeartRate;
  }

  private setFeedDropped(dropped: boolean, at: number): void {
    if (this.feedDropped === dropped) return;
    this.feedDropped = dropped;
    for (const sim of this.simulators) sim.schedule({ at, plan: null, feedDrop: dropped });
  }
}
