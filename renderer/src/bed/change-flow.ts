import type { PendingChange } from './limit-change';

/**
 * The life of one limit or profile change: asked for, confirmed by the
 * user, sent, answered. "Done" is reachable only through the station's
 * answer – which it gives after the change is durably audited – so the
 * screen never claims a change the station has not made.
 */
export type ChangeFlow =
  | { step: 'idle' }
  | { step: 'confirming'; change: PendingChange }
  | { step: 'saving'; change: PendingChange }
  | { step: 'done'; change: PendingChange; journaled: boolean }
  | { step: 'failed'; change: PendingChange; error: string };

export type ChangeFlowEvent =
  | { type: 'review'; change: PendingChange }
  | { type: 'cancel' }
  | { type: 'confirm' }
  | { type: 'answered'; ok: true; journaled?: boolean }
  | { type: 'answered'; ok: false; error: string };

export const IDLE: ChangeFlow = { step: 'idle' };

export function changeFlow(state: ChangeFlow, event: ChangeFlowEvent): ChangeFlow {
  switch (event.type) {
    // Nothing new may start while a change is on its way: its outcome must be seen.
    case 'review':
      return state.step === 'saving' ? state : { step: 'confirming', change: event.change };
    case 'cancel':
      return state.step === 'saving' ? state : IDLE;
    case 'confirm':
      return state.step === 'confirming' ? { step: 'saving', change: state.change } : state;
    case 'answered':
      if (state.step !== 'saving') return state;
      return event.ok ? { step: 'done', change: state.change, journaled: event.journaled ?? false } : { step: 'failed', change: state.change, error: event.error };
  }
}

/** True while the user is deciding or the station is answering: other edits wait. */
export function isChangeInProgress(state: ChangeFlow): boolean {
  return state.step === 'confirming' || state.step === 'saving';
}
