import type { RecordedAlarmEvent, RecorderHealth, RecorderTick } from './writer/recorder-protocol';

/** What the recorder's worker thread is started with. */
export interface DisclosureWorkerData {
  file: string;
  projectRoot: string;
  beds: string[];
  retentionMs: number;
  /** Where WFDB exports are written. */
  exportDir: string;
  /** The record clock when the worker was started (see record-clock.ts). */
  recordNow: number;
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
  | { name: 'close'; args: Record<string, never> };

export type ToWorker =
  | { type: 'tick'; tick: RecorderTick }
  | { type: 'alarm'; event: RecordedAlarmEvent }
  | { type: 'note'; at: number; event: string; detail: string | null }
  | { type: 'call'; id: number; call: ReviewCall };

export type FromWorker =
  | { type: 'health'; health: RecorderHealth }
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string; unavailable: boolean }
  | { type: 'corrupt'; bedId: string; channel: number; t0: number; reason: string }
  | { type: 'log'; event: string; fields: Record<string, string | number | boolean | null> };
