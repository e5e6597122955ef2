import { create } from 'zustand';
import type { AlarmsUpdate } from '../../../shared/domain/station-event';
import type { SessionInfo } from '../../../shared/domain/session';
import { highestPriorityByBed } from '../alarms/alarm-order';

/**
 * Alarm and operator state as last sent by the main process, which decides
 * alarms; this view only annunciates them. The full list arrives each time,
 * so there is nothing to reconcile and nothing can go stale silently.
 */
export interface AlarmState {
  alarms: AlarmsUpdate['alarms'];
  /**
   * Per bed, a primitive key of the alarm its tile shows (priority|ack|level|message,
   * ack being `ack` or `open`), derived once per update so 64 tile headers each
   * read a string instead of each sorting the whole list; an unchanged string
   * re-renders nothing.
   */
  bedAlarmKeys: Readonly<Record<string, string>>;
  auditory: AlarmsUpdate['auditory'];
  /**
   * Main-process wall clock when AUDIO PAUSED ends, and of the update: two
   * readings taken together, so their difference is the pause left when it
   * was sent. Never compared with this view's wall clock.
   */
  audioPausedUntil: number | null;
  sentAt: number;
  /** This view's monotonic clock (performance.now) when the update arrived. */
  receivedAt: number;
  session: SessionInfo | null;
  /** The main process has not answered this view's heartbeat for a while: nothing here can be trusted as current. */
  linkLost: boolean;
  applyAlarms(update: AlarmsUpdate): void;
  setSession(session: SessionInfo | null): void;
  setLinkLost(lost: boolean): void;
}

export const useAlarmStore = create<AlarmState>()((set) => ({
  alarms: [],
  bedAlarmKeys: {},
  auditory: null,
  audioPausedUntil: null,
  sentAt: 0,
  receivedAt: 0,
  session: null,
  linkLost: false,
  applyAlarms: (update) =>
    set({
      alarms: update.alarms,
      bedAlarmKeys: bedAlarmKeys(update.alarms),
      auditory: update.auditory,
      audioPausedUntil: update.audioPausedUntil,
      sentAt: update.sentAt,
      receivedAt: performance.now(),
    }),
  setSession: (session) => set({ session }),
  setLinkLost: (linkLost) => set({ linkLost }),
}));

/**
 * AUDIO PAUSED left now: what was left when the update was sent, counted
 * down on this view's monotonic clock. Setting this computer's clock, or the
 * station's, changes nothing here; null when not paused.
 */
export function audioPauseRemainingMs(state: Pick<AlarmState, 'audioPausedUntil' | 'sentAt' | 'receivedAt'>, now: number = performance.now()): number | null {
  if (state.audioPausedUntil === null) return null;
  // Never more than was left when it arrived, even read with a `now` from before it arrived.
  return Math.max(0, state.audioPausedUntil - state.sentAt - Math.max(0, now - state.receivedAt));
}

function bedAlarmKeys(alarms: AlarmsUpdate['alarms']): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [bedId, top] of highestPriorityByBed(alarms)) keys[bedId] = `${top.priority}|${top.acknowledged ? 'ack' : 'open'}|${top.escalationLevel}|${top.message}`;
  return keys;
}
