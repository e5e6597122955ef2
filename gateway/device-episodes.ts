import { randomBytes } from 'node:crypto';
import type { AlarmPriority } from '../shared/domain/alarm-condition';
import type { ProtocolDeviceAlarm } from '../shared/protocol/device-alarm';
import type { DeviceEpisode } from '../shared/protocol/episode';

const RANK: Readonly<Record<AlarmPriority, number>> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

/** A device reports many alarms over time under one id (OBR-29): the key of its latest episode. */
export function deviceKey(alarm: { bedId: string; deviceAlarmId: string }): string {
  return `${alarm.bedId}|${alarm.deviceAlarmId}`;
}

/** Random and never reused, whichever process or journal made it (64 bits). */
export function newEpisodeId(): string {
  return `ep-${randomBytes(8).toString('hex')}`;
}

export interface EpisodeDecision {
  /** Episode states to journal, in this order (empty: nothing new). */
  changes: DeviceEpisode[];
  /** The device key's latest episode afterwards (unchanged when `changes` is empty). */
  latest: DeviceEpisode | null;
}

/**
 * What one device alarm message means for the device's episodes, given its
 * latest episode (ended or not). The same rules as the station's engine:
 *
 * - start/continue with no open episode → a new episode (onset now);
 * - start/continue at a deeper priority → a new episode for the new priority,
 *   then the old one ends `superseded` (new first: the station never sees
 *   the cause without an alarm in between); the same or a lower priority
 *   changes nothing (a condition does not get less urgent mid-episode);
 * - end of the open episode → it ends now;
 * - end when the latest already ended → a repeat, nothing;
 * - end of something never started → an episode that starts and ends now:
 *   the device says an alarm happened, and nobody may miss it.
 *
 * Onset and end are `now`, the gateway's wall clock: the source's time as
 * far as the stations are concerned.
 */
export function decideDeviceEpisode(latest: DeviceEpisode | null, alarm: ProtocolDeviceAlarm, now: number, newId: () => string = newEpisodeId): EpisodeDecision {
  const open = latest !== null && latest.end === null ? latest : null;
  const fresh = (end: DeviceEpisode['end']): DeviceEpisode => {
    const { phase: _phase, ...fields } = alarm;
    return { ...fields, episodeId: newId(), onsetAt: now, end };
  };
  if (alarm.phase === 'end') {
    if (open) {
      const ended: DeviceEpisode = { ...open, end: { at: now, reason: 'ended' } };
      return { changes: [ended], latest: ended };
    }
    if (latest) return { changes: [], latest };
    const missed = fresh({ at: now, reason: 'ended' });
    return { changes: [missed], latest: missed };
  }
  if (!open) {
    const started = fresh(null);
    return { changes: [started], latest: started };
  }
  if (RANK[alarm.priority] < RANK[open.priority]) {
    const deeper = fresh(null);
    return { changes: [deeper, { ...open, end: { at: now, reason: 'superseded' } }], latest: deeper };
  }
  return { changes: [], latest: open };
}
