import type { AuditStore } from '../audit/audit-store';

/**
 * What the station needs of the audit trail: writing (high-volume and
 * durable clinical entries), its health and problems (which become technical
 * alarms), review, and the signed heads the back-end connection exchanges. The AuditStore is the implementation; station tests may pass
 * a fake with the same shape.
 */
export type StationAuditTrail = Pick<
  AuditStore,
  | 'record'
  | 'recordClinical'
  | 'health'
  | 'onHealth'
  | 'problems'
  | 'durability'
  | 'chainStatus'
  | 'verificationStatus'
  | 'query'
  | 'count'
  | 'verify'
  | 'export'
  | 'flush'
  | 'close'
  | 'onSignedHeads'
  | 'signedHeadsSince'
  | 'publicKey'
  | 'chainId'
  | 'checkBackEndHeads'
>;
