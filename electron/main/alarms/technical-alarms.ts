import type { AlarmPriority } from '../../../shared/domain/alarm-condition';

/**
 * Technical alarm conditions (about the equipment, not the patient) and
 * their default priority and message. Priorities reflect what is lost:
 * - COMMS_LOST, AUDIO_UNAVAILABLE, RENDERER_UNRESPONSIVE: the station itself
 *   can no longer be trusted to annunciate alarms for any bed → HIGH.
 * - NO_DATA, LEAD_OFF: one bed is (partly) unmonitored → MEDIUM. LEAD_OFF is
 *   not LOW because without ECG the device cannot detect asystole or VF.
 * - AUDIT_FAILURE: clinical actions are refused until it is fixed → MEDIUM.
 * - CENSUS_UNSAVED, CENSUS_UNAVAILABLE: the census (who is in which bed)
 *   could not be saved or read; a restart could show the wrong patient, or
 *   the beds say "patient unknown" → MEDIUM.
 * - ADT_REVIEW (per bed): the ADT feed changed a bed's patient in a way a
 *   person must check (replaced a manual admission, restored a bed from
 *   history, changed a name inside a cancel) → LOW, until a charge nurse
 *   confirms it.
 * All are non-latching: they describe a state that is either true now or not.
 */
export const TECHNICAL_ALARM_CODES = [
  'NO_DATA',
  'LEAD_OFF',
  'COMMS_LOST',
  'AUDIO_UNAVAILABLE',
  'AUDIT_FAILURE',
  'RENDERER_UNRESPONSIVE',
  'CENSUS_UNSAVED',
  'CENSUS_UNAVAILABLE',
  'ADT_REVIEW',
] as const;
export type TechnicalAlarmCode = (typeof TECHNICAL_ALARM_CODES)[number];

export const TECHNICAL_ALARM_DEFAULTS: Readonly<Record<TechnicalAlarmCode, { priority: AlarmPriority; message: string }>> = {
  NO_DATA: { priority: 'MEDIUM', message: 'No data from bed' },
  LEAD_OFF: { priority: 'MEDIUM', message: 'ECG lead off' },
  COMMS_LOST: { priority: 'HIGH', message: 'Communication with the monitoring network lost' },
  AUDIO_UNAVAILABLE: { priority: 'HIGH', message: 'Alarm audio unavailable' },
  AUDIT_FAILURE: { priority: 'MEDIUM', message: 'Audit trail unavailable: clinical actions are refused' },
  RENDERER_UNRESPONSIVE: { priority: 'HIGH', message: 'Station display not responding' },
  CENSUS_UNSAVED: { priority: 'MEDIUM', message: 'Patient census not saved: a restart could lose admissions' },
  CENSUS_UNAVAILABLE: { priority: 'MEDIUM', message: 'Patient census unreadable: check every bed\'s patient' },
  ADT_REVIEW: { priority: 'LOW', message: 'ADT feed changed this bed\'s patient: check and confirm' },
};
