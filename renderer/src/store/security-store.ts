import { create } from 'zustand';
import type { SecurityNotice } from '../../../shared/domain/security-notice';

/** Failed sign-in notices for the admin or charge nurse signed in at this view (empty for anyone else). */
export interface SecurityState {
  notices: SecurityNotice[];
  setNotices(notices: SecurityNotice[]): void;
}

export const useSecurityStore = create<SecurityState>()((set) => ({
  notices: [],
  setNotices: (notices) => set({ notices }),
}));
