/**
 * Command-line flags IT can put in a shortcut or a kiosk autostart entry.
 * They override the config file for this launch only.
 */
export interface CommandLineOptions {
  /** Fullscreen kiosk wall: view-only, display kept awake, no menu. */
  wall: boolean;
}

export function parseCommandLine(argv: readonly string[]): CommandLineOptions {
  return { wall: argv.includes('--wall') };
}
