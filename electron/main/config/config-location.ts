import { join } from 'node:path';
import { ConfigError } from './config-error';

/**
 * Where hospital IT puts the system-wide configuration, per OS. Machine-wide
 * locations (not the user's profile) so every nurse who signs in to the
 * workstation gets the same unit, bed map and alarm policy.
 */
export function defaultConfigPath(platform: NodeJS.Platform = process.platform, env = process.env): string {
  switch (platform) {
    case 'win32':
      return join(env.ProgramData ?? 'C:\\ProgramData', 'Vigil Station', 'config.json');
    case 'darwin':
      return '/Library/Application Support/Vigil Station/config.json';
    default:
      return '/etc/vigil-station/config.json';
  }
}

/**
 * Where the configuration is to be read from, and whether someone chose
 * that place. The difference decides what a missing file means: at the
 * default location it means "nothing configured, run the simulated unit";
 * at a path IT gave explicitly it is a mistake (a typo in a shortcut, an
 * unmounted share), and starting the simulated unit instead would put
 * training data on a ward wall with nobody noticing.
 */
export type ConfigLocation =
  | { path: string; explicit: false }
  | { path: string; explicit: true; via: '--config' | 'VIGIL_CONFIG' };

/**
 * `--config <path>` (or `--config=<path>`) beats `VIGIL_CONFIG`, which beats
 * the per-OS default. A flag or variable that is present but empty is an
 * explicit request for a config with no path, never a silent fall-back to
 * the default location.
 */
export function resolveConfigLocation(argv: readonly string[], env = process.env, platform = process.platform): ConfigLocation {
  const i = argv.indexOf('--config');
  if (i >= 0) {
    const path = argv[i + 1];
    if (path === undefined || path.trim() === '' || path.startsWith('--')) throw new ConfigError('--config', 'the flag needs a file path after it');
    return { path, explicit: true, via: '--config' };
  }
  const inline = argv.find((a) => a.startsWith('--config='));
  if (inline !== undefined) {
    const path = inline.slice('--config='.length);
    if (path.trim() === '') throw new ConfigError('--config', 'the flag needs a file path after it');
    return { path, explicit: true, via: '--config' };
  }
  if (env.VIGIL_CONFIG !== undefined) {
    if (env.VIGIL_CONFIG.trim() === '') throw new ConfigError('VIGIL_CONFIG', 'the variable is set but empty');
    return { path: env.VIGIL_CONFIG, explicit: true, via: 'VIGIL_CONFIG' };
  }
  return { path: defaultConfigPath(platform, env), explicit: false };
}
