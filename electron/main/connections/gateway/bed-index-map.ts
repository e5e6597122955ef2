import type { Bed } from '../../../../shared/domain/bed';

/**
 * The gateway numbers its beds in its own order (a waveform segment's
 * bedIndex is a position in the snapshot's bed list); the station shows the
 * beds IT configured, in the wall's order. This maps one onto the other.
 * A gateway bed the station does not show maps to -1 and is ignored; a
 * station bed the gateway does not have simply never gets data (grey, with
 * its NO_DATA alarm).
 */
export class BedIndexMap {
  private toStation: Int32Array = new Int32Array(0);
  private readonly stationIndexById: Map<string, number>;

  constructor(stationBeds: readonly Bed[]) {
    this.stationIndexById = new Map(stationBeds.map((b, i) => [b.bedId, i]));
  }

  /** From a snapshot's bed list; returns the station beds the gateway does not have. */
  update(gatewayBedIds: readonly string[]): string[] {
    this.toStation = Int32Array.from(gatewayBedIds, (id) => this.stationIndexById.get(id) ?? -1);
    const present = new Set(gatewayBedIds);
    return [...this.stationIndexById.keys()].filter((id) => !present.has(id));
  }

  get gatewayBedCount(): number {
    return this.toStation.length;
  }

  /** -1: not a bed of this station; undefined: no such gateway bed. */
  stationIndexOfGatewayIndex(gatewayIndex: number): number | undefined {
    return gatewayIndex < this.toStation.length ? this.toStation[gatewayIndex] : undefined;
  }

  stationIndexOf(bedId: string): number | undefined {
    return this.stationIndexById.get(bedId);
  }
}
