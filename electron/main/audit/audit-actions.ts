// The vocabulary lives in shared/ so the audit viewer can offer it as a filter.
export { AUDIT_ACTIONS, GENESIS_ACTION, isAuditAction, type AuditAction } from '../../../shared/audit/audit-actions';
