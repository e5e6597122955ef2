import { useEffect } from 'react';
import { AdminStatus } from '../admin/AdminStatus';
import { UserAdmin } from '../admin/UserAdmin';
import { BedDetail } from '../bed/BedDetail';
import { useAlarmStore } from '../store/alarm-store';
import { permissionFor, usePanelStore } from '../store/panel-store';
import { useUnitStore } from '../store/unit-store';
import { QuitDialog } from '../quit/QuitDialog';
import { AuditViewer } from './AuditViewer';
import { DisclosureReview } from '../disclosure/DisclosureReview';

/**
 * Shows the open review screen over the wall. A screen whose permission the
 * current session lacks is closed, not just hidden: when the charge nurse
 * signs out (or times out), the audit log must not reappear for whoever
 * signs in next. A wall never shows one.
 */
export function PanelHost() {
  const panel = usePanelStore((s) => s.panel);
  const close = usePanelStore((s) => s.close);
  const permissions = useAlarmStore((s) => s.session?.permissions);
  const wallMode = useUnitStore((s) => s.unit?.wallMode ?? true);
  const needed = permissionFor(panel);
  const allowed = !wallMode && (needed === null || (permissions?.includes(needed) ?? false));

  useEffect(() => {
    if (panel && !allowed) close();
  }, [panel, allowed, close]);

  if (!panel || !allowed) return null;
  if (panel.kind === 'bed') return <BedDetail key={panel.bedId} bedId={panel.bedId} />;
  if (panel.kind === 'audit') return <AuditViewer />;
  if (panel.kind === 'disclosure') return <DisclosureReview key={`${panel.bedId}`} bedId={panel.bedId} view={panel.view} target={panel.target} />;
  if (panel.kind === 'users') return <UserAdmin />;
  if (panel.kind === 'quit') return <QuitDialog />;
  return <AdminStatus />;
}
