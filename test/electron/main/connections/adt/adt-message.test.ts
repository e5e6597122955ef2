import { describe, expect, it } from 'vitest';
import { decodeHl7Bytes } from '../../../../../electron/main/connections/hl7/hl7-bytes';
import { BedMap } from '../../../../../electron/main/connections/hl7/bed-map';
import { Hl7Message } from '../../../../../electron/main/connections/hl7/hl7-message';
import { mapAdt } from '../../../../../electron/main/connections/hl7/adt-message';
import { decideHl7Frame } from '../../../../../electron/main/connections/hl7/hl7-pipeline';
import { Hl7Rejection } from '../../../../../electron/main/connections/hl7/hl7-rejection';
import { ADT_BED_MAP, EXPECTATIONS, adtMessage } from './adt-test-kit';

const bedMap = new BedMap(ADT_BED_MAP);
const decode = (id: string) => mapAdt(Hl7Message.parse(decodeHl7Bytes(adtMessage(id))), bedMap);

/**
 * What is read from each of the 20 real ADT messages, against the oracle
 * written from the HL7 chapter 3 definitions (expectations.json): event,
 * the hospital number among several PID-3 identifiers, the name among
 * several PID-5 names, date of birth, sex, visit, and where PV1-3 and PV1-6
 * put the patient on this station.
 */
describe('ADT messages from real feeds, decoded', () => {
  for (const m of EXPECTATIONS.messages) {
    it(`${m.id} (${m.file}): ${m.event} ${m.action}, HL7 ${m.version}`, () => {
      const event = decode(m.id);
      expect(event.trigger).toBe(m.event);
      expect(event.action).toBe(m.action === 'cancel-admit' || m.action === 'cancel-transfer' || m.action === 'cancel-discharge' ? m.action : { admit: 'admit', transfer: 'transfer', discharge: 'discharge', update: 'update', register: 'register', preadmit: 'preadmit' }[m.action]);
      expect(event.controlId).toBe(m.controlId);
      expect(event.patient.mrn).toEqual({ id: m.patient.primaryId.id, type: m.patient.primaryId.type, authority: m.patient.primaryId.authority });
      expect(event.patient.family).toBe(m.patient.family);
      expect(event.patient.given).toBe(m.patient.given);
      expect(event.patient.dob).toBe(m.patient.dob);
      expect(event.patient.sex).toBe(m.patient.sex || 'U');
      // The oracle notes where an odd visit number sits: "I15012600283 (PV1-19.5)".
      if (m.visitNumber) expect(event.visitNumber).toBe(m.visitNumber.replace(/ \(.*\)$/, ''));
      // The location the oracle gives, as the station resolves it.
      const expected = placementOf(m.location);
      expect(event.location).toEqual(expected);
      if (m.location) expect(event.locationText).toBe([m.location.pointOfCare, m.location.room, m.location.bed].filter((c) => c !== '').join(' / ') || null);
      expect(event.prior).toEqual(placementOf(m.priorLocation));
    });
  }

  it('reads escapes in locations (L\\T\\D is L&D) and several hospital numbers (the MR-typed one wins over MRN)', () => {
    const a15 = decode('a15');
    expect(a15.locationText).toBe('ZZZ10205 / L&D TRIAGE-333 / 333-01');
    expect(a15.patient.mrn.id).toBe('ZZZ1203713');
    expect(a15.patient.otherIds).toEqual([{ id: 'ZZZ44029', type: 'MRN', authority: 'EPIC' }]);
    // A legal name wins over an alias; an identifier repetition with a type but no number is skipped.
    expect(decode('a01').patient).toMatchObject({ family: 'Test', given: 'Majaconversion' });
    expect(decode('a07').patient.otherIds).toEqual([]);
  });

  it('a country code misplaced in MSH-18 (UHN sends CAN) is read when every byte is ASCII, and refused when it is not', () => {
    expect(decodeHl7Bytes(adtMessage('a01'))).toContain('ADT^A01');
    const withAccent = Buffer.concat([adtMessage('a01').subarray(0, -1), Buffer.from('NTE|1||caf\u00e9\r', 'utf8')]);
    expect(() => decodeHl7Bytes(withAccent)).toThrow(/MSH-18/);
    // A real charset name the station does not read stays refused, ASCII or not.
    expect(() => decodeHl7Bytes(Buffer.from(adtMessage('a01').toString('latin1').replace('|CAN|', '|UNICODE UTF-16|'), 'latin1'))).toThrow(/MSH-18/);
  });

  it('refuses what it cannot act on: another ADT event, no PID, no identifier, a transfer with nowhere to go', () => {
    const text = adtMessage('a02').toString('utf8');
    const reject = (message: string) => {
      try {
        mapAdt(Hl7Message.parse(message), bedMap);
      } catch (error) {
        return error instanceof Hl7Rejection ? `${error.reason}: ${error.detail}` : String(error);
      }
      return 'accepted';
    };
    expect(reject(text.replace('ADT^A02^ADT_A02', 'ADT^A40^ADT_A39'))).toMatch(/^unsupported-event/);
    expect(reject(text.replace(/\rPID\|[^\r]*/, ''))).toMatch(/^missing-field: an ADT message needs a PID/);
    expect(reject(text.replace(/\rPID\|\|\|[^|]*/, '\rPID|||'))).toMatch(/^missing-field: PID-3 holds no patient identifier/);
    expect(reject(text.replace(/\rPV1\|\|I\|[^|]*/, '\rPV1||I|'))).toMatch(/^missing-field: an A02 needs PV1-3/);
  });

  it('the device listener refuses ADT and the ADT listener refuses observations (AR, never half-handled)', () => {
    const adt = decideHl7Frame({ payload: adtMessage('a16') }, { bedMap, processingIds: ['P'] });
    expect(adt).toMatchObject({ kind: 'rejected', rejection: { reason: 'unsupported-message-type' } });
    const oru = Buffer.from('MSH|^~\\&|MON|ICU|||20260301101500||ORU^R01^ORU_R01|X1|P|2.6\rPID|||1\rOBR|1\rOBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC||97|%\r');
    expect(decideHl7Frame({ payload: oru }, { bedMap, processingIds: ['P'], accepts: 'adt' })).toMatchObject({ kind: 'rejected', rejection: { reason: 'unsupported-message-type' } });
    // A training-mode message on a production-only ADT listener: AR, said why.
    expect(decideHl7Frame({ payload: adtMessage('a01') }, { bedMap, processingIds: ['P'], accepts: 'adt' })).toMatchObject({ kind: 'rejected', rejection: { reason: 'unsupported-processing-id' } });
    expect(decideHl7Frame({ payload: adtMessage('a01') }, { bedMap, processingIds: ['P', 'T'], accepts: 'adt' })).toMatchObject({ kind: 'adt' });
  });
});

/** The oracle's PL, resolved the way this station's bed map reads it. */
function placementOf(location: { pointOfCare: string; room: string; bed: string } | null) {
  if (!location || (location.pointOfCare === '' && location.room === '' && location.bed === '')) return { kind: 'none' };
  const bedId = bedMap.bedAtLocation([location.pointOfCare, location.room, location.bed]);
  if (bedId) return { kind: 'bed', bedId };
  if (!bedMap.pointsOfCare().has(location.pointOfCare.toUpperCase())) return { kind: 'elsewhere' };
  return location.bed === '' ? { kind: 'unit-no-bed' } : { kind: 'unmapped-bed' };
}
