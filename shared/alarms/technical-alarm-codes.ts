import type { AlarmPriority } from '../domain/alarm-condition';

/**
 * The closed vocabulary of the station's own technical alarm conditions
 * (about the equipment, not the patient), with their default priority and
 * message. Priorities reflect what is lost:
 * - COMMS_LOST, AUDIO_UNAVAILABLE, RENDERER_UNRESPONSIVE: the station itself
 *   can no longer be trusted to annunciate alarms for any bed → HIGH.
 * - NO_DATA, LEAD_OFF: one bed is (partly) unmonitored → MEDIUM. LEAD_OFF is
 *   not LOW because without ECG the device cannot detect asystole or VF.
 * - AUDIT_FAILURE: the audit store cannot write (actions then go to the
 *   fallback journal) or the trail failed an integrity check (tampered,
 *   replaced or truncated) → MEDIUM.
 * - AUDIT_JOURNAL_FAILURE: the fallback journal cannot write. MEDIUM while
 *   the store works (there is no second place if it fails); HIGH when the
 *   store is down too, because clinical actions are then refused
 *   (electron/main/station/audit-alarms.ts decides). The default below is
 *   that worst case.
 * - HL7_SENDER_THROTTLED: an HL7 sender is over its message rate; its
 *   messages are answered AE and must be resent, so its alarms may be late
 *   → MEDIUM (the message names the sender).
 * - HISTORY_INCOMPLETE: this station cannot show every alarm episode of a
 *   time span: the back end cannot prove it was shown them (its journal was
 *   lost, restarted or had already dropped them; the message names the span
 *   and the beds), or a bed's devices flooded so hard that some of its
 *   alarms were discarded (raised on that bed, ended when its flood ends)
 *   → MEDIUM and LATCHING: it is about the past (each bed's present is on
 *   the wall), but someone must look at the bedside monitors' own histories
 *   for that span, so it sounds until acknowledged and stays until reset.
 * - PEER_STATION_OFFLINE: another central station went dark without closing
 *   (crash, power, network) → MEDIUM: its beds may have nobody watching.
 * - PEER_STATION_CLOSED: another central station was closed on purpose (it
 *   said goodbye) → LOW: nobody is surprised, but everyone should know.
 * - DISCLOSURE_NOT_RECORDING: the full-disclosure recorder cannot write (disk
 *   full, store unwritable, recorder stopped) → MEDIUM: live monitoring and
 *   alarms are unaffected, but the history being made now is lost until IT
 *   fixes it.
 * - CENSUS_UNSAVED, CENSUS_UNAVAILABLE: the census (who is in which bed)
 *   could not be saved or read; a restart could show the wrong patient, or
 *   the beds say "patient unknown" → MEDIUM.
 * - ADT_REVIEW (per bed): the ADT feed changed a bed's patient in a way a
 *   person must check (replaced a manual admission, restored a bed from
 *   history, changed a name inside a cancel) → LOW, until a charge nurse
 *   confirms it.
 * - ALARM_FLOOD (a bed) and ALARM_CAPACITY (the station): new alarms of that
 *   bed, or of any bed, are held back while its devices flood or the bound of
 *   open alarms is reached. Only MEDIUM and LOW alarms are ever held (a HIGH
 *   always goes through), so what may be delayed is at most MEDIUM → MEDIUM.
 * All but HISTORY_INCOMPLETE are non-latching: they describe a state that is
 * either true now or not.
 */
export const TECHNICAL_ALARM_CODES = [
  'NO_DATA',
  'LEAD_OFF',
  'COMMS_LOST',
  'AUDIO_UNAVAILABLE',
  'AUDIT_FAILURE',
  'AUDIT_JOURNAL_FAILURE',
  'RENDERER_UNRESPONSIVE',
  'HL7_SENDER_THROTTLED',
  'HISTORY_INCOMPLETE',
  'PEER_STATION_OFFLINE',
  'PEER_STATION_CLOSED',
  'DISCLOSURE_NOT_RECORDING',
  'CENSUS_UNSAVED',
  'CENSUS_UNAVAILABLE',
  'ADT_REVIEW',
  'ALARM_FLOOD',
  'ALARM_CAPACITY',
] as const;
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
  HISTORY_INCOMPLETE: { priority: 'MEDIUM', message: 'Alarm history incomplete: check the bedside monitors' },
  PEER_STATION_OFFLINE: { priority: 'MEDIUM', message: 'Another central station is offline' },
  PEER_STATION_CLOSED: { priority: 'LOW', message: 'Another central station was closed' },
  DISCLOSURE_NOT_RECORDING: { priority: 'MEDIUM', message: 'Full disclosure not recording' },
  CENSUS_UNSAVED: { priority: 'MEDIUM', message: 'Patient census not saved: a restart could lose admissions' },
  CENSUS_UNAVAILABLE: { priority: 'MEDIUM', message: "Patient census unreadable: check every bed's patient" },
  ADT_REVIEW: { priority: 'LOW', message: "ADT feed changed this bed's patient: check and confirm" },
  ALARM_FLOOD: { priority: 'MEDIUM', message: "Alarm flood from this bed's devices: its new alarms are delayed" },
  ALARM_CAPACITY: { priority: 'MEDIUM', message: 'Too many open alarms: new MEDIUM and LOW alarms are delayed' },
};
