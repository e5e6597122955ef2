import type { StationConfig } from '../../../shared/config/station-config';
import { createSimulatedFeed } from '../connections/simulated-feed';
import type { Logger } from '../logging/logger';
import { Station } from './station';

/** Builds the station for a validated config: today the feed is always the built-in simulator. */
export function createStation(
  config: StationConfig,
  options: { wallMode: boolean; logger?: Logger; now?: () => number; tickMs?: number },
): Station {
  const now = options.now ?? Date.now;
  const feed = createSimulatedFeed({ beds: config.feed.beds, seed: config.feed.seed, startAt: now() });
  return new Station({ config, feed, wallMode: options.wallMode, now, logger: options.logger, tickMs: options.tickMs });
}
