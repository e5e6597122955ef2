import { create } from 'zustand';
import type { Permission } from '../../../shared/domain/session';

/**
 * Which review screen is open over the wall, if any. One at a time: a nurse
 * looking at a bed while the audit log is open would be reading two
 * different things at once. Lives in the store because the header, the tiles
 * and the screens themselves all open or close it.
 */
export type OpenPanel = { kind: 'bed'; bedId: string } | { kind: 'audit' } | { kind: 'admin' } | { kind: 'users' } | { kind: 'quit' } | null;

export interface PanelState {
  panel: OpenPanel;
  openBed(bedId: string): void;
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
  if (panel?.kind === 'admin') return 'configure';
  if (panel?.kind === 'users') return 'manage-users';
  return null;
}
