import type { AuditorySignal } from '../../../shared/domain/station-event';
import { PRIORITY_RANK, wantsToSound, type AlarmRecord } from './alarm-record';
import type { AudioPause } from './audio-pause';

/**
 * The one alarm the station should sound now: highest priority first, then
 * the one known here longest on the monotonic clock (`escalatesFrom`: it
 * has waited longest; a wall-clock step must not reorder them), then
 * creation order. Acknowledged alarms and alarms kept quiet by AUDIO PAUSED
 * are skipped; latched alarms whose condition ended still sound until reset
 * or acknowledged.
 */
export function selectAuditory(records: Iterable<AlarmRecord>, pause: AudioPause): AuditorySignal | null {
  let best: AlarmRecord | null = null;
  for (const r of records) {
    if (!wantsToSound(r) || pause.silences(r)) continue;
    if (
      best === null ||
      PRIORITY_RANK[r.priority] < PRIORITY_RANK[best.priority] ||
      (r.priority === best.priority && (r.escalatesFrom < best.escalatesFrom || (r.escalatesFrom === best.escalatesFrom && r.seq < best.seq)))
    ) {
      best = r;
    }
  }
  return best && { alarmId: best.alarmId, priority: best.priority, escalationLevel: best.escalationLevel };
}
