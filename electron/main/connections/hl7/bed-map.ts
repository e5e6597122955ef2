import { normalizeLocationKey } from '../../../../shared/hl7/listener-config';
import { Hl7Rejection } from './hl7-rejection';

/**
 * Which bed a message is about. Devices identify themselves two ways:
 * - PV1-3, the assigned patient location (PL: pointOfCare^room^bed^facility…),
 *   as configured on the monitor;
 * - the device's EUI-64: OBX-18 (equipment instance identifier) on each
 *   observation, or MSH-3 (sending application) for the whole message.
 * The configured map ties either to a bed. When both are present they must
 * agree: a monitor whose location says bed 3 but whose EUI-64 is mapped to
 * bed 5 has been moved or misconfigured, and showing its numbers on either
 * tile could put one patient's data on another's. Such messages are refused,
 * so the bed goes to NO DATA and someone looks.
 */
export interface BedMapEntryInput {
  bedId: string;
  location?: string | undefined;
  eui64?: string | undefined;
}

const EUI64 = /^[0-9A-Fa-f]{16}$/;

/**
 * EUI-64 from an EI (entity id ^ namespace ^ universal id ^ universal id type),
 * as in OBX-18 `0123456789ABCDEF^EUI-64` or `…^Vendor^0123456789ABCDEF^EUI-64`,
 * and MSH-3 `MONITOR^0123456789ABCDEF^EUI-64` (HD: namespace ^ universal id ^ type).
 */
export function eui64From(components: readonly string[]): string | null {
  for (let i = 0; i < components.length; i++) {
    if ((components[i] ?? '').trim().toUpperCase() === 'EUI-64') {
      const candidate = (components[i - 1] ?? '').trim();
      if (EUI64.test(candidate)) return candidate.toUpperCase();
    }
  }
  const first = (components[0] ?? '').trim();
  return EUI64.test(first) ? first.toUpperCase() : null;
}

export interface DeviceIdentity {
  /** PV1-3 components, if the message has a PV1 with a location. */
  location: readonly string[] | null;
  /** EUI-64s from OBX-18 of the rows concerned. */
  observationEuis: readonly string[];
  /** EUI-64 from MSH-3, used only when nothing else identifies the bed. */
  senderEui: string | null;
}

export class BedMap {
  private readonly byLocation = new Map<string, string>();
  private readonly byEui = new Map<string, string>();

  constructor(entries: readonly BedMapEntryInput[]) {
    for (const e of entries) {
      if (e.location !== undefined) {
        const key = normalizeLocationKey(e.location);
        if (key !== null) this.byLocation.set(key, e.bedId);
      }
      if (e.eui64 !== undefined) this.byEui.set(e.eui64.toUpperCase(), e.bedId);
    }
  }

  /**
   * The bed at a PV1-3 location (ADT): the exact point of care^room^bed, or
   * an entry configured without a room (`ICU4^^BED07`) for that bed in any
   * room – ADT feeds name rooms that monitors are often not configured with.
   */
  bedAtLocation(location: readonly string[]): string | null {
    const key = normalizeLocationKey(location);
    if (key === null) return null;
    const exact = this.byLocation.get(key);
    if (exact !== undefined) return exact;
    const [pointOfCare = '', , bed = ''] = location.map((p) => p.trim());
    return bed === '' ? null : (this.byLocation.get(normalizeLocationKey([pointOfCare, '', bed]) ?? '') ?? null);
  }

  /** The points of care (PL.1) the map's locations name: this unit's wards, upper-cased. */
  pointsOfCare(): ReadonlySet<string> {
    return new Set([...this.byLocation.keys()].map((key) => key.split('^')[0]!));
  }

  /** Throws `unknown-bed` or `bed-conflict`; never guesses. */
  resolve(identity: DeviceIdentity): string {
    const candidates = new Set<string>();
    const locationKey = identity.location ? normalizeLocationKey(identity.location) : null;
    const byLocation = locationKey !== null ? this.byLocation.get(locationKey) : undefined;
    if (byLocation !== undefined) candidates.add(byLocation);
    for (const eui of identity.observationEuis) {
      const bed = this.byEui.get(eui);
      if (bed !== undefined) candidates.add(bed);
    }
    if (candidates.size === 0 && identity.senderEui !== null) {
      const bed = this.byEui.get(identity.senderEui);
      if (bed !== undefined) candidates.add(bed);
    }
    if (candidates.size > 1) {
      throw new Hl7Rejection('bed-conflict', 'PV1-3 location and device EUI-64 (OBX-18) map to different beds', { segment: 'PV1', sequence: 1, field: 3 });
    }
    const [bedId] = candidates;
    if (bedId === undefined) {
      const what = locationKey === null && identity.observationEuis.length === 0 && identity.senderEui === null
        ? 'message has no PV1-3 location and no device EUI-64'
        : 'PV1-3 location / device EUI-64 not in the configured bed map';
      throw new Hl7Rejection('unknown-bed', what, { segment: 'PV1', sequence: 1, field: 3 });
    }
    return bedId;
  }
}
