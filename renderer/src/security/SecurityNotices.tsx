import { useAlarmStore } from '../store/alarm-store';
import { useSecurityStore } from '../store/security-store';
import { formatLocalTime } from '../review/local-time';

/**
 * Failed sign-in notices for admins and charge nurses ("failed sign-ins for
 * nina at workstation, browser…"). Over the wall's top-right corner, never in
 * the alarm bar: it is not an alarm, and it must not move any tile.
 */
export function SecurityNotices() {
  const allowed = useAlarmStore((s) => s.session?.permissions.includes('security-notices') ?? false);
  const notices = useSecurityStore((s) => s.notices);
  if (!allowed || notices.length === 0) return null;
  return (
    <aside className="security-notices" data-testid="security-notices" aria-label="Security notices">
      {notices.map((n) => (
        <p key={n.noticeId} className="security-notice" data-testid="security-notice" role="status">
          <strong>{n.message}</strong>
          <span className="security-notice-detail">
            {n.failures} failed since {formatLocalTime(n.firstAt)}, last {formatLocalTime(n.lastAt)}
          </span>
        </p>
      ))}
    </aside>
  );
}
