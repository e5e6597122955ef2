/** Exit code for "configuration error" (sysexits EX_CONFIG), so IT scripts can tell it from a crash. */
export const EXIT_CONFIG = 78;

/**
 * The station refuses to start with this configuration. The message names
 * the file (or flag) and what is wrong with it; the Electron layer shows it
 * and exits with `exitCode`.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly exitCode = EXIT_CONFIG;

  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`Invalid station configuration ${path}: ${detail}`);
  }
}
