import { alertTypeToken, namedFacet, positionalFacet, priorityToken, type Facet } from './acm-facets';
import { alertKey, facetNumber, pathOf, type ContainmentPath } from './containment-path';
import type { Hl7Message, Hl7Segment } from './hl7-message';
import type { Hl7ErrorLocation } from './hl7-rejection';
import { isEventAlarm, namesAnEvent } from './mdc-events';
import { metricOf } from './mdc-metrics';
import { isMdc, mdcCodeOfComponents } from './obx-code';
import type { ObservationNotes } from './observation-notes';
import type { OrderGroup } from './oru-structure';

/**
 * One OBR group of a PCD-04 (ORU^R40) → its alert indications. TF-2
 * Rev. 9.0 B.7.1: "A Report Alert [PCD-04] transaction contains at most
 * one alert indication. Additional OBR/OBX segment groupings may appear …
 * to communicate waveform evidentiary data." B.8.5: the indication is an
 * event identification row (facet 1) followed by its facets (source,
 * phase, state, inactivation, priority, type) and evidence.
 *
 * Real senders bend this, so each row is classified on its own:
 * 1. a facet (acm-facets.ts: by code, older code, name, or OBX-4 position);
 * 2. an event row: OBX-3 MDC_EVT_ALARM, any events-partition code or
 *    `MDC(X)_EVT_` name, or OBX-4 facet element 1;
 * 3. evidence: a metric row (source of a limit alarm), waveforms, anything
 *    MDC; 4. device structure (no value); 5. anything else, in a code system
 *    the station does not read.
 * Several event rows in one OBR (some gateways batch) each start an alert.
 * A facet or evidence row belongs to the one alert whose OBX-4 first four
 * elements it shares, else to the alert before it (rows before the first event row:
 * to the first alert; the OBR is about one indication).
 * A group with alert flags (OBX-8 PH/PM/PL/PN…, SP/ST/SA) or facets but no
 * event row we recognise is still an alert when a row can name it: the
 * flagged row (a metric row flagged `L~PM~SP` is a limit alarm on that
 * metric), else its first row with a value in another code system (e.g.
 * Philips' `2^Yellow Alarm^MDIL-ALERT`, whose text the nurse then reads).
 * Facets with nothing to name the alert are not understood; so is a group
 * without any of that in a code system the station does not read. Any
 * other group is evidence (TF-2 allows waveform groups) and is counted.
 */
export interface AlertIndication {
  /** The event identification row. */
  row: Hl7Segment;
  facets: Map<Facet, Hl7Segment[]>;
  /** Other rows of the indication, in message order (source metric rows, waveforms…). */
  evidence: Hl7Segment[];
}

export interface NotUnderstood {
  location: Hl7ErrorLocation;
  /** 'foreign-code': observations in a code system the station does not read; 'no-event': facets of an alert nothing names. */
  why: 'foreign-code' | 'no-event';
}

export interface OrderAlerts {
  alerts: AlertIndication[];
  notUnderstood: NotUnderstood | null;
}

type RowRole = { role: 'facet'; facet: Facet } | { role: 'event' } | { role: 'evidence' } | { role: 'structure' } | { role: 'foreign' };

export function alertsOf(msg: Hl7Message, order: OrderGroup, notes: ObservationNotes): OrderAlerts {
  // Each row's facts are read once: the work stays linear in the rows, whatever a sender puts in 256 KiB.
  const rows = order.obx.map((row) => {
    const path = pathOf(msg, row);
    return { row, path, role: roleOf(msg, row, path) };
  });
  const alerts: AlertIndication[] = [];
  const byRow = new Map<Hl7Segment, AlertIndication>();
  const newAlert = (row: Hl7Segment) => {
    const a: AlertIndication = { row, facets: new Map(), evidence: [] };
    alerts.push(a);
    byRow.set(row, a);
  };
  for (const { row, role } of rows) if (role.role === 'event') newAlert(row);

  if (alerts.length === 0) {
    const facet = rows.find((r) => r.role.role === 'facet');
    const flagged = rows.find((r) => (r.role.role === 'evidence' || r.role.role === 'foreign') && hasAlertFlags(msg, r.row));
    const named = rows.find((r) => r.role.role === 'foreign' && msg.raw(r.row, 5) !== '');
    if (flagged) newAlert(flagged.row);
    else if (facet && named) newAlert(named.row);
    else {
      for (const r of rows) notes.ignored[ignoredAs(r.role.role)]++;
      const foreign = rows.find((r) => r.role.role === 'foreign');
      const at = (row: Hl7Segment): Hl7ErrorLocation => ({ segment: 'OBX', sequence: row.sequence, field: 3 });
      if (foreign) return { alerts, notUnderstood: { location: at(foreign.row), why: 'foreign-code' } };
      return { alerts, notUnderstood: facet ? { location: at(facet.row), why: 'no-event' } : null };
    }
  }

  // Only a key one alert alone has ties a row to it; a shared key says nothing.
  const byKey = new Map<string, AlertIndication | null>();
  for (const { row, path } of rows) {
    const a = byRow.get(row);
    const key = alertKey(path);
    if (a && key !== null) byKey.set(key, byKey.has(key) ? null : a);
  }
  let current: AlertIndication | null = null;
  for (const { row, path, role } of rows) {
    const own = byRow.get(row);
    if (own) {
      current = own;
      continue;
    }
    if (role.role === 'structure' && current === null) {
      notes.ignored['device-structure']++;
      continue;
    }
    const key = alertKey(path);
    const target = (key !== null ? byKey.get(key) : null) ?? current ?? alerts[0]!;
    if (role.role !== 'facet') target.evidence.push(row);
    else {
      const list = target.facets.get(role.facet);
      if (list) list.push(row);
      else target.facets.set(role.facet, [row]);
    }
  }
  return { alerts, notUnderstood: null };
}

function roleOf(msg: Hl7Message, row: Hl7Segment, path: ContainmentPath | null): RowRole {
  const obx3 = msg.components(row, 3);
  const coded = mdcCodeOfComponents(obx3);
  const named = namedFacet(coded, obx3);
  if (named) return { role: 'facet', facet: named };
  if (isEventAlarm(coded) || namesAnEvent(coded)) return { role: 'event' };
  if (metricOf(coded) !== null) return { role: 'evidence' };
  const hasValue = msg.raw(row, 5) !== '';
  if (facetNumber(path) === 1 && hasValue) return { role: 'event' };
  const positional = positionalFacet(path);
  if (positional) return { role: 'facet', facet: positional };
  if (!hasValue && msg.value(row, 2).trim() === '') return { role: 'structure' };
  return isMdc(coded) ? { role: 'evidence' } : { role: 'foreign' };
}

/** OBX-8 flags that only an alert's event row carries (TF-2 Tables B.8.5-8, B.8.5-9). */
function hasAlertFlags(msg: Hl7Message, row: Hl7Segment): boolean {
  return msg.repetitions(row, 8).some((r) => {
    const flag = msg.componentOf(r, 1);
    return priorityToken(flag) !== undefined || alertTypeToken(flag) !== undefined;
  });
}

function ignoredAs(role: RowRole['role']): 'device-structure' | 'foreign-code' | 'unknown-code' {
  return role === 'structure' ? 'device-structure' : role === 'foreign' ? 'foreign-code' : 'unknown-code';
}
