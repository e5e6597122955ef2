import type { AlarmPriority } from '../domain/alarm-condition';

/**
 * The closed vocabulary of the station's own technical alarm conditions
 * (about the equipment, not the patient), with their default priority and
 * message. Priorities reflect what is lost:
 * - COMMS_LOST, AUDIO_UNAVAILABLE, RENDERER_UNRESPONSIVE: the station itself
 *   can no longer be trusted to annunciate alarms for any bed → HIGH.
 * - NO_DATA, LEAD_OFF: one bed is (partly) unmonitored → MEDIUM. LEAD_OFF is
 *   not LOW because without ECG the device cannot detect asystole or VF.
 * - AUDIT_FAILURE: clinical actions are refused until it is fixed → MEDIUM.
 * - HL7_SENDER_THROTTLED: an HL7 sender is over its message rate; its
 *   messages are answered AE and must be resent, so its alarms may be late
 *   → MEDIUM (the message names the sender).
 * - HISTORY_INCOMPLETE: the back end cannot prove this station was shown
 *   every alarm episode of a time span (its journal was lost, restarted or
 *   had already dropped them) → MEDIUM and LATCHING: it is about the past
 *   (each bed's present is on the wall), but someone must look at the
 *   bedside monitors' own histories for that span, so it sounds until
 *   acknowledged and stays until reset. The message names the span.
 * - PEER_STATION_OFFLINE: another central station went dark without closing
 *   (crash, power, network) → MEDIUM: its beds may have nobody watching.
 * - PEER_STATION_CLOSED: another central station was closed on purpose (it
 *   said goodbye) → LOW: nobody is surprised, but everyone should know.
 * - DISCLOSURE_NOT_RECORDING: the full-disclosure recorder cannot write (disk
 *   full, store unwritable, recorder stopped) → MEDIUM: live monitoring and
 *   alarms are unaffected, but the history being made now is lost until IT
 *   fixes it.
 * All but HISTORY_INCOMPLETE are non-latching: they describe a state that is
 * either true now or not.
 */
export const TECHNICAL_ALARM_CODES = [
  'NO_DATA',
  'LEAD_OFF',
  'COMMS_LOST',
  'AUDIO_UNAVAILABLE',
  'AUDIT_FAILURE',
  'RENDERER_UNRESPONSIVE',
  'HL7_SENDER_THROTTLED',
  'HISTORY_INCOMPLETE',
  'PEER_STATION_OFFLINE',
  'PEER_STATION_CLOSED',
  'DISCLOSURE_NOT_RECORDING',
] as const;
export type TechnicalAlarmCode = (typeof TECHNICAL_ALARM_CODES)[number];

export const TECHNICAL_ALARM_DEFAULTS: Readonly<Record<TechnicalAlarmCode, { priority: AlarmPriority; message: string }>> = {
  NO_DATA: { priority: 'MEDIUM', message: 'No data from bed' },
  LEAD_OFF: { priority: 'MEDIUM', message: 'ECG lead off' },
  COMMS_LOST: { priority: 'HIGH', message: 'Communication with the monitoring network lost' },
  AUDIO_UNAVAILABLE: { priority: 'HIGH', message: 'Alarm audio unavailable' },
  AUDIT_FAILURE: { priority: 'MEDIUM', message: 'Audit trail unavailable: clinical actions are refused' },
  RENDERER_UNRESPONSIVE: { priority: 'HIGH', message: 'Station display not responding' },
  HL7_SENDER_THROTTLED: { priority: 'MEDIUM', message: 'An HL7 sender is over its message rate: messages refused' },
  HISTORY_INCOMPLETE: { priority: 'MEDIUM', message: 'Alarm history incomplete: check the bedside monitors' },
  PEER_STATION_OFFLINE: { priority: 'MEDIUM', message: 'Another central station is offline' },
  PEER_STATION_CLOSED: { priority: 'LOW', message: 'Another central station was closed' },
  DISCLOSURE_NOT_RECORDING: { priority: 'MEDIUM', message: 'Full disclosure not recording' },
};
