import type { AlarmPriority } from '../../../../shared/domain/alarm-condition';
import { facetNumber, type ContainmentPath } from './containment-path';
import { mnemonicKeys, type MdcCoded } from './obx-code';

/**
 * The facets of a PCD-04 alert indication: the OBX rows after the event
 * row that say where the alert is in its life and how urgent it is.
 * IHE PCD TF-2 Rev. 9.0, Appendix B.8.5 (Table B.8.5-1 "Observation Sub-ID
 * Facets"), read from every place devices put them:
 *
 * - OBX-3 with the assigned MDC attribute code (68480–68485);
 * - OBX-3 with the older attribute codes still sent by gateways built on the
 *   ACM trial implementation (68164 source, 68165 phase, 68166 state,
 *   68167 inactivation, 68168 priority: GE Mural and Dräger's ACM
 *   reference messages agree on them);
 * - OBX-3 by name only, whatever the code (TF-2's own E.3 advisory example
 *   sends `684810^MDC_ATTR_EVENT_PHASE^MDC`), including GE's
 *   MDC_ATTR_ALERT_STATE and the bare `EVENT_PHASE` / `ALARM_STATE` /
 *   `INACTIVATION_STATE` of the 2010–2011 ACM examples;
 * - the fifth OBX-4 element, `<MDS>.<VMD>.<CHAN>.<METRIC>.<FACET>`, when
 *   OBX-3 says nothing we know ("Use of <FACET> is retained for backward
 *   compatibility", B.8.5): 2 source, 3 phase, 4 state, 5 inactivation,
 *   6 priority, 7 type.
 * Priority and alert type may instead be OBX-8 flags of the event row
 * (Tables B.8.5-8/-9); B.8.5: "The new approach takes precedent over the
 * original approach. If both approaches are present, the Alert Manager
 * shall ignore the original approach."
 */
export type Facet = 'source' | 'phase' | 'state' | 'inactivation' | 'priority' | 'type' | 'annotation' | 'attribute';

const BY_CODE = new Map<number, Facet>([
  [68480, 'source'],
  [68481, 'phase'],
  [68482, 'state'],
  [68483, 'inactivation'],
  [68484, 'priority'],
  [68485, 'type'],
  [68164, 'source'],
  [68165, 'phase'],
  [68166, 'state'],
  [68167, 'inactivation'],
  [68168, 'priority'],
]);

const BY_NAME = new Map<string, Facet>([
  ['MDC_ATTR_ALERT_SOURCE', 'source'],
  ['MDC_ATTR_EVENT_PHASE', 'phase'],
  ['MDC_ATTR_ALARM_STATE', 'state'],
  ['MDC_ATTR_ALERT_STATE', 'state'],
  ['MDC_ATTR_ALARM_INACTIVATION_STATE', 'inactivation'],
  ['MDC_ATTR_ALARM_PRIORITY', 'priority'],
  ['MDC_ATTR_ALERT_PRIORITY', 'priority'],
  ['MDC_ATTR_ALERT_TYPE', 'type'],
  // TF-2 B.8.5: Alert Reporter display text, "preliminary MDC is 0".
  ['MDC_ATTR_ALERT_ANNOTATION', 'annotation'],
  // The 2010–2011 ACM trial examples: no MDC name at all.
  ['EVENT_PHASE', 'phase'],
  ['ALARM_STATE', 'state'],
  ['ALERT_STATE', 'state'],
  ['INACTIVATION_STATE', 'inactivation'],
]);

const BY_POSITION: Readonly<Record<string, Facet>> = { '2': 'source', '3': 'phase', '4': 'state', '5': 'inactivation', '6': 'priority', '7': 'type' };

/** Partition 1 (object-oriented attributes): never an alert or a measurement. */
const PART_OBJ = { from: 65536, to: 131072 };

/** What OBX-3 (its MDC code or name, or its bare text) says this row is, or null when it is not a facet. */
export function namedFacet(coded: MdcCoded, obx3: readonly string[]): Facet | null {
  const byCode = coded.code !== null ? BY_CODE.get(coded.code) : undefined;
  if (byCode) return byCode;
  const names = [...mnemonicKeys(coded.mnemonic), ...obx3.slice(0, 2).map((c) => c.trim().toUpperCase())];
  for (const n of names) {
    const f = BY_NAME.get(n) ?? BY_NAME.get(n.replace(/^MDCX_/, 'MDC_'));
    if (f) return f;
  }
  if (names.some((n) => n.startsWith('MDC_ATTR_') || n.startsWith('MDCX_ATTR_'))) return 'attribute';
  if (coded.code !== null && coded.code >= PART_OBJ.from && coded.code < PART_OBJ.to) return 'attribute';
  return null;
}

/** The facet an OBX-4 FACET element (5th) stands for, the last resort when OBX-3 names nothing known. */
export function positionalFacet(path: ContainmentPath | null): Facet | null {
  const position = facetNumber(path);
  return position !== null ? (BY_POSITION[String(position)] ?? null) : null;
}

/** What a phase tells the station to do with the alert (TF-2 Table B.8.5-4). */
export type PhaseMeaning = 'start' | 'once' | 'continue' | 'end' | 'no-alert';

/**
 * Table B.8.5-4 "Event Phase Coordinated Definitions", both columns (the
 * IHE names and the 11073-assigned `_START`, `_END`, `_STOP`, `_CHANGE(D)`,
 * `_CLEARED`, `_COMPL`), compared without case, spaces, dashes or underscores:
 * - start → start; tpoint (time point, no duration) and start_only
 *   ("continue and end are not to be expected") → once;
 * - continue, present, update, _CHANGE(D), _CLEARED, escalate, deescalate,
 *   inactivate ("e.g., silence"), acknowledged (at the device) → continue:
 *   the alert is still there;
 * - end, reset ("clear latched alarm"), stop ("pause; could restart with
 *   same ID later"), _COMPL → end;
 * - no_alert: proposed in Table B.8.5-3 for inactivation-state updates "not
 *   in the presence of active alerts" → not an alert.
 */
const PHASES: Readonly<Record<string, PhaseMeaning>> = {
  start: 'start',
  tpoint: 'once',
  timepoint: 'once',
  startonly: 'once',
  continue: 'continue',
  present: 'continue',
  update: 'continue',
  change: 'continue',
  changed: 'continue',
  cleared: 'continue',
  escalate: 'continue',
  deescalate: 'continue',
  inactivate: 'continue',
  acknowledged: 'continue',
  end: 'end',
  reset: 'end',
  stop: 'end',
  compl: 'end',
  noalert: 'no-alert',
};

export function phaseMeaning(value: string): PhaseMeaning | undefined {
  return PHASES[value.trim().toLowerCase().replace(/[\s_-]+/g, '')];
}

/** Alert state (Table B.8.5-1 facet 4, B.8.5-3): inactive | active | latched | off; "multiple is ok". */
export interface AlertState {
  /** true: the condition exists (active, or latched); false: inactive/off; null: not said. */
  present: boolean | null;
  latched: boolean;
}

export function alertStateOf(values: readonly string[]): AlertState {
  const v = new Set(values.map((x) => x.trim().toLowerCase()));
  const latched = v.has('latched');
  if (v.has('active') || latched) return { present: true, latched };
  if (v.has('inactive') || v.has('off')) return { present: false, latched: false };
  return { present: null, latched: false };
}

/**
 * Alarm priority (Tables B.8.5-1, B.8.5-3, B.8.5-8): PH/PM/PL, PN "not
 * indicated" / "no-alarm" (11073 AlertType no-alert), PI "information"
 * (an INFORMATION signal is not an alarm, IEC 60601-1-8), PU "not known".
 */
export type PriorityToken = AlarmPriority | 'NONE' | 'INFORMATION' | 'UNKNOWN';

const PRIORITIES: Readonly<Record<string, PriorityToken>> = { PH: 'HIGH', PM: 'MEDIUM', PL: 'LOW', PN: 'NONE', PI: 'INFORMATION', PU: 'UNKNOWN' };

export function priorityToken(value: string): PriorityToken | undefined {
  return PRIORITIES[value.trim().toUpperCase()];
}

/** Alert type (Table B.8.5-9): SP physiological, ST technical, SA advisory. */
export function alertTypeToken(value: string): 'SP' | 'ST' | 'SA' | undefined {
  const v = value.trim().toUpperCase();
  return v === 'SP' || v === 'ST' || v === 'SA' ? v : undefined;
}
