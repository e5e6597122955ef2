import { create } from 'zustand';
import type { InvokeResult } from '../../../shared/ipc/contract';

/**
 * When the audit store cannot write, the station still does clinical actions
 * and makes them durable in its fallback journal; the answer then carries
 * `recordedIn: 'fallback-journal'`, and the person must be told where their
 * action was recorded (it reaches the audit trail once the store is back).
 */
export const FALLBACK_JOURNAL_NOTICE = 'recorded in the fallback journal (the audit store is unavailable)';

export function recordedInJournal(result: InvokeResult<unknown>): boolean {
  return result.ok && result.recordedIn === 'fallback-journal';
}

interface ActionNoticeState {
  /** The last action that was recorded in the fallback journal, and what it was. */
  notice: { action: string; at: number } | null;
  journaled(action: string): void;
  dismiss(): void;
}

export const useActionNotice = create<ActionNoticeState>()((set) => ({
  notice: null,
  journaled: (action) => set({ notice: { action, at: Date.now() } }),
  dismiss: () => set({ notice: null }),
}));

/**
 * After an answered action: a journalled one raises the notice (naming the
 * action); one recorded in the trail clears it, since the notice is about
 * the latest action. Returns whether it was journalled.
 */
export function noteActionRecorded(action: string, result: InvokeResult<unknown>): boolean {
  const journaled = recordedInJournal(result);
  if (journaled) useActionNotice.getState().journaled(action);
  else if (result.ok) useActionNotice.getState().dismiss();
  return journaled;
}
