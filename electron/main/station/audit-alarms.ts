import type { AlarmPriority } from '../../../shared/domain/alarm-condition';
import type { AuditProblem } from '../audit/audit-problems';
import { shortPath } from '../audit/audit-problems';

export interface AuditAlarm {
  code: 'AUDIT_FAILURE' | 'AUDIT_JOURNAL_FAILURE';
  priority: AlarmPriority;
  /** At most 120 characters (the alarm line); the admin status screen shows the whole problem. */
  message: string;
}

const STORE_CODES = new Set<AuditProblem['code']>(['store-unavailable', 'chain-replaced', 'chain-broken']);

function line(text: string): string {
  return text.length <= 120 ? text : `${text.slice(0, 119)}…`;
}

/**
 * The technical alarms the audit trail's problems raise, on every screen:
 *
 * - the store cannot write (corrupt, read-only, disk, writer thread, or a
 *   database that does not continue the signed chain) → AUDIT_FAILURE
 *   (MEDIUM), naming the file and saying clinical actions now go to the
 *   fallback journal;
 * - an integrity finding (verification, back-end heads, a rejected journal
 *   segment, the key) with the store writing → AUDIT_FAILURE (MEDIUM);
 * - the journal cannot write → AUDIT_JOURNAL_FAILURE: MEDIUM while the store
 *   writes (nothing is lost yet, but there is no second place), HIGH when the
 *   store is down too, because clinical actions are then refused.
 */
export function auditAlarms(problems: readonly AuditProblem[], durability: 'audit-trail' | 'fallback-journal' | 'refused'): AuditAlarm[] {
  const alarms: AuditAlarm[] = [];
  const store = problems.find((p) => STORE_CODES.has(p.code) && durability !== 'audit-trail');
  const journal = problems.find((p) => p.code === 'journal-unavailable');
  const integrity = problems.find((p) => !STORE_CODES.has(p.code) && p.code !== 'journal-unavailable') ?? problems.find((p) => STORE_CODES.has(p.code));
  if (store) {
    const tail = durability === 'fallback-journal' ? ': actions go to the fallback journal' : '';
    const fix = `IT: ${store.shortFix ?? 'see Station status'}`;
    const message =
      store.code === 'chain-replaced'
        ? `Audit trail replaced or truncated (${shortPath(store.path)})${tail}. ${fix}`
        : `Audit store ${shortPath(store.path)} ${store.code === 'chain-broken' ? 'failed verification' : store.what.replace(/ \(.*$/, '')}${tail}. ${fix}`;
    alarms.push({ code: 'AUDIT_FAILURE', priority: 'MEDIUM', message: line(message) });
  } else if (integrity) {
    const what = integrity.code === 'chain-replaced' ? 'Audit trail replaced or truncated' : integrity.code === 'chain-broken' ? 'Audit trail failed verification' : `Audit ${integrity.code.replace(/-/g, ' ')}`;
    alarms.push({ code: 'AUDIT_FAILURE', priority: 'MEDIUM', message: line(`${what}: ${shortPath(integrity.path)}. IT: see Station status`) });
  }
  if (durability === 'refused') {
    alarms.push({ code: 'AUDIT_JOURNAL_FAILURE', priority: 'HIGH', message: 'Clinical actions refused: audit store and fallback journal both unavailable' });
  } else if (journal) {
    alarms.push({ code: 'AUDIT_JOURNAL_FAILURE', priority: 'MEDIUM', message: line(`Fallback journal ${shortPath(journal.path)} unavailable: no second place if the audit store fails. IT: ${journal.shortFix ?? 'see Station status'}`) });
  }
  return alarms;
}
