import type { BedStatus } from '../../../../shared/domain/bed-status';
import type { Numeric } from '../../../../shared/domain/numeric';
import type { AlarmLifeEvent } from '../../pipeline/tick-pipeline';

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

/** One step in an alarm's life, as the recorder files it: stamped with its time (record clock unless the source gave one). */
export type RecordedAlarmEvent = AlarmLifeEvent & { at: number };

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
