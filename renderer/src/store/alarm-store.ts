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
  /**
   * Main-process wall clock when AUDIO PAUSED ends, and of the update: two
   * readings taken together, so their difference is the pause left when it
   * was sent. Never compared with this view's wall clock.
   */
  audioPausedUntil: number | null;
  sentAt: number;
  /**
   * This view's monotonic clock (performance.now) when the update that
   * brought `sentAt` arrived: when it reached the copy, not when it was
   * drawn, so pacing never lengthens the countdown.
   */
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
/** performance.now() when the copy last took a full state or a delta (its `sentAt` arrived then). */
let copyReceivedAt = 0;
/**
 * A change of the AUDIO PAUSED time left by more than this is drawn at once
 * in a flood (the pause restarted); less is the two readings' rounding, and
 * the countdown runs on anyway.
 */
const PAUSE_CHANGE_MS = 1_000;
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
    copyReceivedAt = performance.now();
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
    copyReceivedAt = performance.now();
    for (const bedId of result.beds) if (bedId !== null) bedsToRedraw.add(bedId);
    const drawn = get();
    const urgent = replica.auditory !== drawn.auditory || pauseChanged(drawn) || delta.changed.some((a) => a.priority === 'HIGH');
    pacing.applied(urgent);
    return 'applied';
  },
  setSession: (session) => set({ session }),
  setLinkLost: (linkLost) => set({ linkLost }),
  };
});

function signals(): Pick<AlarmState, 'auditory' | 'audioPausedUntil' | 'sentAt' | 'receivedAt'> {
  return { auditory: replica.auditory, audioPausedUntil: replica.audioPausedUntil, sentAt: replica.sentAt, receivedAt: copyReceivedAt };
}

/** AUDIO PAUSED started, ended or restarted since what is drawn (compared as time left now, never as wall-clock readings). */
function pauseChanged(drawn: Pick<AlarmState, 'audioPausedUntil' | 'sentAt' | 'receivedAt'>): boolean {
  const now = performance.now();
  const before = audioPauseRemainingMs(drawn, now);
  const after = audioPauseRemainingMs(signals(), now);
  if (before === null || after === null) return before !== after;
  return Math.abs(after - before) > PAUSE_CHANGE_MS;
}

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
