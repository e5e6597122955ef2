import { create } from 'zustand';
import type { Permission } from '../../../shared/domain/session';

/**
 * Which review screen is open over the wall, if any. One at a time: a nurse
 * looking at a bed while the audit log is open would be reading two
 * different things at once. Lives in the store because the header, the tiles
 * and the screens themselves all open or close it.
 */
/** Where a full-disclosure review opens: at a time, at an alarm (found by its id), or at the present. */
export type DisclosureTarget = { at: number } | { alarmId: string } | null;

export type OpenPanel =
  | { kind: 'bed'; bedId: string }
  | { kind: 'disclosure'; bedId: string; view: 'trends' | 'strip'; target: DisclosureTarget }
  | { kind: 'audit' }
  | { kind: 'admin' }
  | { kind: 'users' }
  | { kind: 'quit' }
  | null;

export interface PanelState {
  panel: OpenPanel;
  openBed(bedId: string): void;
  openDisclosure(bedId: string, view: 'trends' | 'strip', target?: DisclosureTarget): void;
  openAudit(): void;
  openAdmin(): void;
  openUsers(): void;
  /** The clinical quit; it needs no permission to open (it says who may quit and asks them to sign in). */
  openQuit(): void;
  close(): void;
}

export const usePanelStore = create<PanelState>()((set) => ({
  panel: null,
  openBed: (bedId) => set({ panel: { kind: 'bed', bedId } }),
  openDisclosure: (bedId, view, target = null) => set({ panel: { kind: 'disclosure', bedId, view, target } }),
  openAudit: () => set({ panel: { kind: 'audit' } }),
  openAdmin: () => set({ panel: { kind: 'admin' } }),
  openUsers: () => set({ panel: { kind: 'users' } }),
  openQuit: () => set({ panel: { kind: 'quit' } }),
  close: () => set({ panel: null }),
}));

/**
 * The permission a panel needs to stay open. The bed detail needs none to
 * open (anyone at a workstation may look at limits); its history section
 * asks for review-history itself.
 */
export function permissionFor(panel: OpenPanel): Permission | null {
  if (panel?.kind === 'audit') return 'review-audit';
  if (panel?.kind === 'disclosure') return 'review-disclosure';
  if (panel?.kind === 'admin') return 'configure';
  if (panel?.kind === 'users') return 'manage-users';
  return null;
}
