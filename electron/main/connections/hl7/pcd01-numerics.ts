import type { Numeric, NumericKind } from '../../../../shared/domain/numeric';
import type { BedMap } from './bed-map';
import type { Hl7Message, Hl7Segment } from './hl7-message';
import { Hl7Rejection, type Hl7ErrorLocation } from './hl7-rejection';
import { parseHl7Timestamp } from './hl7-timestamp';
import { metricOf, type MetricDef } from './mdc-metrics';
import { unitConverter } from './mdc-units';
import { codeSystemOf, mdcCodeOf } from './obx-code';
import type { ObservationNotes } from './observation-notes';
import { groupOru, identityOf } from './oru-structure';

/**
 * IHE PCD-01 (ORU^R01) → the station's numerics, per bed.
 *
 * Per OBX: the MDC code in OBX-3 picks the kind (mdc-metrics.ts; unknown
 * codes and the MDS/VMD/channel header rows are skipped and counted); OBX-5 must be a plain
 * HL7 NM number with a recognised OBX-6 unit; OBX-14 (else OBR-7, else MSH-7)
 * is the measurement time. The value becomes null – dashes on the tile, never
 * an old or made-up number – when the device flags it invalid (OBX-8 null
 * flavours / measurement status, OBX-11 X/D/W), marks it demo or test data,
 * or sends something no patient can have (Mindray sends -100 for "invalid").
 * Anything malformed refuses the whole message: a half-read message
 * acknowledged AA would hide the problem from the device and from IT.
 * So does a message none of whose observations the station could read
 * while some are in another code system (LOINC only, a vendor's local
 * codes): an AA would tell the device its data reached the station. One
 * that delivers something is taken; its other rows are counted, as a
 * monitor sends many parameters the station does not show.
 */
export interface NumericsDelivery {
  bedId: string;
  numerics: Numeric[];
}

/** OBX-8 values meaning "no valid value": IHE PCD null flavours and 11073 measurement states. */
const INVALID_FLAGS = new Set(['INV', 'INVALID', 'NI', 'NA', 'NAV', 'OFF', 'MSK', 'OTH', 'NAN', 'PINF', 'NINF', 'UNAVAIL', 'NOT-AVAILABLE', 'CAL', 'CALIBRATION-ONGOING', 'MSMT-ONGOING']);
/** OBX-8 values meaning "not real patient data": never shown as a measurement. */
const DEMO_FLAGS = new Set(['DEMO', 'DEMO-DATA', 'TEST', 'TEST-DATA']);
/** OBX-11 result status: cannot be obtained / deleted / wrong. */
const INVALID_STATUS = new Set(['X', 'D', 'W']);

/** HL7 NM: optional sign, digits, optional decimal point. No exponents, no spaces. */
const NM = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Values outside these ranges are not measurements (wrong unit, sentinel, garbage). */
const PLAUSIBLE: Record<NumericKind, readonly [number, number]> = {
  hr: [0, 350],
  pulseRate: [0, 350],
  spo2: [0, 100],
  rr: [0, 200],
  nibpSys: [0, 350],
  nibpDia: [0, 350],
  nibpMean: [0, 350],
  temp: [15, 47],
};

export function mapPcd01(msg: Hl7Message, bedMap: BedMap, messageTime: number, notes: ObservationNotes): NumericsDelivery[] {
  const byBed = new Map<string, Map<NumericKind, { numeric: Numeric; rank: number }>>();
  let firstForeign: Hl7ErrorLocation | null = null;
  const onForeign = (obx: Hl7Segment) => {
    firstForeign ??= { segment: 'OBX', sequence: obx.sequence, field: 3 };
  };
  for (const group of groupOru(msg)) {
    const rows = group.orders.flatMap((o) => o.obx);
    const bedId = bedMap.resolve(identityOf(msg, group, rows));
    const chosen = byBed.get(bedId) ?? new Map<NumericKind, { numeric: Numeric; rank: number }>();
    byBed.set(bedId, chosen);
    for (const order of group.orders) {
      const obrTime = optionalTime(msg, order.obr, 7) ?? messageTime;
      for (const obx of order.obx) {
        const found = readObservation(msg, obx, obrTime, notes, onForeign);
        if (found === null) continue;
        const current = chosen.get(found.numeric.kind);
        if (current === undefined || found.rank < current.rank) {
          if (current !== undefined) notes.ignored.duplicate++;
          chosen.set(found.numeric.kind, found);
        } else {
          notes.ignored.duplicate++;
        }
      }
    }
  }
  const deliveries = [...byBed].map(([bedId, chosen]) => ({ bedId, numerics: [...chosen.values()].map((c) => c.numeric) }));
  if (deliveries.every((d) => d.numerics.length === 0) && firstForeign !== null) {
    throw new Hl7Rejection('unknown-code-system', 'no observation in a code system the station reads (IEEE 11073 MDC in OBX-3)', firstForeign);
  }
  return deliveries;
}

function readObservation(msg: Hl7Message, obx: Hl7Segment, obrTime: number, notes: ObservationNotes, onForeign: (obx: Hl7Segment) => void): { numeric: Numeric; rank: number } | null {
  const at = (field: number): Hl7ErrorLocation => ({ segment: 'OBX', sequence: obx.sequence, field });
  const def = metricRowOf(msg, obx);
  const rawValue = msg.raw(obx, 5);
  const valueType = msg.value(obx, 2).trim().toUpperCase();
  if (def === null) {
    if (rawValue === '' && valueType === '') notes.ignored['device-structure']++;
    else if (codeSystemOf(msg, obx, 3) === 'mdc') notes.ignored['unknown-code']++;
    else {
      notes.ignored['foreign-code']++;
      onForeign(obx);
    }
    return null;
  }

  const measuredAt = optionalTime(msg, obx, 14) ?? obrTime;
  const numeric = (value: number | null): { numeric: Numeric; rank: number } => ({ numeric: { kind: def.kind, value, measuredAt }, rank: def.rank });

  if (rawValue === '' || rawValue === '""') {
    notes.invalidated['no-value']++;
    return numeric(null);
  }
  if (valueType !== 'NM') throw new Hl7Rejection('bad-value-type', 'OBX-2 must be NM for a numeric observation', at(2));
  const d = msg.delimiters;
  if (rawValue.includes(d.repetition) || rawValue.includes(d.component) || rawValue.includes(d.subcomponent)) {
    throw new Hl7Rejection('bad-value', 'NM observation value must be a single number', at(5));
  }
  const text = msg.value(obx, 5).trim();
  if (!NM.test(text)) throw new Hl7Rejection('bad-value', 'OBX-5 is not an HL7 NM number', at(5));
  const convert = unitConverter(def.kind, msg.components(obx, 6));
  if (convert === null) throw new Hl7Rejection('unit-mismatch', 'OBX-6 unit missing or not valid for this observation', at(6));

  const flags = msg.repetitions(obx, 8).map((r) => msg.componentOf(r, 1, undefined, at(8)).trim().toUpperCase());
  if (flags.some((f) => DEMO_FLAGS.has(f))) {
    notes.invalidated['demo-data']++;
    return numeric(null);
  }
  if (flags.some((f) => INVALID_FLAGS.has(f)) || INVALID_STATUS.has(msg.value(obx, 11).trim().toUpperCase())) {
    notes.invalidated['device-flag']++;
    return numeric(null);
  }
  const value = convert(Number(text));
  const [lo, hi] = PLAUSIBLE[def.kind];
  if (!Number.isFinite(value) || value < lo || value > hi) {
    notes.invalidated['out-of-range']++;
    return numeric(null);
  }
  return numeric(value);
}

/** OBX-3 → metric; refuses a code whose MDC name belongs to another metric (code 0 counts as no code). */
function metricRowOf(msg: Hl7Message, obx: Hl7Segment): MetricDef | null {
  const def = metricOf(mdcCodeOf(msg, obx, 3));
  if (def === 'conflict') {
    throw new Hl7Rejection('code-mismatch', 'OBX-3 code and MDC name denote different observations', { segment: 'OBX', sequence: obx.sequence, field: 3 });
  }
  return def;
}

/** A time field that may be empty, but must be valid when present. */
export function optionalTime(msg: Hl7Message, seg: Hl7Segment, field: number): number | null {
  const text = msg.value(seg, field).trim();
  if (text === '') return null;
  const t = parseHl7Timestamp(text);
  if (t === null) throw new Hl7Rejection('bad-timestamp', `${seg.name}-${field} is not a valid HL7 date/time (at least YYYYMMDDHHMM)`, { segment: seg.name, sequence: seg.sequence, field });
  return t;
}
