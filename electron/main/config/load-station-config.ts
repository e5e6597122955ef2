import { readFileSync } from 'node:fs';
import { StationConfigSchema, type StationConfig } from '../../../shared/config/station-config';
import { describeIssues } from '../../../shared/validation';

export class ConfigError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`Invalid station configuration ${path}: ${detail}`);
  }
}

export interface LoadedConfig {
  config: StationConfig;
  /** null when no file exists and the built-in simulated unit is used. */
  source: string | null;
}

/**
 * A missing file means "nothing configured": run the built-in simulated unit.
 * A file that exists but is unreadable or invalid is an error that names the
 * field – never a silent fall-back to defaults, which could put a wall on the
 * wrong unit without anyone noticing.
 */
export function loadStationConfig(path: string, read: (p: string) => string = (p) => readFileSync(p, 'utf8')): LoadedConfig {
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: StationConfigSchema.parse({}), source: null };
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
  return { config: result.data, source: path };
}
