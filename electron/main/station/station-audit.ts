import type { AuditStore } from '../audit/audit-store';

/**
 * What the station needs of the audit trail: writing (high-volume and
 * durable clinical entries), its health (which becomes a technical alarm)
 * and review. The AuditStore is the implementation; station tests may pass
 * a fake with the same shape.
 */
export type StationAuditTrail = Pick<
  AuditStore,
  'record' | 'recordClinical' | 'health' | 'onHealth' | 'chainStatus' | 'query' | 'count' | 'verify' | 'export' | 'flush' | 'close'
>;
