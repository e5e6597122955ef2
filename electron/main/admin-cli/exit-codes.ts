/**
 * What IT's scripts can tell apart. The audit tools keep the codes the npm
 * scripts have always had; a configuration error is sysexits' EX_CONFIG,
 * the same code the app exits with when it refuses to start on a bad config.
 */
export const EXIT = {
  ok: 0,
  /** Usage or I/O error: wrong arguments, a missing file. */
  usageOrIo: 1,
  /** Checked and found wanting: a broken chain, an invalid export, a refused change. */
  refused: 2,
  /** The configuration file is invalid (EX_CONFIG). */
  config: 78,
} as const;
