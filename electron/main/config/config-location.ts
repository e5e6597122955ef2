import { join } from 'node:path';

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

/** `--config <path>` beats `VIGIL_CONFIG`, which beats the per-OS default. */
export function resolveConfigPath(argv: readonly string[], env = process.env, platform = process.platform): string {
  const i = argv.indexOf('--config');
  if (i >= 0 && argv[i + 1]) return argv[i + 1]!;
  const inline = argv.find((a) => a.startsWith('--config='));
  if (inline) return inline.slice('--config='.length);
  return env.VIGIL_CONFIG ?? defaultConfigPath(platform, env);
}
