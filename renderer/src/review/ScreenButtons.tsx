import { useAlarmStore } from '../store/alarm-store';
import { usePanelStore } from '../store/panel-store';
import { useUnitStore } from '../store/unit-store';

/**
 * Header buttons for the review screens, shown only to a session that may
 * use them (the station refuses the requests anyway; hiding the buttons
 * keeps people from being offered what they cannot do). Never on a wall.
 */
export function ScreenButtons() {
  const wallMode = useUnitStore((s) => s.unit?.wallMode ?? true);
  const permissions = useAlarmStore((s) => s.session?.permissions);
  const panel = usePanelStore((s) => s.panel);
  const { openAudit, openAdmin, openUsers, openQuit } = usePanelStore.getState();
  if (wallMode || !permissions) return null;
  return (
    <>
      {permissions.includes('review-audit') && (
        <button type="button" className={panel?.kind === 'audit' ? 'header-button--active' : undefined} onClick={openAudit} data-testid="open-audit">
          Audit log
        </button>
      )}
      {permissions.includes('configure') && (
        <button type="button" className={panel?.kind === 'admin' ? 'header-button--active' : undefined} onClick={openAdmin} data-testid="open-admin">
          Station status
        </button>
      )}
      {permissions.includes('manage-users') && (
        <button type="button" className={panel?.kind === 'users' ? 'header-button--active' : undefined} onClick={openUsers} data-testid="open-users">
          Users
        </button>
      )}
      {permissions.includes('quit-station') && (
        <button type="button" className={panel?.kind === 'quit' ? 'header-button--active' : undefined} onClick={openQuit} data-testid="open-quit">
          Close station
        </button>
      )}
    </>
  );
}
