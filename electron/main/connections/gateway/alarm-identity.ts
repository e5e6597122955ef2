import type { AlarmCondition } from '../../../../shared/domain/alarm-condition';
import type { AckRecord } from '../../../../shared/protocol/acknowledgement';
import type { AlarmIdentity } from '../../../../shared/protocol/alarm-identity';
import type { AlarmEngine } from '../../alarms/alarm-engine';
import { TECHNICAL_ALARM_CODES } from '../../alarms/technical-alarms';
import { GATEWAY_DATA_SHED } from './shedding-alarm';

/**
 * Conditions about this station's own equipment (its link, its audio, its
 * audit trail, a bed's data not reaching *this* station). Each station has
 * its own; acknowledging one here says nothing about another station's, so
 * they are never relayed.
 */
const STATION_TECHNICAL_CODES: ReadonlySet<string> = new Set<string>([...TECHNICAL_ALARM_CODES, GATEWAY_DATA_SHED]);

/**
 * The cross-station identity of a bed alarm (see shared/protocol/
 * alarm-identity.ts), or null for one that stays local: unit-wide and
 * station-technical alarms, and alarms without a shared episode (a device
 * alarm this station's own HL7 listener received has no episode the gateway
 * knows of).
 */
export function identityOf(alarm: AlarmCondition, episodeId: string | null): AlarmIdentity | null {
  if (alarm.bedId === null || episodeId === null) return null;
  if (alarm.source === 'technical' && STATION_TECHNICAL_CODES.has(alarm.code)) return null;
  if (!/^[A-Z0-9_]{1,48}$/.test(alarm.code)) return null;
  return { episodeId, bedId: alarm.bedId, code: alarm.code, origin: alarm.source === 'station' ? 'station' : 'device', priority: alarm.priority };
}

/**
 * This station's alarm an acknowledgement from elsewhere is about: the one
 * that IS the acknowledged episode (same episode id). Never "an alarm with
 * the same code that began before the acknowledgement": an episode that
 * began later has another id, whatever either station's clock says. Bed,
 * code and priority must agree too (a guard against a confused peer; a
 * mismatch is not applied). Whether it may still be acknowledged is the
 * engine's one rule (acknowledgeRemote), not decided here.
 */
export function alarmAcknowledgedBy(ack: AckRecord, alarms: Pick<AlarmEngine, 'findByEpisode'>): AlarmCondition | null {
  const alarm = alarms.findByEpisode(ack.alarm.episodeId);
  if (!alarm) return null;
  if (alarm.bedId !== ack.alarm.bedId || alarm.code !== ack.alarm.code || alarm.priority !== ack.alarm.priority) return null;
  return alarm;
}
