import type { StationConfig } from '../../../shared/config/station-config';

/**
 * What the banner on every screen says when the beds are simulated, so
 * nobody mistakes training data for patients, and IT sees at a glance why a
 * workstation came up simulated (usually: no file where it looked). null on a
 * real feed.
 */
export function simulatedUnitNotice(config: Pick<StationConfig, 'feed'>, source: string | null, lookedAt?: string): string | null {
  if (config.feed.kind !== 'simulator') return null;
  if (source === null) return `Simulated unit, not real patients: no configuration file at ${lookedAt ?? 'the default location'}`;
  return `Simulated unit, not real patients: the simulator feed is configured in ${source}`;
}
