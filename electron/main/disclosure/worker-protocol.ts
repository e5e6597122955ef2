import type { ClockEntry } from '../../../shared/disclosure/record-time';
import type { AlarmStepMessage, RecorderHealth, RecorderTick } from './writer/recorder-protocol';

/** What the recorder's worker thread is started with. */
export interface DisclosureWorkerData {
  file: string;
  projectRoot: string;
  beds: string[];
  retentionMs: number;
  /** Where WFDB exports are written. */
  exportDir: string;
  /** The station's two clocks read together when the worker was started (writer/record-timeline.ts). */
  mono: number;
  wall: number;
  /** The previous recorder thread died: the time since its last commit is marked not recorded. */
  afterFailure: boolean;
  /** Test aid: how often the worker commits (default 250 ms). */
  commitEveryMs?: number;
}

export interface StripAround {
  spanMs: number;
  leadMs: number;
}

export type ReviewCall =
  | { name: 'strip'; args: { bedId: string; from: number; to: number } }
  | { name: 'trend'; args: { bedId: string; from: number; to: number } }
  | { name: 'alarms'; args: { bedId: string; before?: number; limit: number } }
  | { name: 'step'; args: { bedId: string; from: number; direction: 'previous' | 'next'; strip?: StripAround } }
  | { name: 'alarm-by-id'; args: { alarmId: string; strip?: StripAround } }
  | { name: 'export'; args: { bedId: string; from: number; to: number; record: string; comments: string[] } }
  | { name: 'flush'; args: Record<string, never> }
  | { name: 'close'; args: { mono: number; detail: string | null } };

export type ToWorker =
  | { type: 'tick'; tick: RecorderTick }
  | { type: 'alarm'; event: AlarmStepMessage }
  | { type: 'call'; id: number; call: ReviewCall };

export type FromWorker =
  | { type: 'health'; health: RecorderHealth; clock: ClockEntry[] }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string; unavailable: boolean }
  | { type: 'corrupt'; bedId: string; channel: number; t0: number; reason: string }
  | { type: 'log'; event: string; fields: Record<string, string | number | boolean | null> };
