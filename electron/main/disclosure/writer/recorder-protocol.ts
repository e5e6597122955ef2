import type { BedStatus } from '../../../../shared/domain/bed-status';
import type { Numeric, NumericKind } from '../../../../shared/domain/numeric';
import type { AlarmLifeEvent } from '../../pipeline/tick-pipeline';

/**
 * What the main thread sends the recorder every station tick. `frame` is the
 * tick's waveform frame (shared/waveform/frame.ts), transferred, not copied.
 * `mono` and `wall` are the station's two clocks read together at the tick;
 * numerics come as the station holds them, measured at a reading of the
 * same monotonic clock. Monotonic readings cross to the worker (same
 * process) and are turned into record time there (record-timeline.ts);
 * they are never stored.
 */
export interface RecorderTick {
  mono: number;
  wall: number;
  frame: ArrayBuffer | null;
  numerics: Array<{ bedIndex: number; numerics: Array<{ numeric: Numeric; measuredMono: number }> }>;
  statuses: BedStatus[];
}

/** A numeric as the recorder files it: at record time `at`; `measuredAt` is its sender's stamp (what makes a repeated report the same reading). */
export interface RecordedNumeric {
  kind: NumericKind;
  value: number | null;
  measuredAt: number;
  at: number;
}

/**
 * One step in an alarm's life as the main thread hands it over: `mono` is
 * when the station took it; `at` (from the engine) its source's time when
 * it came late with one (an episode after an outage), on the sender's clock.
 */
export type AlarmStepMessage = AlarmLifeEvent & { mono: number };

/** One step in an alarm's life as the recorder files it, at record time. */
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
