import type { BedStatus } from '../../../shared/domain/bed-status';
import type { Numeric } from '../../../shared/domain/numeric';
import type { WaveformSegment } from '../../../shared/waveform/frame';
import { silentLogger, type Logger } from '../logging/logger';

/** One step in an alarm's life as the station reports it (alarm-event-tap.ts). */
export interface AlarmLifeEvent {
  kind: 'onset' | 'end' | 'acknowledged' | 'escalated' | 'reset';
  alarmId: string;
  bedId: string | null;
  /** When it happened on its source's clock, epoch ms, when the source said (an episode after an outage); null: just now. */
  at: number | null;
  code: string;
  priority: string | null;
  /** Escalation level reached (escalated) or at which it was acknowledged. */
  level: number | null;
  /** Who acknowledged or reset it ('system' for the station's own steps). */
  actor: string | null;
}

/**
 * A numeric as the station holds it: measured at `measuredMono` on the
 * station's monotonic clock (its sender's time already judged by the
 * station; see station/current-numerics.ts). A monotonic reading never
 * leaves the process: each consumer turns it into its own time (the views'
 * wall-clock stamp, the recorder's record clock).
 */
export interface HeldNumeric {
  numeric: Numeric;
  measuredMono: number;
}

/** Everything one station tick received, after the watchdog and the alarm engine have seen it. */
export interface StationTick {
  /** The station's monotonic clock at this tick (stays in the process, like measuredMono). */
  mono: number;
  segments: readonly WaveformSegment[];
  /** Numerics that were current, by bed. */
  numerics: ReadonlyArray<{ bedIndex: number; bedId: string; held: readonly HeldNumeric[] }>;
  /** Beds whose feed or lead state changed this tick. */
  statuses: readonly BedStatus[];
}

export interface TickSubscriber {
  /** For the log and the fault count: who failed. */
  readonly name: string;
  tick?(tick: StationTick): void;
  /** A step in an alarm's life (onset, end, acknowledgement, escalation, reset), as the engine audits it. */
  alarmEvent?(event: AlarmLifeEvent): void;
}

/**
 * The station's stream, fanned out to whoever consumes it: the view hub
 * (windows, the test host), the full-disclosure recorder, and later NEWS2
 * (the census needs no tick: it changes on ADT events). A consumer that is
 * not a screen subscribes here rather than attaching as a view, where the
 * view-health watchdog would (rightly) call it an unresponsive display.
 *
 * Subscribers run in subscription order, each in its own try/catch: one
 * that throws is logged and counted and never keeps the next (the views
 * subscribe first) from its data. Subscribers must be cheap on this thread;
 * the recorder only posts to its worker.
 */
export class TickPipeline {
  private readonly subscribers: TickSubscriber[] = [];
  private failures = 0;

  constructor(private readonly log: Logger = silentLogger) {}

  subscribe(subscriber: TickSubscriber): () => void {
    this.subscribers.push(subscriber);
    return () => {
      const i = this.subscribers.indexOf(subscriber);
      if (i >= 0) this.subscribers.splice(i, 1);
    };
  }

  publish(tick: StationTick): void {
    for (const s of this.subscribers) if (s.tick) this.deliver(s, () => s.tick!(tick));
  }

  alarmEvent(event: AlarmLifeEvent): void {
    for (const s of this.subscribers) if (s.alarmEvent) this.deliver(s, () => s.alarmEvent!(event));
  }

  /** Subscriber calls that threw (each is logged). */
  get failed(): number {
    return this.failures;
  }

  private deliver(subscriber: TickSubscriber, call: () => void): void {
    try {
      call();
    } catch (error) {
      this.failures++;
      this.log.error('pipeline.subscriber-failed', { subscriber: subscriber.name, reason: (error as Error).message.slice(0, 200) });
    }
  }
}
