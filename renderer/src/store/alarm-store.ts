import { create } from 'zustand';
import type { AlarmsUpdate } from '../../../shared/domain/station-event';
import type { SessionInfo } from '../../../shared/domain/session';

/**
 * Alarm and operator state as last sent by the main process, which decides
 * alarms; this view only annunciates them. The full list arrives each time,
 * so there is nothing to reconcile and nothing can go stale silently.
 */
export interface AlarmState {
  alarms: AlarmsUpdate['alarms'];
  auditory: AlarmsUpdate['auditory'];
  audioPausedUntil: number | null;
  /** Main-process time of the last update, to convert pausedUntil into a countdown. */
  sentAt: number;
  receivedAt: number;
  session: SessionInfo | null;
  applyAlarms(update: AlarmsUpdate): void;
  setSession(session: SessionInfo | null): void;
}

export const useAlarmStore = create<AlarmState>()((set) => ({
  alarms: [],
  auditory: null,
  audioPausedUntil: null,
  sentAt: 0,
  receivedAt: 0,
  session: null,
  applyAlarms: (update) =>
    set({
      alarms: update.alarms,
      auditory: update.auditory,
      audioPausedUntil: update.audioPausedUntil,
      sentAt: update.sentAt,
      receivedAt: Date.now(),
    }),
  setSession: (session) => set({ session }),
}));
