/**
 * The closed vocabulary of audited actions. A closed list (rather than free
 * strings) keeps the viewer's filters and the retention/reporting queries
 * honest: a typo is a compile error, not an action nobody ever finds again.
 */
export const AUDIT_ACTIONS = [
  // Written once, as seq 1 of every chain, by the store itself.
  'audit.genesis',
  'app.start',
  'app.stop',
  /** A workstation closed by a signed-in charge nurse or admin who confirmed the alarms it showed (durable before it stops). */
  'app.quit',
  /** Found at start: the previous run ended without a clinical quit (killed, crashed, OS shutdown, power loss). */
  'app.unclean-stop',
  'app.crash-recovered',
  'config.loaded',
  'config.changed',
  'user.sign-in',
  'user.sign-out',
  'user.sign-in-failed',
  /** Failed sign-ins for one user kept coming (at one or several screens): a notice went to admins and charge nurses. */
  'user.sign-in-alert',
  'alarm.onset',
  'alarm.acknowledged',
  'alarm.escalated',
  'alarm.resolved',
  'alarm.reset',
  'audio.paused',
  'audio.resumed',
  'limits.changed',
  'profile.changed',
  // A bed's limits back to its new patient's category default (on admission or a category change).
  'limits.reset',
  // The census (electron/main/census/): manual ADT at the station and the hospital's ADT feed.
  'census.admitted',
  'census.updated',
  'census.transferred',
  'census.discharged',
  'census.admission-cancelled',
  'census.transfer-cancelled',
  'census.discharge-cancelled',
  'census.replaced-by-feed',
  'census.review-confirmed',
  'census.loaded',
  'connection.up',
  'connection.down',
  // Someone set the station's system clock (a step over 2 s): details say by how much.
  'clock.changed',
  'input.rejected',
  'audit.verified',
  'audit.exported',
  'audit.pruned',
  'audit.degraded',
  'audit.recovered',
  // The fallback journal (electron/main/audit/journal/): one row per imported or refused segment.
  'audit.journal-imported',
  'audit.journal-rejected',
  // A chain started before signing existed records the station's public key once.
  'audit.key-enrolled',
  // A check against something outside the database (signed heads, the back end) failed.
  'audit.integrity-failed',
  // In-app updates (electron/main/updates/): a version downloaded and verified; an admin's restart into it.
  'update.downloaded',
  'update.restart',
  // Full disclosure (electron/main/disclosure/): a look at a bed's record (who, bed, time span), a WFDB export, a printed strip.
  'disclosure.viewed',
  'disclosure.exported',
  'disclosure.printed',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const GENESIS_ACTION: AuditAction = 'audit.genesis';

const KNOWN = new Set<string>(AUDIT_ACTIONS);

export function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && KNOWN.has(value);
}

/** What a bed's alarm history shows: the life of each alarm condition on it. */
export const ALARM_HISTORY_ACTIONS: readonly AuditAction[] = ['alarm.onset', 'alarm.acknowledged', 'alarm.escalated', 'alarm.resolved', 'alarm.reset'];
