import { createHash } from 'node:crypto';
import { PARAMETER_CODE, PARAMETER_LABEL, isLimitParameter } from '../../../../shared/alarms/limit-parameters';
import type { AlarmPriority } from '../../../../shared/domain/alarm-condition';
import type { NumericKind } from '../../../../shared/domain/numeric';
import type { DeviceAlarmInput } from '../../alarms/device-alarm';
import { eui64From, type BedMap } from './bed-map';
import type { Hl7Message, Hl7Segment } from './hl7-message';
import { Hl7Rejection } from './hl7-rejection';
import {
  EVENTS_BY_MNEMONIC,
  LIMIT_EVENT_BY_MNEMONIC,
  MDC_ATTR_ALARM_PRIORITY,
  MDC_ATTR_ALARM_STATE,
  MDC_ATTR_EVENT_PHASE,
  MDC_EVENTS,
  MDC_EVT_ALARM,
  MDC_LIMIT_EVENTS,
  MDC_METRICS,
  METRIC_CODE_BY_MNEMONIC,
  isEventCode,
  type EventDef,
} from './mdc-codes';
import { mdcCodeOf, type MdcCoded } from './obx-code';
import type { ObservationNotes } from './observation-notes';
import { groupOru, identityOf } from './oru-structure';

/**
 * IHE PCD-04 (ORU^R40, Alert Communication Management) → alarm engine input.
 *
 * An alert is an "alert row" followed by its sub-rows, within one OBR:
 *   OBX|1|CWE|196616^MDC_EVT_ALARM^MDC|1.0.0.0.1|196680^MDC_EVT_LEAD_OFF^MDC|||PM~ST|…
 *   OBX|2|NM|147842^MDC_ECG_HEART_RATE^MDC|1.0.0.0.2|…        (source, optional)
 *   OBX|3|ST|68481^MDC_ATTR_EVENT_PHASE^MDC|1.0.0.0.3|start
 *   OBX|4|ST|68482^MDC_ATTR_ALARM_STATE^MDC|1.0.0.0.4|active
 * The alert row's OBX-3 is MDC_EVT_ALARM with the event in OBX-5, or a limit
 * event (MDC_EVT_HI/LO…) with the parameter in OBX-5, or (some vendors) the
 * event itself. OBR-29 (parent) – else OBR-3, OBR-2 – is the device's id of
 * the alert, tying continue/end messages to the start.
 *
 * Safety rules: an alarm is never dropped for a missing or garbled field.
 * No valid priority → HIGH ("unknown means unsafe"); no readable phase →
 * 'continue' (raises if not shown, never ends one); unknown event → kept
 * under a sanitized code. Each repair is counted.
 */
type Phase = DeviceAlarmInput['phase'];

const PRIORITY_FLAGS: Readonly<Record<string, AlarmPriority>> = { PH: 'HIGH', PM: 'MEDIUM', PL: 'LOW' };
const RANK: Readonly<Record<AlarmPriority, number>> = { HIGH: 0, MEDIUM: 1, LOW: 2 };
const PHASES: Readonly<Record<string, Phase>> = {
  start: 'start',
  start_only: 'start',
  continue: 'continue',
  present: 'continue',
  update: 'continue',
  escalate: 'continue',
  deescalate: 'continue',
  end: 'end',
  stop: 'end',
  reset: 'end',
};

interface Alert {
  row: Hl7Segment;
  subRows: Hl7Segment[];
}

export function mapPcd04(msg: Hl7Message, bedMap: BedMap, notes: ObservationNotes): DeviceAlarmInput[] {
  const alarms: DeviceAlarmInput[] = [];
  const deviceKey = deviceKeyOf(msg);
  for (const group of groupOru(msg)) {
    const rows = group.orders.flatMap((o) => o.obx);
    let bedId: string | null = null;
    for (const order of group.orders) {
      const alerts = splitAlerts(msg, order.obx, notes);
      if (alerts.length === 0) continue;
      bedId ??= bedMap.resolve(identityOf(msg, group, rows));
      const orderId = alertIdOf(msg, order.obr);
      alerts.forEach((alert, i) => {
        alarms.push(toAlarm(msg, alert, bedId!, deviceKey, orderId, alerts.length > 1 ? i : null, notes));
      });
    }
  }
  if (alarms.length === 0) throw new Hl7Rejection('no-alarm', 'ORU^R40 without an alert row (OBX-3 MDC_EVT_ALARM or an event code)');
  return alarms;
}

function isAlertRow(c: MdcCoded): boolean {
  if (c.code !== null) return c.code === MDC_EVT_ALARM || isEventCode(c.code);
  return c.mnemonic.startsWith('MDC_EVT_') || LIMIT_EVENT_BY_MNEMONIC.has(c.mnemonic) || EVENTS_BY_MNEMONIC.has(c.mnemonic);
}

function splitAlerts(msg: Hl7Message, rows: readonly Hl7Segment[], notes: ObservationNotes): Alert[] {
  const alerts: Alert[] = [];
  for (const row of rows) {
    if (isAlertRow(mdcCodeOf(msg, row, 3))) alerts.push({ row, subRows: [] });
    else if (alerts.length > 0) alerts[alerts.length - 1]!.subRows.push(row);
    else notes.ignored['unknown-code']++;
  }
  return alerts;
}

function toAlarm(msg: Hl7Message, alert: Alert, bedId: string, deviceKey: string, orderId: string | null, index: number | null, notes: ObservationNotes): DeviceAlarmInput {
  const { code, message, defaultSource } = describeEvent(msg, alert);
  const flags = msg.repetitions(alert.row, 8).map((r) => msg.componentOf(r, 1).trim().toUpperCase());

  let priority = highest(flags.map((f) => PRIORITY_FLAGS[f]));
  if (priority === null) {
    const row = subRow(msg, alert, MDC_ATTR_ALARM_PRIORITY);
    priority = row ? highest([PRIORITY_FLAGS[msg.value(row, 5).trim().toUpperCase()]]) : null;
  }
  if (priority === null) {
    notes.repaired['priority-missing']++;
    priority = 'HIGH';
  }

  const source: DeviceAlarmInput['source'] = flags.includes('ST') || flags.includes('SA') ? 'technical' : flags.includes('SP') ? 'device' : defaultSource;

  const stateRow = subRow(msg, alert, MDC_ATTR_ALARM_STATE);
  const state = stateRow ? msg.value(stateRow, 5).trim().toLowerCase() : '';
  const phaseRow = subRow(msg, alert, MDC_ATTR_EVENT_PHASE);
  let phase: Phase | undefined = phaseRow ? PHASES[msg.value(phaseRow, 5).trim().toLowerCase()] : undefined;
  if (phase === undefined) {
    // An explicit "inactive" may end an alarm; silence or garbage may not.
    if (state === 'inactive' || state === 'off') phase = 'end';
    else {
      phase = 'continue';
      notes.repaired['phase-missing']++;
    }
  }

  const position = msg.value(alert.row, 4).trim();
  const localId = orderId !== null ? (index === null ? orderId : `${orderId}#${position || index + 1}`) : `${code}@${position}`;
  return {
    bedId,
    code,
    message,
    priority,
    source,
    phase,
    deviceAlarmId: boundedId(`${deviceKey}/${localId}`),
    ...(state === 'latched' ? { latching: true } : {}),
  };
}

function describeEvent(msg: Hl7Message, alert: Alert): { code: string; message: string; defaultSource: 'device' | 'technical' } {
  const header = mdcCodeOf(msg, alert.row, 3);
  const headerLimit = limitOf(header);
  if (headerLimit !== null) return limitAlarm(headerLimit, metricOf(mdcCodeOf(msg, alert.row, 5)), mdcCodeOf(msg, alert.row, 5));

  const event = header.code === MDC_EVT_ALARM || header.mnemonic === 'MDC_EVT_ALARM' ? mdcCodeOf(msg, alert.row, 5) : header;
  const eventLimit = limitOf(event);
  if (eventLimit !== null) {
    const sourceRow = alert.subRows.find((r) => metricOf(mdcCodeOf(msg, r, 3)) !== null);
    const param = sourceRow ? mdcCodeOf(msg, sourceRow, 3) : { code: null, mnemonic: '' };
    return limitAlarm(eventLimit, metricOf(param), param);
  }
  const known: EventDef | undefined = (event.code !== null ? MDC_EVENTS.get(event.code) : undefined) ?? EVENTS_BY_MNEMONIC.get(event.mnemonic);
  if (known) return { code: known.code, message: known.message, defaultSource: known.source };

  const fromName = sanitizeCode(event.mnemonic.replace(/^MDC_EVT_/, '').replace(/^MDC_/, ''));
  const code = fromName || (event.code !== null ? `EVT_${event.code}` : 'DEVICE_ALARM');
  // A vendor's own alarm text (OBX-5.2 when it is not an MDC name) is what its monitor shows: keep it for the nurse.
  const vendorText = sanitizeText(msg.value(alert.row, 5, 2));
  return { code, message: vendorText && !vendorText.startsWith('MDC_') ? vendorText : `Device alarm ${code}`, defaultSource: 'device' };
}

function limitOf(c: MdcCoded): 'HIGH' | 'LOW' | null {
  return (c.code !== null ? MDC_LIMIT_EVENTS.get(c.code) : undefined) ?? LIMIT_EVENT_BY_MNEMONIC.get(c.mnemonic) ?? null;
}

function metricOf(c: MdcCoded): NumericKind | null {
  const code = c.code ?? METRIC_CODE_BY_MNEMONIC.get(c.mnemonic);
  return code !== undefined ? (MDC_METRICS.get(code)?.kind ?? null) : null;
}

/** `HR_HIGH`, `SPO2_LOW`… – the alarm engine's own codes for the same conditions. */
function limitAlarm(direction: 'HIGH' | 'LOW', kind: NumericKind | null, param: MdcCoded): { code: string; message: string; defaultSource: 'device' } {
  const word = direction === 'HIGH' ? 'high' : 'low';
  if (kind !== null) {
    const stem = isLimitParameter(kind) ? PARAMETER_CODE[kind] : 'PR';
    const label = isLimitParameter(kind) ? PARAMETER_LABEL[kind] : 'Pulse rate';
    return { code: `${stem}_${direction}`, message: `${label} ${word}`, defaultSource: 'device' };
  }
  const stem = sanitizeCode(param.mnemonic.replace(/^MDC_/, '')).slice(0, 48 - direction.length - 1);
  return stem
    ? { code: `${stem}_${direction}`, message: `${stem} ${word}`, defaultSource: 'device' }
    : { code: `LIMIT_${direction}`, message: `Limit alarm ${word}`, defaultSource: 'device' };
}

function subRow(msg: Hl7Message, alert: Alert, attribute: number): Hl7Segment | undefined {
  return alert.subRows.find((r) => mdcCodeOf(msg, r, 3).code === attribute);
}

function highest(priorities: readonly (AlarmPriority | undefined)[]): AlarmPriority | null {
  let best: AlarmPriority | null = null;
  for (const p of priorities) if (p !== undefined && (best === null || RANK[p] < RANK[best])) best = p;
  return best;
}

/** OBR-29 parent (EIP: placer EI ^ filler EI), else OBR-3 filler, else OBR-2 placer: entity id [@namespace]. */
function alertIdOf(msg: Hl7Message, obr: Hl7Segment): string | null {
  const candidates: Array<[number, number]> = [[29, 2], [29, 1], [3, 1], [2, 1]];
  for (const [field, component] of candidates) {
    const entity = cleanId(msg.value(obr, field, component, 0, field === 29 ? 1 : undefined));
    if (entity === '') continue;
    const ns = field === 29 ? cleanId(msg.value(obr, field, component, 0, 2)) : cleanId(msg.value(obr, field, 2));
    return ns ? `${entity}@${ns}` : entity;
  }
  return null;
}

/**
 * Who sent it (MSH-3: its EUI-64, else its name): the alarm engine keys
 * device alarms by bed and id, and two devices at one bed may both number
 * their alerts from 1.
 */
function deviceKeyOf(msg: Hl7Message): string {
  const c = msg.components(msg.msh, 3);
  return eui64From(c) ?? (cleanId(c.filter((x) => x.trim() !== '').join(':')) || 'device');
}

function cleanId(s: string): string {
  return s.replace(/[\x00-\x1f\x7f]/g, '').trim();
}

/** DeviceAlarmSchema allows 64 characters; longer ids are hashed rather than cut (cutting could merge two alerts). */
function boundedId(id: string): string {
  return id.length <= 64 ? id : `h:${createHash('sha256').update(id).digest('hex').slice(0, 40)}`;
}

export function sanitizeCode(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 48);
}

function sanitizeText(s: string): string {
  return s.replace(/[\x00-\x1f\x7f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
}
