import type { NumericKind } from '../../../../shared/domain/numeric';
import { channelKey, metricElement, metricKey, pathOf } from './containment-path';
import type { Hl7Message, Hl7Segment } from './hl7-message';
import { metricByCode, metricKindOf } from './mdc-metrics';
import { mdcCodeOf } from './obx-code';
import type { AlertIndication } from './pcd04-alerts';

/**
 * Which measurement a limit alarm is about, from every place a PCD-04
 * carries it (IHE PCD TF-2 Rev. 9.0, B.8.5 Table B.8.5-1 and the facet
 * text after it), in this order:
 * 1. OBX-5 of the event row, when OBX-3 is the limit event itself
 *    (`196670^MDC_EVT_LO^MDC|…|150456^MDC_PULS_OXIM_SAT_O2^MDC`, any
 *    triplet, code 0 read by name);
 * 2. the source identification facet: "the particular measurement that is
 *    the source of the alarm by its MDC nomenclature code in OBX-3", or in
 *    OBX-5 of an MDC_ATTR_ALERT_SOURCE row; then any evidence row naming a
 *    metric;
 * 3. the OBX-4 containment path (B.8.3): the METRIC element when it is the
 *    metric's own code (Mindray `1.3.1.150456.1`), a metric row of the same
 *    OBR at the same `MDS.VMD.CHAN.METRIC`, or, when the alert sits on a
 *    channel, the one kind of metric that channel reports.
 * null when none of them names a metric the station knows.
 */
export type ParameterFrom = 'event-value' | 'source' | 'containment';

export function limitParameter(msg: Hl7Message, alert: AlertIndication, sameOrder: readonly Hl7Segment[], limitInHeader: boolean): { kind: NumericKind; from: ParameterFrom } | null {
  if (limitInHeader) {
    const kind = kindOfValue(msg, alert.row);
    if (kind !== null) return { kind, from: 'event-value' };
  }
  for (const row of [...(alert.facets.get('source') ?? []), ...alert.evidence]) {
    const kind = metricKindOf(mdcCodeOf(msg, row, 3)) ?? kindOfValue(msg, row);
    if (kind !== null) return { kind, from: 'source' };
  }
  const kind = kindByContainment(msg, alert.row, sameOrder);
  return kind !== null ? { kind, from: 'containment' } : null;
}

/** A metric named by OBX-5 (CWE, possibly repeated). */
function kindOfValue(msg: Hl7Message, row: Hl7Segment): NumericKind | null {
  const reps = msg.repetitions(row, 5).length;
  for (let r = 0; r < reps; r++) {
    const kind = metricKindOf(mdcCodeOf(msg, row, 5, r));
    if (kind !== null) return kind;
  }
  return null;
}

function kindByContainment(msg: Hl7Message, row: Hl7Segment, sameOrder: readonly Hl7Segment[]): NumericKind | null {
  const path = pathOf(msg, row);
  const element = metricElement(path);
  if (element !== null && element > 0) {
    const own = metricByCode(element);
    if (own) return own.kind;
  }
  const index = containmentIndex(msg, sameOrder);
  const only = (kinds: Set<NumericKind> | undefined) => (kinds?.size === 1 ? [...kinds][0]! : null);
  const metric = metricKey(path);
  if (metric !== null) return only(index.atMetric.get(metric));
  const channel = channelKey(path);
  return channel !== null ? only(index.inChannel.get(channel)) : null;
}

interface ContainmentIndex {
  atMetric: Map<string, Set<NumericKind>>;
  inChannel: Map<string, Set<NumericKind>>;
}

/** Which metrics an OBR's rows report at each path: built once per OBR, however many alerts ask. */
const indexes = new WeakMap<readonly Hl7Segment[], ContainmentIndex>();

function containmentIndex(msg: Hl7Message, rows: readonly Hl7Segment[]): ContainmentIndex {
  const known = indexes.get(rows);
  if (known) return known;
  const index: ContainmentIndex = { atMetric: new Map(), inChannel: new Map() };
  const add = (map: Map<string, Set<NumericKind>>, key: string | null, kind: NumericKind) => {
    if (key === null) return;
    const set = map.get(key);
    if (set) set.add(kind);
    else map.set(key, new Set([kind]));
  };
  for (const r of rows) {
    const kind = metricKindOf(mdcCodeOf(msg, r, 3));
    if (kind === null) continue;
    const path = pathOf(msg, r);
    add(index.atMetric, metricKey(path), kind);
    add(index.inChannel, channelKey(path), kind);
  }
  indexes.set(rows, index);
  return index;
}
