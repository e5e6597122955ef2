import type { PatientIdentifier, PatientSex } from '../../../shared/domain/patient';
import type { CensusRefusal } from './census-plan';

/**
 * An ADT event as the census takes it from a feed: what happened (the
 * trigger's meaning), to whom, and where, with the location already
 * resolved against this station's bed map. HL7 specifics (segments,
 * escapes, which PID-3 repetition is the hospital number) stay in the HL7
 * decoder (connections/hl7/adt-message.ts); the census never parses.
 */
export const ADT_ACTIONS = ['admit', 'transfer', 'discharge', 'update', 'register', 'preadmit', 'cancel-admit', 'cancel-transfer', 'cancel-discharge'] as const;
export type AdtAction = (typeof ADT_ACTIONS)[number];

/**
 * Where a location (PV1-3, PV1-6) puts the patient, for this station:
 * - bed: a bed of this station;
 * - unit-no-bed: this unit (a point of care in the bed map) but no bed in the location;
 * - unmapped-bed: this unit, with a bed the bed map does not know (the sender must hear of it);
 * - elsewhere: another ward;
 * - none: the message has no location.
 */
export type AdtPlacement =
  | { kind: 'bed'; bedId: string }
  | { kind: 'unit-no-bed' }
  | { kind: 'unmapped-bed' }
  | { kind: 'elsewhere' }
  | { kind: 'none' };

export interface AdtPatient {
  /** The identifier the patient is keyed by (MR-typed when there is one). */
  mrn: PatientIdentifier;
  otherIds: PatientIdentifier[];
  family: string;
  given: string;
  dob: string | null;
  sex: PatientSex;
}

export interface AdtEvent {
  action: AdtAction;
  /** The trigger event as sent (A01…A13), for the audit trail. */
  trigger: string;
  /** MSH-10, for the audit trail only: real feeds reuse it, so it identifies nothing. */
  controlId: string;
  patient: AdtPatient;
  visitNumber: string | null;
  location: AdtPlacement;
  /** PV1-3 as text (escapes resolved), for the charge nurse. */
  locationText: string | null;
  prior: AdtPlacement;
  /** When the admission happened per the sender (PV1-44), epoch ms; null when not sent or unreadable. */
  admittedAt: number | null;
}

/**
 * What the census did with an event. `applied` (the ACK may be AA) covers
 * "nothing to do here" too – an admission to another ward – because the
 * station's state then matches the message. Everything else names a reason
 * the sender hears in its AE.
 */
export type AdtOutcome =
  | { applied: true; changed: boolean }
  | { applied: false; reason: AdtRefusal; detail: string };

/** The census's own refusals, and one more: applied and audited but not yet on disk (the sender should send again). */
export type AdtRefusal = CensusRefusal | 'not-saved';
