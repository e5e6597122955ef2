/**
 * The store's health as the alarm engine sees it: anything but 'ok' becomes a
 * technical alarm. 'degraded': writes are failing, events wait in memory and
 * clinical actions are refused. 'overflow': the in-memory queue ran out of
 * room and `dropped` events were lost (the count is written to the chain as
 * soon as it can be).
 */
export type AuditHealth =
  | { state: 'ok' }
  | { state: 'degraded'; reason: string; queued: number; sinceUtcMs: number }
  | { state: 'overflow'; reason: string; queued: number; dropped: number; sinceUtcMs: number };

export type AuditHealthListener = (health: AuditHealth) => void;

export function sameHealth(a: AuditHealth, b: AuditHealth): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
