/**
 * Fixed figures of the full-disclosure record, shared by the recorder, the
 * review screens and the configuration.
 */

/**
 * Length of a stored block. "About 10 s" in the design, 8 s in fact: a
 * kill -9 loses the block being filled plus whatever waits for its commit
 * (a few hundred ms), and the record promises to lose at most 10 s.
 */
export const BLOCK_MS = 8_000;

/** Retention of the record: 72 h unless IT configures otherwise, never more than 96 h. */
export const DEFAULT_RETENTION_HOURS = 72;
export const MAX_RETENTION_HOURS = 96;
export const MIN_RETENTION_HOURS = 1;

/** The longest strip one request returns (the review screen pages through the rest). */
export const MAX_STRIP_MS = 120_000;

/** The longest WFDB export one request writes. */
export const MAX_EXPORT_MS = 24 * 3_600_000;

/** Trend spans the review screen offers. */
export const TREND_SPANS_HOURS = [1, 8, 24, 72] as const;

/** Resolutions of the trend table beside the graphs. */
export const TREND_TABLE_MINUTES = [1, 5, 15, 60] as const;
