import { PARAMETER_CODE, PARAMETER_LABEL, isLimitParameter } from '../../../../shared/alarms/limit-parameters';
import type { NumericKind } from '../../../../shared/domain/numeric';
import { limitParameter } from './alert-parameter';
import type { Hl7Message, Hl7Segment } from './hl7-message';
import { classifyEvent, isEventAlarm, namesAnEvent, type EventClass } from './mdc-events';
import { metricKindOf } from './mdc-metrics';
import { NO_MDC, codeSystemOf, isMdc, mdcCodeOf, type MdcCoded } from './obx-code';
import type { AlarmRepair } from './observation-notes';
import type { AlertIndication } from './pcd04-alerts';

/**
 * What an alert indication is about: the station alarm code and the text
 * the nurse reads. The event is OBX-5 of the event row when OBX-3 is
 * MDC_EVT_ALARM (TF-2 Rev. 9.0 Table B.8.5-1, facet 1: technical and
 * advisory alerts), else OBX-3 itself (physiological alerts name their
 * event there). A limit alarm always names its parameter, or says plainly
 * that the device did not, with the device's own text when it sent one.
 */
export interface EventDescription {
  event: EventClass;
  code: string;
  message: string;
  defaultSource: 'device' | 'technical';
  repairs: AlarmRepair[];
}

const MAX_MESSAGE = 120;

export function describeAlert(msg: Hl7Message, alert: AlertIndication, sameOrder: readonly Hl7Segment[]): EventDescription {
  const text = vendorText(msg, alert);
  const header = mdcCodeOf(msg, alert.row, 3);
  const eventCoded = isEventAlarm(header) ? firstMdcValue(msg, alert.row) : header;
  let event = classifyEvent(eventCoded);

  // A metric row flagged as an alert (`150456^…|85|…|L~PM~SP`): a limit alarm on that metric.
  const flaggedMetric = !isEventAlarm(header) && !namesAnEvent(header) ? metricKindOf(header) : null;
  if (flaggedMetric !== null) {
    const direction = limitDirection(msg, alert.row);
    if (direction === null) return { event, code: `${stemOf(flaggedMetric)}_ALARM`, message: `${labelOf(flaggedMetric)} alarm`, defaultSource: 'device', repairs: [] };
    event = { kind: 'limit', direction };
    return { event, ...limitText(direction, flaggedMetric, '', text), defaultSource: 'device' };
  }

  switch (event.kind) {
    case 'limit': {
      const limitInHeader = classifyEvent(header).kind === 'limit';
      const param = limitParameter(msg, alert, sameOrder, limitInHeader);
      const name = param === null ? parameterName(msg, alert, limitInHeader) : '';
      return { event, ...limitText(event.direction, param?.kind ?? null, name, text), defaultSource: 'device' };
    }
    case 'alarm':
      return { event, code: event.def.code, message: event.def.message, defaultSource: event.def.source, repairs: [] };
    default: {
      const fromName = sanitizeCode(eventCoded.mnemonic.replace(/^MDCX?_EVT_/, '').replace(/^MDCX?_/, ''));
      const code = fromName || (eventCoded.code !== null ? `EVT_${eventCoded.code}` : 'DEVICE_ALARM');
      return {
        event,
        code,
        message: text || `Device alarm ${code}: check the bedside monitor`.slice(0, MAX_MESSAGE),
        defaultSource: 'device',
        repairs: event.kind === 'unknown' ? ['event-unknown'] : [],
      };
    }
  }
}

/** `HR_HIGH`, `SPO2_LOW`… – the alarm engine's own codes for the same conditions. */
function limitText(direction: 'HIGH' | 'LOW', kind: NumericKind | null, name: string, text: string): { code: string; message: string; repairs: AlarmRepair[] } {
  const word = direction === 'HIGH' ? 'high' : 'low';
  if (kind !== null) return { code: `${stemOf(kind)}_${direction}`, message: `${labelOf(kind)} ${word}`, repairs: [] };
  // An MDC parameter the station does not show (PVC rate, ST…): its MDC name still tells the nurse what.
  const stem = sanitizeCode(name.replace(/^MDCX?_/, '')).slice(0, 48 - direction.length - 1);
  if (stem) return { code: `${stem}_${direction}`, message: `${stem} ${word}`, repairs: [] };
  const message = text
    ? `${text.slice(0, MAX_MESSAGE - 14)} (${word} limit)`
    : `${direction === 'HIGH' ? 'High' : 'Low'} limit alarm, parameter not reported by the device: check the bedside monitor`;
  return { code: `LIMIT_${direction}`, message, repairs: ['limit-parameter-unknown'] };
}

function stemOf(kind: NumericKind): string {
  return isLimitParameter(kind) ? PARAMETER_CODE[kind] : 'PR';
}

function labelOf(kind: NumericKind): string {
  return isLimitParameter(kind) ? PARAMETER_LABEL[kind] : 'Pulse rate';
}

/** An MDC name of a parameter we do not show, from the places a limit alarm names its parameter. */
function parameterName(msg: Hl7Message, alert: AlertIndication, limitInHeader: boolean): string {
  const candidates: MdcCoded[] = [];
  if (limitInHeader) candidates.push(firstMdcValue(msg, alert.row));
  for (const row of [...(alert.facets.get('source') ?? []), ...alert.evidence]) candidates.push(mdcCodeOf(msg, row, 3), firstMdcValue(msg, row));
  return candidates.find((c) => c.mnemonic !== '' && !c.mnemonic.startsWith('MDC_ATTR_') && !c.mnemonic.startsWith('MDCX_ATTR_') && !namesAnEvent(c) && !c.mnemonic.startsWith('MDC_DEV_'))?.mnemonic ?? '';
}

function firstMdcValue(msg: Hl7Message, row: Hl7Segment): MdcCoded {
  const reps = msg.repetitions(row, 5).length;
  for (let r = 0; r < reps; r++) {
    const c = mdcCodeOf(msg, row, 5, r);
    if (isMdc(c)) return c;
  }
  return NO_MDC;
}

/** OBX-8 abnormality flags of the event row: H/HH/> above, L/LL/< below (TF-2 Table B.8.5-5). */
function limitDirection(msg: Hl7Message, row: Hl7Segment): 'HIGH' | 'LOW' | null {
  const flags = msg.repetitions(row, 8).map((r) => msg.componentOf(r, 1).trim().toUpperCase());
  const high = flags.some((f) => f === 'H' || f === 'HH' || f === '>');
  const low = flags.some((f) => f === 'L' || f === 'LL' || f === '<');
  return high === low ? null : high ? 'HIGH' : 'LOW';
}

/**
 * The device's own words for the alert, as its monitor shows them: the
 * TF-2 B.8.5 annotation facet (MDCX_ATTR_ALERT_ANNOTATION), OBX-5 of the
 * event row (ST/TX/FT text, or a CWE's original text, CWE-9, or its text
 * when that is not an MDC name), or the text of a foreign-coded OBX-3.
 */
function vendorText(msg: Hl7Message, alert: AlertIndication): string {
  const parts: string[] = [];
  {
    const row = alert.row;
    const raw = msg.raw(row, 5);
    let own = '';
    if (raw.includes(msg.delimiters.component)) {
      const c = msg.components(row, 5);
      own = [c[8], c[1], c[4]].map((x) => (x ?? '').trim()).find((x) => x !== '' && !/^MDCX?_/i.test(x)) ?? '';
    } else if (!/^\d+$/.test(raw.trim())) {
      own = msg.value(row, 5);
    }
    if (!own && codeSystemOf(msg, row, 3) === 'foreign') own = msg.value(row, 3, 2);
    parts.push(own);
  }
  for (const note of alert.facets.get('annotation') ?? []) parts.push(msg.value(note, 5));
  return sanitizeText(parts.map(sanitizeText).filter((p) => p !== '').join(' – '));
}

export function sanitizeCode(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 48);
}

function sanitizeText(s: string): string {
  return s.replace(/[\x00-\x1f\x7f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_MESSAGE);
}
