import { DEFAULT_NO_DATA_TIMEOUT_MS } from '../shared/domain/freshness';
import type { Bed } from '../shared/domain/bed';
import type { Numeric, NumericKind } from '../shared/domain/numeric';
import type { ScenarioRequest } from '../shared/domain/scenario';
import { encodeWaveformFrame } from '../shared/waveform/frame';
import { UnitSimulator, type ScenarioResult } from '../electron/main/simulator/unit-simulator';

export interface UnitTick {
  /** One binary frame for every bed's new samples (null when nothing new). */
  frame: Uint8Array | null;
  numerics: Array<{ bedId: string; numerics: Numeric[] }>;
}

/**
 * The gateway's simulated beds: the station's own simulator (same physiology,
 * same scenarios), advanced on the gateway's tick. It remembers each bed's
 * latest numerics and when it last produced data, for resync snapshots.
 */
export class SimulatedUnitSource {
  readonly beds: readonly Bed[];
  private readonly simulator: UnitSimulator;
  private readonly latest: Map<NumericKind, Numeric>[];
  private readonly lastDataAt: (number | null)[];

  constructor(options: { beds: number; seed: number; startAt: number }) {
    this.simulator = new UnitSimulator(options);
    this.beds = this.simulator.beds;
    this.latest = this.beds.map(() => new Map());
    this.lastDataAt = this.beds.map(() => null);
  }

  tick(now: number): UnitTick {
    const { segments, numerics } = this.simulator.advanceTo(now);
    for (const s of segments) this.lastDataAt[s.bedIndex] = now;
    const out: UnitTick['numerics'] = [];
    for (const { bedIndex, numerics: values } of numerics) {
      const bed = this.beds[bedIndex];
      if (!bed) continue;
      this.lastDataAt[bedIndex] = now;
      for (const n of values) this.latest[bedIndex]!.set(n.kind, n);
      out.push({ bedId: bed.bedId, numerics: values });
    }
    return { frame: segments.length > 0 ? new Uint8Array(encodeWaveformFrame(segments)) : null, numerics: out };
  }

  isLive(bedIndex: number, now: number): boolean {
    const at = this.lastDataAt[bedIndex];
    return at !== null && at !== undefined && now - at <= DEFAULT_NO_DATA_TIMEOUT_MS;
  }

  /** Latest numerics of the beds that are live now. */
  currentNumerics(now: number): Array<{ bedId: string; numerics: Numeric[] }> {
    const out: Array<{ bedId: string; numerics: Numeric[] }> = [];
    this.beds.forEach((bed, i) => {
      const values = [...this.latest[i]!.values()];
      if (values.length > 0 && this.isLive(i, now)) out.push({ bedId: bed.bedId, numerics: values });
    });
    return out;
  }

  trigger(request: ScenarioRequest, now: number): ScenarioResult {
    return this.simulator.trigger(request, now);
  }
}
