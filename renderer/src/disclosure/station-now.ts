import { useUnitStore } from '../store/unit-store';

/**
 * "Now" on the station's clock, as far as this view can tell: the newest
 * numerics time it received (station time), or this computer's clock if
 * that is later. The record is filed on the station's and the devices'
 * clocks, so a trend "up to now" must end at theirs, not at a browser's
 * that may be set differently.
 */
export function stationNow(): number {
  const times = Object.values(useUnitStore.getState().numericsAt ?? {}) as number[];
  return Math.max(Date.now(), ...times.filter((t) => Number.isFinite(t)));
}
