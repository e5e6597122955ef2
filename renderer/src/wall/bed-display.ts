import type { BedStatus } from '../../../shared/domain/bed-status';
import type { Numeric } from '../../../shared/domain/numeric';

export type BedDisplayState = 'live' | 'lead-off' | 'no-data';

/**
 * A tile is live only if both the main process and this view can prove it:
 * the main process's watchdog says `live` AND this view received data within
 * the timeout (guards against a stalled main process or IPC link).
 */
export function bedDisplayState(status: BedStatus | undefined, viewStale: boolean | undefined): BedDisplayState {
  if (!status || status.feed !== 'live' || viewStale !== false) return 'no-data';
  return status.ecgLeadOff ? 'lead-off' : 'live';
}

/** Parameters measured continuously; NIBP is episodic and shown with its time instead. */
const CONTINUOUS = new Set(['hr', 'spo2', 'pulseRate', 'rr', 'temp']);

/**
 * The text a numeric shows. `null` value (device says invalid), a missing
 * value, or a continuous value older than the timeout relative to the bed's
 * latest batch all show dashes – never the last good number.
 */
export function numericText(numeric: Numeric | undefined, batchAt: number | undefined, timeoutMs: number, decimals = 0): string {
  if (!numeric || numeric.value === null) return '---';
  if (CONTINUOUS.has(numeric.kind) && (batchAt === undefined || batchAt - numeric.measuredAt > timeoutMs)) return '---';
  return numeric.value.toFixed(decimals);
}
