import type { AlarmPriority } from '../../../shared/domain/alarm-condition';

/**
 * Technical alarm conditions (about the equipment, not the patient) and
 * their default priority and message. Priorities reflect what is lost:
 * - COMMS_LOST, AUDIO_UNAVAILABLE, RENDERER_UNRESPONSIVE: the station itself
 *   can no longer be trusted to annunciate alarms for any bed → HIGH.
 * - NO_DATA, LEAD_OFF: one bed is (partly) unmonitored → MEDIUM. LEAD_OFF is
 *   not LOW because without ECG the device cannot detect asystole or VF.
 * - AUDIT_FAILURE: the audit store cannot write (actions then go to the
 *   fallback journal) or the trail failed an integrity check → MEDIUM.
 * - AUDIT_JOURNAL_FAILURE: the fallback journal cannot write. MEDIUM while
 *   the store works (there is no second place if it fails); HIGH when the
 *   store is down too, because clinical actions are then refused
 *   (station/audit-alarms.ts decides).
 * - HL7_SENDER_THROTTLED: an HL7 sender is over its message rate; its
 *   messages are answered AE and must be resent, so its alarms may be late
 *   → MEDIUM (the message names the sender).
 * All are non-latching: they describe a state that is either true now or not.
 */
export const TECHNICAL_ALARM_CODES = ['NO_DATA', 'LEAD_OFF', 'COMMS_LOST', 'AUDIO_UNAVAILABLE', 'AUDIT_FAILURE', 'AUDIT_JOURNAL_FAILURE', 'RENDERER_UNRESPONSIVE', 'HL7_SENDER_THROTTLED'] as const;
export type TechnicalAlarmCode = (typeof TECHNICAL_ALARM_CODES)[number];

export const TECHNICAL_ALARM_DEFAULTS: Readonly<Record<TechnicalAlarmCode, { priority: AlarmPriority; message: string }>> = {
  NO_DATA: { priority: 'MEDIUM', message: 'No data from bed' },
  LEAD_OFF: { priority: 'MEDIUM', message: 'ECG lead off' },
  COMMS_LOST: { priority: 'HIGH', message: 'Communication with the monitoring network lost' },
  AUDIO_UNAVAILABLE: { priority: 'HIGH', message: 'Alarm audio unavailable' },
  AUDIT_FAILURE: { priority: 'MEDIUM', message: 'Audit trail problem: see Station status' },
  AUDIT_JOURNAL_FAILURE: { priority: 'HIGH', message: 'Clinical actions refused: audit store and fallback journal unavailable' },
  RENDERER_UNRESPONSIVE: { priority: 'HIGH', message: 'Station display not responding' },
  HL7_SENDER_THROTTLED: { priority: 'MEDIUM', message: 'An HL7 sender is over its message rate: messages refused' },
};
