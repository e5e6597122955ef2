import { readFileSync } from 'node:fs';
import { StationConfigSchema, type StationConfig } from '../../../shared/config/station-config';
import { describeIssues } from '../../../shared/validation';
import { ConfigError } from './config-error';
import type { ConfigLocation } from './config-location';

export { ConfigError } from './config-error';

export interface LoadedConfig {
  config: StationConfig;
  /** The file read; null when no file exists at the default location and the built-in simulated unit is used. */
  source: string | null;
  /** Where the station looked (the default location when `source` is null). */
  lookedAt: string;
}

/**
 * - No file at the DEFAULT location means "nothing configured": run the
 *   built-in simulated unit (and say so on every screen).
 * - No file at a location someone gave explicitly (`--config`,
 *   `VIGIL_CONFIG`) is a ConfigError naming the path: the station was meant
 *   to run a real unit from that file.
 * - A file that exists but is unreadable or invalid is a ConfigError naming
 *   the field – never a silent fall-back to defaults, which could put a wall
 *   on the wrong unit without anyone noticing.
 *
 * A bare path is read as explicit: callers that want the default behaviour
 * pass the location from resolveConfigLocation().
 */
export function loadStationConfig(location: ConfigLocation | string, read: (p: string) => string = (p) => readFileSync(p, 'utf8')): LoadedConfig {
  const where: ConfigLocation = typeof location === 'string' ? { path: location, explicit: true, via: '--config' } : location;
  const path = where.path;
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      if (where.explicit) throw new ConfigError(path, `file not found (given with ${where.via}); the station does not fall back to the simulated unit`);
      return { config: StationConfigSchema.parse({}), source: null, lookedAt: path };
    }
    throw new ConfigError(path, `cannot read file (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(path, `not valid JSON (${(error as Error).message})`);
  }
  const result = StationConfigSchema.safeParse(json);
  if (!result.success) throw new ConfigError(path, describeIssues(result.error));
  return { config: result.data, source: path, lookedAt: path };
}
