import type { AlarmCondition } from '../../../../shared/domain/alarm-condition';
import type { AckRecord } from '../../../../shared/protocol/acknowledgement';
import type { AlarmIdentity } from '../../../../shared/protocol/alarm-identity';
import { TECHNICAL_ALARM_CODES } from '../../alarms/technical-alarms';
import { GATEWAY_DATA_SHED } from './shedding-alarm';

/**
 * Conditions about this station's own equipment (its link, its audio, its
 * audit trail, a bed's data not reaching *this* station). Each station has
 * its own; acknowledging one here says nothing about another station's, so
 * they are never relayed.
 */
const STATION_TECHNICAL_CODES: ReadonlySet<string> = new Set<string>([...TECHNICAL_ALARM_CODES, GATEWAY_DATA_SHED]);

/** The cross-station identity of a bed alarm, or null for one that stays local. See shared/protocol/alarm-identity.ts. */
export function identityOf(alarm: AlarmCondition): AlarmIdentity | null {
  if (alarm.bedId === null) return null;
  if (alarm.source === 'technical' && STATION_TECHNICAL_CODES.has(alarm.code)) return null;
  if (!/^[A-Z0-9_]{1,48}$/.test(alarm.code)) return null;
  return { bedId: alarm.bedId, code: alarm.code, onsetAt: alarm.onsetAt, origin: alarm.source === 'station' ? 'station' : 'device', priority: alarm.priority };
}

/**
 * This station's alarm an acknowledgement from elsewhere applies to: open
 * (not resolved), not yet acknowledged, same bed, code, origin and priority
 * (a device that deepened MEDIUM to HIGH made a new alarm nobody has
 * acknowledged). A station-evaluated alarm must also have begun no later than
 * the acknowledgement (one that began after it is a new episode; if the
 * stations' clocks disagree it stays unacknowledged here, the safe side).
 * A device alarm's episode is bounded by the device's start and end, which
 * the gateway tracks, and a station that joined late saw its onset late, so
 * its local onset says nothing about the episode.
 */
export function alarmAcknowledgedBy(ack: AckRecord, alarms: readonly AlarmCondition[]): AlarmCondition | null {
  for (const alarm of alarms) {
    if (alarm.state !== 'active') continue;
    const identity = identityOf(alarm);
    if (!identity || identity.bedId !== ack.alarm.bedId || identity.code !== ack.alarm.code || identity.origin !== ack.alarm.origin) continue;
    if (identity.priority !== ack.alarm.priority) continue;
    if (identity.origin === 'station' && identity.onsetAt > ack.at) continue;
    return alarm;
  }
  return null;
}
