import { createHash } from 'node:crypto';
import type { AlarmPriority } from '../../../../shared/domain/alarm-condition';
import { LETHAL_ARRHYTHMIA_CODES, type DeviceAlarmInput } from '../../alarms/device-alarm';
import { alertStateOf, alertTypeToken, phaseMeaning, priorityToken, type Facet, type PhaseMeaning, type PriorityToken } from './acm-facets';
import { describeAlert } from './alert-event';
import { eui64From, type BedMap } from './bed-map';
import type { Hl7Message, Hl7Segment } from './hl7-message';
import { Hl7Rejection } from './hl7-rejection';
import type { NotAlarm, ObservationNotes } from './observation-notes';
import { groupOru, identityOf, type OrderGroup } from './oru-structure';
import { alertsOf, type AlertIndication, type NotUnderstood } from './pcd04-alerts';

/**
 * IHE PCD-04 (ORU^R40, Alert Communication Management) → alarm engine input.
 *
 *   OBX|1|CWE|196616^MDC_EVT_ALARM^MDC|1.0.0.0.1|196680^MDC_EVT_LEAD_OFF^MDC|||PM~ST|…
 *   OBX|2|NM|147842^MDC_ECG_HEART_RATE^MDC|1.0.0.0.2|…        (source)
 *   OBX|3|ST|68481^MDC_ATTR_EVENT_PHASE^MDC|1.0.0.0.3|start
 *   OBX|4|ST|68482^MDC_ATTR_ALARM_STATE^MDC|1.0.0.0.4|active
 *   OBX|6|ST|68484^MDC_ATTR_ALARM_PRIORITY^MDC|1.0.0.0.6|PM
 *
 * pcd04-alerts.ts finds the alert indications, alert-event.ts names them,
 * this file decides, per IHE PCD TF-2 Rev. 9.0 B.8.5:
 * - priority: the priority facet (68484/68168) wins over OBX-8 flags ("the
 *   new approach takes precedent"); neither readable → HIGH ("unknown
 *   means unsafe"), counted;
 * - not alarms: keep-alives, status events without an alarm priority, PN
 *   ("no-alarm", 11073 AlertType no-alert), PI (information), a no_alert
 *   phase. They are counted and never raise anything; if the same alert id
 *   is open at the station (its alarm was delivered earlier and it now
 *   reports PN), it is ended. A lethal arrhythmia is an alarm whatever its
 *   priority says (alarms/device-alarm.ts);
 * - phase (Table B.8.5-4) with the alert state (inactive/active/latched)
 *   as a cross-check: a "continue" whose state is inactive ends the alarm,
 *   a time-point or start_only alert is raised and ended at once, latched
 *   (so someone comes); no readable phase → continue, counted;
 * - identity: OBR-29 parent (else OBR-3, OBR-2) ties updates to the start.
 */
type Phase = DeviceAlarmInput['phase'];

const RANK: Readonly<Record<AlarmPriority, number>> = { HIGH: 0, MEDIUM: 1, LOW: 2 };

export interface Pcd04Result {
  /** In delivery order. */
  alarms: DeviceAlarmInput[];
  /** Ends to deliver only if the station has that device alarm open (a PN after an alarm). */
  endIfOpen: DeviceAlarmInput[];
  /** The first part of the message the station could not read (everything else is taken). */
  notUnderstood: NotUnderstood | null;
}

export function mapPcd04(msg: Hl7Message, bedMap: BedMap, notes: ObservationNotes): Pcd04Result {
  const result: Pcd04Result = { alarms: [], endIfOpen: [], notUnderstood: null };
  const deviceKey = deviceKeyOf(msg);
  let alerts = 0;
  for (const group of groupOru(msg)) {
    const rows = group.orders.flatMap((o) => o.obx);
    let bedId: string | null = null;
    for (const order of group.orders) {
      const found = alertsOf(msg, order, notes);
      result.notUnderstood ??= found.notUnderstood;
      if (found.alerts.length === 0) continue;
      bedId ??= bedMap.resolve(identityOf(msg, group, rows));
      const orderId = alertIdOf(msg, order.obr);
      found.alerts.forEach((alert, i) => {
        alerts++;
        const where = { bedId: bedId!, deviceKey, orderId, index: found.alerts.length > 1 ? i : null };
        decideAlert(msg, alert, order, where, notes, result);
      });
    }
  }
  if (alerts === 0) {
    const n = result.notUnderstood;
    if (n?.why === 'foreign-code') throw new Hl7Rejection('unknown-code-system', 'no alert row, and observations in a code system the station does not read (IEEE 11073 MDC)', n.location);
    throw new Hl7Rejection('no-alarm', 'ORU^R40 without an alert row (OBX-3 MDC_EVT_ALARM or an event code)', n?.location);
  }
  return result;
}

interface Where {
  bedId: string;
  deviceKey: string;
  orderId: string | null;
  index: number | null;
}

function decideAlert(msg: Hl7Message, alert: AlertIndication, order: OrderGroup, where: Where, notes: ObservationNotes, result: Pcd04Result): void {
  const described = describeAlert(msg, alert, order.obx);
  const facetValues = (facet: Facet): string[] =>
    (alert.facets.get(facet) ?? []).flatMap((row) => msg.repetitions(row, 5).map((r) => msg.componentOf(r, 1)));
  const flags = msg.repetitions(alert.row, 8).map((r) => msg.componentOf(r, 1));

  const priority = highestPriority(facetValues('priority')) ?? highestPriority(flags);
  const typeToken = facetValues('type').map(alertTypeToken).find((t) => t !== undefined) ?? flags.map(alertTypeToken).find((t) => t !== undefined);
  const source: DeviceAlarmInput['source'] = typeToken === 'ST' || typeToken === 'SA' ? 'technical' : typeToken === 'SP' ? 'device' : described.defaultSource;
  const phaseValue = facetValues('phase').map(phaseMeaning).find((p) => p !== undefined);
  const state = alertStateOf(facetValues('state'));

  const position = msg.value(alert.row, 4).trim();
  const localId = where.orderId !== null ? (where.index === null ? where.orderId : `${where.orderId}#${position || where.index + 1}`) : `${described.code}@${position}`;
  const base = { bedId: where.bedId, code: described.code, message: described.message, source, deviceAlarmId: boundedId(`${where.deviceKey}/${localId}`) };

  const lethal = described.event.kind === 'alarm' && LETHAL_ARRHYTHMIA_CODES.has(described.event.def.code);
  const notAlarm = notAnAlarm(described.event.kind, priority, phaseValue, lethal);
  if (notAlarm !== null) {
    notes.notAlarms[notAlarm]++;
    result.endIfOpen.push({ ...base, priority: 'HIGH', phase: 'end' });
    return;
  }
  for (const repair of described.repairs) notes.repaired[repair]++;

  let alarmPriority: AlarmPriority;
  if (priority === 'HIGH' || priority === 'MEDIUM' || priority === 'LOW') alarmPriority = priority;
  else {
    if (priority === 'NONE' || priority === 'INFORMATION') notes.repaired['no-alarm-overridden']++;
    else notes.repaired['priority-missing']++;
    alarmPriority = 'HIGH';
  }

  // No readable phase: the state may still say the condition is gone; otherwise 'continue' is a guess, counted.
  if (phaseValue === undefined && state.present !== false) notes.repaired['phase-missing']++;
  const meaning = phaseOf(phaseValue, state.present);
  const latching = state.latched || meaning === 'once' ? { latching: true } : {};
  const alarm = (phase: Phase): DeviceAlarmInput => ({ ...base, priority: alarmPriority, phase, ...latching });
  if (meaning === 'once') result.alarms.push(alarm('start'), alarm('end'));
  else result.alarms.push(alarm(meaning));
}

/** Table B.8.5-4 phase, cross-checked with the alert state (facet 4). */
function phaseOf(phase: PhaseMeaning | undefined, present: boolean | null): Phase | 'once' {
  const p = phase === undefined || phase === 'no-alert' ? 'continue' : phase;
  if (present === false && p === 'start') return 'once';
  if (present === false && p === 'continue') return 'end';
  return p;
}

function notAnAlarm(event: string, priority: PriorityToken | undefined, phase: PhaseMeaning | undefined, lethal: boolean): NotAlarm | null {
  if (event === 'keep-alive') return 'keep-alive';
  if (lethal) return null;
  const alarmPriority = priority === 'HIGH' || priority === 'MEDIUM' || priority === 'LOW';
  if (phase === 'no-alert') return 'status';
  if (event === 'status' && !alarmPriority) return 'status';
  if (priority === 'NONE') return 'no-alarm-priority';
  if (priority === 'INFORMATION') return 'information';
  return null;
}

/** The most urgent alarm priority among the tokens; else PU, PN, PI in that order; undefined if none readable. */
function highestPriority(values: readonly string[]): PriorityToken | undefined {
  const tokens = values.map(priorityToken).filter((t): t is PriorityToken => t !== undefined);
  let best: AlarmPriority | null = null;
  for (const t of tokens) if ((t === 'HIGH' || t === 'MEDIUM' || t === 'LOW') && (best === null || RANK[t] < RANK[best])) best = t;
  if (best !== null) return best;
  return (['UNKNOWN', 'NONE', 'INFORMATION'] as const).find((t) => tokens.includes(t));
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
