import type { BedStatus } from '../../../shared/domain/bed-status';
import type { ShownNumeric } from '../store/unit-store';

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
 * latest batch all show dashes – never the last good number. Both times are
 * on this view's monotonic clock (`batchAt` when the latest batch arrived).
 */
export function numericText(numeric: ShownNumeric | undefined, batchAt: number | undefined, timeoutMs: number, decimals = 0): string {
  if (!numeric || numeric.value === null) return '---';
  if (CONTINUOUS.has(numeric.kind) && (batchAt === undefined || batchAt - numeric.measuredLocal > timeoutMs)) return '---';
  return numeric.value.toFixed(decimals);
}
