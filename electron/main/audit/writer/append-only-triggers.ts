/**
 * The database refuses to change or remove audit rows. The only sanctioned
 * deletion is pruning (prune-audit.ts), which drops and recreates the DELETE
 * trigger inside the same transaction that writes the audit.pruned row, so no
 * other connection ever sees the table unprotected.
 */
export const NO_UPDATE_TRIGGER_SQL = `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused'); END`;

export const NO_DELETE_TRIGGER_SQL = `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused'); END`;

export const DROP_NO_DELETE_TRIGGER_SQL = 'DROP TRIGGER audit_log_no_delete';
