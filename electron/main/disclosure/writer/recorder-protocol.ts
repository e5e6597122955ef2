import type { BedStatus } from '../../../../shared/domain/bed-status';
import type { Numeric } from '../../../../shared/domain/numeric';

/**
 * What the main thread sends the recorder every station tick. `frame` is the
 * tick's waveform frame (shared/waveform/frame.ts), transferred, not copied.
 * `recordNow` is the recorder's clock (record-clock.ts): wall time at start
 * plus monotonic time since, so a wall-clock step moves neither retention
 * nor the times of what the station itself observes.
 */
export interface RecorderTick {
  recordNow: number;
  frame: ArrayBuffer | null;
  numerics: Array<{ bedIndex: number; numerics: Numeric[] }>;
  statuses: BedStatus[];
}

export const ALARM_EVENT_KINDS = ['onset', 'end', 'acknowledged', 'escalated', 'reset'] as const;
export type AlarmEventKind = (typeof ALARM_EVENT_KINDS)[number];

/** One step in an alarm's life, as the recorder files it. */
export interface RecordedAlarmEvent {
  kind: AlarmEventKind;
  alarmId: string;
  bedId: string | null;
  /** When it happened (epoch ms): the source's time for an episode that arrived late. */
  at: number;
  code: string;
  priority: string | null;
  /** Escalation level reached (escalated) or at which it was acknowledged. */
  level: number | null;
  /** Who acknowledged or reset it ('system' for the station's own steps). */
  actor: string | null;
}

export type RecorderHealthState = 'ok' | 'failing';

export interface RecorderHealth {
  state: RecorderHealthState;
  /** Why it is failing (an SQLite error code and message), '' when ok. */
  reason: string;
  /** Writes waiting for the store. */
  pending: number;
  /** Writes given up because the store stayed unavailable (waveforms first; each gap is noted in the record). */
  dropped: number;
  /** Record time of the last successful commit, or null if none yet. */
  lastCommitAt: number | null;
}

/** An alarm step as the station reports it: `at` is null when it happened just now (the recorder stamps it on its clock). */
export type AlarmLifeEvent = Omit<RecordedAlarmEvent, 'at'> & { at: number | null };
