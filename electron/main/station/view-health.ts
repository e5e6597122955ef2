import { systemClock, type Clock } from '../time/clock';

/**
 * Tracks every attached view's heartbeat and alarm-audio health. The alarm
 * engine keeps deciding alarms in the main process regardless, but a view
 * that stops reporting cannot be proven to show or sound them, so that is a
 * technical alarm; so is a view whose audio output reports failure. A view
 * that has not reported yet counts from when it attached (unknown is unsafe).
 * Heartbeat gaps are measured on the monotonic clock: a system clock set
 * forward must not declare every view dead, nor one set back hide a dead one.
 */
export interface ViewHealthVerdict {
  unresponsiveViews: string[];
  audioFailures: Array<{ viewId: string; reason: string }>;
}

export const DEFAULT_VIEW_TIMEOUT_MS = 5000;
/** Time a freshly loaded view gets to start its audio before a failure counts. */
export const AUDIO_START_GRACE_MS = 3000;

type AudioReport = { ok: true } | { ok: false; reason: string };

export class ViewHealth {
  private readonly views = new Map<string, { attachedAt: number; lastReportAt: number; audio: AudioReport }>();

  private readonly timeoutMs: number;
  private readonly clock: Clock;

  constructor(options: { timeoutMs?: number; clock?: Clock } = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_VIEW_TIMEOUT_MS;
    this.clock = options.clock ?? systemClock;
  }

  attached(viewId: string): void {
    const now = this.clock.monotonic();
    this.views.set(viewId, { attachedAt: now, lastReportAt: now, audio: { ok: false, reason: 'no audio report yet' } });
  }

  detached(viewId: string): void {
    this.views.delete(viewId);
  }

  report(viewId: string, audio: AudioReport): void {
    const now = this.clock.monotonic();
    const view = this.views.get(viewId);
    if (view) {
      view.lastReportAt = now;
      view.audio = audio;
    } else this.views.set(viewId, { attachedAt: now, lastReportAt: now, audio });
  }

  evaluate(): ViewHealthVerdict {
    const now = this.clock.monotonic();
    const unresponsiveViews: string[] = [];
    const audioFailures: Array<{ viewId: string; reason: string }> = [];
    for (const [viewId, view] of this.views) {
      if (now - view.lastReportAt > this.timeoutMs) unresponsiveViews.push(viewId);
      else if (!view.audio.ok && now - view.attachedAt > AUDIO_START_GRACE_MS) audioFailures.push({ viewId, reason: view.audio.reason });
    }
    return { unresponsiveViews, audioFailures };
  }
}
