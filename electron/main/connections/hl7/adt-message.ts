import type { PatientIdentifier, PatientSex } from '../../../../shared/domain/patient';
import type { AdtAction, AdtEvent, AdtPlacement } from '../../census/adt-event';
import type { BedMap } from './bed-map';
import type { Hl7Message, Hl7Segment } from './hl7-message';
import { Hl7Rejection } from './hl7-rejection';
import { parseHl7Timestamp } from './hl7-timestamp';

/**
 * HL7 v2 ADT (chapter 3) → the census's AdtEvent. Reads what real feeds
 * send, v2.3 to v2.6 (test/fixtures/hl7/adt/README.md has a message of each
 * shape and whose it is):
 *
 * - the event from MSH-9.2, or EVN-1 when MSH-9 has none;
 * - PID-3 with several identifiers: the MR-typed one is the hospital number;
 *   without one, the hospital-number-like types (MRN, MEDREC, PI, PT) in
 *   that order, then the first that is not a national or account number,
 *   then the first at all; repetitions without a number are skipped;
 * - PID-5 with several names: the legal (L) one, else the display (D) one,
 *   else the first with a name; no name at all is allowed (de-identified feeds);
 * - PID-7 as a date (a time part is dropped; a partial date is no date);
 * - the visit from PV1-19 (its number, or its only filled component), else PID-18;
 * - PV1-3 / PV1-6 resolved against the bed map (adt-event.ts AdtPlacement),
 *   escapes decoded (`L\T\D` is `L&D`).
 *
 * Refused (never answered AA): an event the station does not act on, a
 * message with no PID or no patient identifier, a transfer with no new
 * location. Never throws anything but Hl7Rejection.
 */
export const ADT_TRIGGERS: Readonly<Record<string, AdtAction>> = {
  A01: 'admit',
  A02: 'transfer',
  A03: 'discharge',
  A04: 'register',
  A05: 'preadmit',
  A08: 'update',
  A11: 'cancel-admit',
  A12: 'cancel-transfer',
  A13: 'cancel-discharge',
};

const PREFERRED_ID_TYPES = ['MR', 'MRN', 'MEDREC', 'PI', 'PT'];
/** Identifier types that name a person nationally or an account, not the hospital's patient record. */
const NOT_HOSPITAL_NUMBERS = new Set(['SS', 'HN', 'NH', 'JHN', 'NI', 'NNxxx', 'AN', 'VN', 'PN', 'DL', 'PPN']);

export function mapAdt(msg: Hl7Message, bedMap: BedMap): AdtEvent {
  const msh = msg.msh;
  const evn = msg.all('EVN')[0];
  const trigger = (msg.value(msh, 9, 2).trim() || (evn ? msg.value(evn, 1).trim() : '')).toUpperCase();
  const action = ADT_TRIGGERS[trigger];
  if (action === undefined) {
    throw new Hl7Rejection('unsupported-event', `the station acts on ADT ${Object.keys(ADT_TRIGGERS).join(', ')}`, { segment: 'MSH', sequence: 1, field: 9 });
  }
  const pid = msg.all('PID')[0];
  if (!pid) throw new Hl7Rejection('missing-field', 'an ADT message needs a PID segment', { segment: 'PID', sequence: 1 });
  const pv1 = msg.all('PV1')[0] ?? null;
  const location = pv1 ? locationOf(msg, pv1, 3) : null;
  if (action === 'transfer' && location === null) {
    throw new Hl7Rejection('missing-field', 'an A02 needs PV1-3, the location the patient moves to', { segment: 'PV1', sequence: 1, field: 3 });
  }
  const ids = identifiers(msg, pid);
  const mrn = hospitalNumber(ids);
  if (!mrn) throw new Hl7Rejection('missing-field', 'PID-3 holds no patient identifier', { segment: 'PID', sequence: 1, field: 3 });
  const name = nameOf(msg, pid);
  const prior = pv1 ? locationOf(msg, pv1, 6) : null;
  return {
    action,
    trigger,
    controlId: msg.value(msh, 10).trim(),
    patient: {
      mrn,
      otherIds: ids.filter((i) => i !== mrn).slice(0, 8),
      family: name.family,
      given: name.given,
      dob: dateOf(msg.value(pid, 7).trim()),
      sex: sexOf(msg.value(pid, 8).trim()),
    },
    visitNumber: visitOf(msg, pid, pv1),
    location: placement(bedMap, location),
    locationText: location ? locationText(location) : null,
    prior: placement(bedMap, prior),
    admittedAt: pv1 ? parseHl7Timestamp(msg.value(pv1, 44).trim()) : null,
  };
}

function identifiers(msg: Hl7Message, pid: Hl7Segment): PatientIdentifier[] {
  const where = { segment: 'PID', sequence: pid.sequence, field: 3 };
  return msg
    .repetitions(pid, 3)
    .map((rep) => ({
      id: msg.componentOf(rep, 1, undefined, where).trim().slice(0, 64),
      type: msg.componentOf(rep, 5, undefined, where).trim().slice(0, 16),
      authority: msg.componentOf(rep, 4, 1, where).trim().slice(0, 64),
    }))
    .filter((i) => i.id !== '' && /^[\x20-\x7e]+$/.test(i.id));
}

function hospitalNumber(ids: readonly PatientIdentifier[]): PatientIdentifier | null {
  for (const type of PREFERRED_ID_TYPES) {
    const found = ids.find((i) => i.type.toUpperCase() === type);
    if (found) return found;
  }
  return ids.find((i) => !NOT_HOSPITAL_NUMBERS.has(i.type.toUpperCase())) ?? ids[0] ?? null;
}

function nameOf(msg: Hl7Message, pid: Hl7Segment): { family: string; given: string } {
  const where = { segment: 'PID', sequence: pid.sequence, field: 5 };
  const names = msg.repetitions(pid, 5).map((rep) => ({
    family: msg.componentOf(rep, 1, 1, where).trim(),
    given: msg.componentOf(rep, 2, undefined, where).trim(),
    type: msg.componentOf(rep, 7, undefined, where).trim().toUpperCase(),
  }));
  const named = names.filter((n) => n.family !== '' || n.given !== '');
  const chosen = named.find((n) => n.type === 'L') ?? named.find((n) => n.type === 'D') ?? named[0];
  return { family: (chosen?.family ?? '').slice(0, 64), given: (chosen?.given ?? '').slice(0, 64) };
}

/** YYYYMMDD[…] → YYYY-MM-DD when it is a real calendar day; anything shorter is no date. */
function dateOf(text: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(text);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(iso) ? iso : null;
}

function sexOf(text: string): PatientSex {
  const code = text.toUpperCase();
  if (code === 'F' || code === 'M') return code;
  if (code === 'O' || code === 'A') return 'O';
  return 'U';
}

/** PV1-19 (its number, or – as one HIS sends it – the only component filled), else PID-18. */
function visitOf(msg: Hl7Message, pid: Hl7Segment, pv1: Hl7Segment | null): string | null {
  const pv119 = pv1 ? msg.components(pv1, 19).map((c) => c.trim()) : [];
  const visit = (pv119[0] || pv119.find((c) => c !== '')) ?? msg.value(pid, 18).trim();
  return visit === '' ? null : visit.slice(0, 64);
}

/** PL components, or null when the field has no point of care, room or bed (a facility-only PL). */
function locationOf(msg: Hl7Message, pv1: Hl7Segment, field: number): string[] | null {
  const components = msg.components(pv1, field).map((c) => c.trim());
  return components.slice(0, 3).some((c) => c !== '') ? components : null;
}

function locationText(location: readonly string[]): string {
  return location.slice(0, 3).filter((c) => c !== '').join(' / ').slice(0, 200);
}

/**
 * This station's reading of a location: one of its beds; its unit with no
 * bed named; its unit with a bed it does not know (the sender must hear);
 * or another ward.
 */
export function placement(bedMap: BedMap, location: readonly string[] | null): AdtPlacement {
  if (location === null) return { kind: 'none' };
  const bedId = bedMap.bedAtLocation(location);
  if (bedId !== null) return { kind: 'bed', bedId };
  const pointOfCare = (location[0] ?? '').toUpperCase();
  if (pointOfCare === '' || !bedMap.pointsOfCare().has(pointOfCare)) return { kind: 'elsewhere' };
  return (location[2] ?? '') === '' ? { kind: 'unit-no-bed' } : { kind: 'unmapped-bed' };
}
