import type { StationAuditTrail } from '../station/station-audit';

/**
 * Stamps the patient on every audit entry about a bed: whoever was in the
 * bed when the entry was written (alarm onset, acknowledgement, limit
 * change…), as the census knows them, so an exported or reviewed record
 * says whose alarm it was even after a transfer or discharge.
 *
 * What is stamped: the station's encounter id, the hospital number with its
 * type and authority, and the visit number – what makes a record
 * attributable to a person in the hospital's systems. Never the name or
 * date of birth: the trail is kept for years and exported to people outside
 * the unit, and the number is enough to look the rest up where access is
 * controlled. An entry that already names its patient (the census's own) is
 * left as it is. One that names only an encounter gets that encounter's
 * identity, not the bed's occupant now: an alarm shown late (held back in a
 * flood) whose patient has left the bed meanwhile (alarm-engine.ts). One
 * that names no encounter (null) concerns nobody and stays so.
 *
 * A decorator rather than a column: the audit store's schema is not the
 * census's to change (electron/main/census/README.md).
 */
export type IdentityLookup = (bedId: string, encounterId?: string) => Readonly<Record<string, string | number | boolean | null>> | null;

export function withPatientIdentity(audit: StationAuditTrail, identityOf: IdentityLookup): StationAuditTrail {
  const stamp = <E extends { bedId?: string | null; details?: Readonly<Record<string, unknown>> | undefined }>(event: E): E => {
    if (!event.bedId) return event;
    const named = event.details && 'encounter' in event.details ? event.details.encounter : undefined;
    if (named !== undefined && (typeof named !== 'string' || 'patient_id' in event.details!)) return event;
    const identity = identityOf(event.bedId, named);
    return identity ? { ...event, details: { ...identity, ...event.details } } : event;
  };
  return new Proxy(audit, {
    get(target, property) {
      if (property === 'record') return (event: Parameters<StationAuditTrail['record']>[0]) => target.record(stamp(event));
      if (property === 'recordClinical') return (event: Parameters<StationAuditTrail['recordClinical']>[0]) => target.recordClinical(stamp(event));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
