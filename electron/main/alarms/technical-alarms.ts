import type { AlarmPriority } from '../../../shared/domain/alarm-condition';

/**
 * Technical alarm conditions (about the equipment, not the patient) and
 * their default priority and message. Priorities reflect what is lost:
 * - COMMS_LOST, AUDIO_UNAVAILABLE, RENDERER_UNRESPONSIVE: the station itself
 *   can no longer be trusted to annunciate alarms for any bed → HIGH.
 * - NO_DATA, LEAD_OFF: one bed is (partly) unmonitored → MEDIUM. LEAD_OFF is
 *   not LOW because without ECG the device cannot detect asystole or VF.
 * - AUDIT_FAILURE: clinical actions are refused until it is fixed → MEDIUM.
 * - DISCLOSURE_NOT_RECORDING: the full-disclosure recorder cannot write (disk
 *   full, store unwritable, recorder stopped) → MEDIUM: live monitoring and
 *   alarms are unaffected, but the history being made now is lost until IT
 *   fixes it.
 * All are non-latching: they describe a state that is either true now or not.
 */
export const TECHNICAL_ALARM_CODES = ['NO_DATA', 'LEAD_OFF', 'COMMS_LOST', 'AUDIO_UNAVAILABLE', 'AUDIT_FAILURE', 'RENDERER_UNRESPONSIVE', 'DISCLOSURE_NOT_RECORDING'] as const;
export type TechnicalAlarmCode = (typeof TECHNICAL_ALARM_CODES)[number];

export const TECHNICAL_ALARM_DEFAULTS: Readonly<Record<TechnicalAlarmCode, { priority: AlarmPriority; message: string }>> = {
  NO_DATA: { priority: 'MEDIUM', message: 'No data from bed' },
  LEAD_OFF: { priority: 'MEDIUM', message: 'ECG lead off' },
  COMMS_LOST: { priority: 'HIGH', message: 'Communication with the monitoring network lost' },
  AUDIO_UNAVAILABLE: { priority: 'HIGH', message: 'Alarm audio unavailable' },
  AUDIT_FAILURE: { priority: 'MEDIUM', message: 'Audit trail unavailable: clinical actions are refused' },
  RENDERER_UNRESPONSIVE: { priority: 'HIGH', message: 'Station display not responding' },
  DISCLOSURE_NOT_RECORDING: { priority: 'MEDIUM', message: 'Full disclosure not recording' },
};
