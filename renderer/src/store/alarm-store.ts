import { create } from 'zustand';
import { AlarmListReplica } from '../../../shared/alarms/alarm-list-replica';
import type { AlarmsDelta, AlarmsUpdate } from '../../../shared/domain/station-event';
import type { SessionInfo } from '../../../shared/domain/session';
import { highestPriorityByBed } from '../alarms/alarm-order';
import { AlarmRenderPacing } from './alarm-render-pacing';

/**
 * Alarm and operator state as last sent by the main process, which decides
 * alarms; this view only annunciates them. It holds a copy of the station's
 * alarm list kept by numbered deltas (shared/alarms/alarm-list-replica.ts):
 * each update costs this view what changed, and a gap in the numbers is
 * never papered over: the copy is marked not current (`alarmsInSync`
 * false, said on screen) until the full state has been fetched again. The
 * copy takes every update at once; React gets it at once too, except in a
 * flood, where what is not urgent is drawn at most four times a second
 * (alarm-render-pacing.ts).
 */
export interface AlarmState {
  alarms: AlarmsUpdate['alarms'];
  /**
   * Per bed, a primitive key of the alarm its tile shows (priority|ack|level|message,
   * ack being `ack` or `open`), recomputed only for the beds an update touched, so
   * 64 tile headers each read a string instead of each sorting the whole list; an
   * unchanged string re-renders nothing.
   */
  bedAlarmKeys: Readonly<Record<string, string>>;
  auditory: AlarmsUpdate['auditory'];
  audioPausedUntil: number | null;
  /** Main-process time of the last update, to convert pausedUntil into a countdown. */
  sentAt: number;
  receivedAt: number;
  /**
   * The list is a proven copy of the station's: false until the first full
   * state, and from a missed update until the full state is back.
   */
  alarmsInSync: boolean;
  session: SessionInfo | null;
  /** The main process has not answered this view's heartbeat for a while: nothing here can be trusted as current. */
  linkLost: boolean;
  /** A full state (the snapshot): replaces the copy. */
  loadAlarms(update: AlarmsUpdate): void;
  /** One 'unit:alarms' delta; 'out-of-sync' means the caller must fetch the full state. */
  applyAlarmDelta(delta: AlarmsDelta): 'applied' | 'already-had' | 'out-of-sync';
  setSession(session: SessionInfo | null): void;
  setLinkLost(lost: boolean): void;
}

/** This view's copy of the station's alarm list (module state: one per page). */
const replica = new AlarmListReplica();
/** Beds whose alarms changed since the copy was last handed to React. */
const bedsToRedraw = new Set<string>();

export const useAlarmStore = create<AlarmState>()((set, get) => {
  const pacing = new AlarmRenderPacing(() => {
    const keys: Record<string, string> = { ...get().bedAlarmKeys };
    for (const bedId of bedsToRedraw) {
      const key = bedAlarmKeys(replica.alarmsOfBed(bedId))[bedId];
      if (key === undefined) delete keys[bedId];
      else keys[bedId] = key;
    }
    bedsToRedraw.clear();
    set({ ...signals(), alarms: replica.list(), bedAlarmKeys: keys });
  });
  return {
  alarms: [],
  bedAlarmKeys: {},
  auditory: null,
  audioPausedUntil: null,
  sentAt: 0,
  receivedAt: 0,
  alarmsInSync: false,
  session: null,
  linkLost: false,
  loadAlarms: (update) => {
    if (!replica.load(update)) return;
    bedsToRedraw.clear();
    pacing.drawnElsewhere();
    set({ ...signals(), alarms: replica.list(), bedAlarmKeys: bedAlarmKeys(replica.list()), alarmsInSync: true });
  },
  applyAlarmDelta: (delta) => {
    const result = replica.apply(delta);
    if (result.kind === 'out-of-sync') {
      if (get().alarmsInSync) set({ alarmsInSync: false });
      return 'out-of-sync';
    }
    if (result.kind === 'already-had') return 'already-had';
    for (const bedId of result.beds) if (bedId !== null) bedsToRedraw.add(bedId);
    const drawn = get();
    const urgent = replica.auditory !== drawn.auditory || replica.audioPausedUntil !== drawn.audioPausedUntil || delta.changed.some((a) => a.priority === 'HIGH');
    pacing.applied(urgent);
    return 'applied';
  },
  setSession: (session) => set({ session }),
  setLinkLost: (linkLost) => set({ linkLost }),
  };
});

function signals(): Pick<AlarmState, 'auditory' | 'audioPausedUntil' | 'sentAt' | 'receivedAt'> {
  return { auditory: replica.auditory, audioPausedUntil: replica.audioPausedUntil, sentAt: replica.sentAt, receivedAt: Date.now() };
}

function bedAlarmKeys(alarms: AlarmsUpdate['alarms']): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [bedId, top] of highestPriorityByBed(alarms)) keys[bedId] = `${top.priority}|${top.acknowledged ? 'ack' : 'open'}|${top.escalationLevel}|${top.message}`;
  return keys;
}
