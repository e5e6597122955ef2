import type { Hl7Message, Hl7Segment } from './hl7-message';

/**
 * OBX-4 as IHE PCD uses it: the device containment path
 * `<MDS>.<VMD>.<CHAN>.<METRIC>[.<FACET>[.<SUBFACET>]]` (TF-2 Rev. 9.0
 * B.8.3: "'Device-related' and 'metric-related' OBX segments in hierarchy
 * are tied together by their OBX-4 values"; trailing zeros mark a device
 * row, a 0 elsewhere an anonymous level). Some vendors (Mindray) put the
 * metric's own MDC code in the METRIC place: `1.3.1.150456.1`.
 */
export interface ContainmentPath {
  readonly parts: readonly number[];
}

/** Rows are read several times (role, facets, parameter): each path is parsed once. */
const parsed = new WeakMap<Hl7Segment, ContainmentPath | null>();

/** null when OBX-4 is empty or not a dotted list of non-negative integers. */
export function pathOf(msg: Hl7Message, row: Hl7Segment): ContainmentPath | null {
  const known = parsed.get(row);
  if (known !== undefined) return known;
  const text = msg.value(row, 4).trim();
  const path = /^\d{1,10}(\.\d{1,10})*$/.test(text) ? { parts: text.split('.').map(Number) } : null;
  parsed.set(row, path);
  return path;
}

/** `MDS.VMD.CHAN.METRIC` of a metric or facet row; null for device rows and short paths. */
export function metricKey(path: ContainmentPath | null): string | null {
  if (path === null || path.parts.length < 4 || path.parts[3] === 0) return null;
  return path.parts.slice(0, 4).join('.');
}

/**
 * The first four elements, zeros included: the facets of one alert share
 * them with its event row (`1.1.0.0.1`, `1.1.0.0.3`…, TF-2 B.8.5).
 */
export function alertKey(path: ContainmentPath | null): string | null {
  return path !== null && path.parts.length >= 4 ? path.parts.slice(0, 4).join('.') : null;
}

/** `MDS.VMD.CHAN` when the path names a channel. */
export function channelKey(path: ContainmentPath | null): string | null {
  if (path === null || path.parts.length < 3 || path.parts[2] === 0) return null;
  return path.parts.slice(0, 3).join('.');
}

/** The FACET element (5th), if any: 1 = event identification, 2 = source, 3 = phase… (TF-2 Table B.8.5-1). */
export function facetNumber(path: ContainmentPath | null): number | null {
  return path !== null && path.parts.length >= 5 ? path.parts[4]! : null;
}

/** The METRIC element (4th): an instance number, or a vendor's MDC code. */
export function metricElement(path: ContainmentPath | null): number | null {
  return path !== null && path.parts.length >= 4 ? path.parts[3]! : null;
}
