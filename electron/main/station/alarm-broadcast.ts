import type { AlarmCondition } from '../../../shared/domain/alarm-condition';
import type { AlarmsDelta } from '../../../shared/domain/station-event';
import { systemClock, type Clock } from '../time/clock';

/**
 * Updates the first few changes of a tick may send at once, each at the end
 * of the task that made it. The alarm-latency target (p99 ≤ 50 ms to the
 * painted banner) leaves no room to wait for the next tick, and a normal
 * unit has far fewer alarm-changing tasks per 40 ms tick than this. In a
 * flood the rest of the tick's changes wait for the tick and go out as one
 * update: at most 25 more updates a second, however many alarms change.
 */
export const PROMPT_UPDATES_PER_TICK = 4;
/**
 * More prompt updates a tick may send for a change that brings a new HIGH
 * alarm, once the ordinary ones are spent: in a flood of MEDIUM and LOW
 * alarms a HIGH does not wait for the tick. Bounded too, so a flood of
 * distinct HIGH alarms still comes out at most this many updates a tick.
 */
export const URGENT_UPDATES_PER_TICK = 4;

interface Pending {
  stream: string;
  baseSeq: number;
  seq: number;
  replace: boolean;
  changed: Map<string, AlarmCondition>;
  removed: Set<string>;
  last: AlarmsDelta;
  /** Monotonic clock when `last` was queued. */
  lastAt: number;
}

/**
 * Turns the alarm engine's deltas (one per change) into the alarm updates
 * the views get (one per task or per tick): consecutive deltas merge into
 * one that spans them (their newest alarms, every removal, the newest
 * auditory signal and pause), so a view applies one update for many
 * changes, and a change to one alarm among thousands costs one alarm.
 * Whatever waits is sent before the tick's waveform (Station.runTick).
 *
 * An update that waited is stamped again when it goes: AUDIO PAUSED left is
 * what the engine said less the time it waited (on the monotonic clock),
 * with a fresh wall reading as `sentAt`, so a view counting the pause down
 * from when the update arrives never shows more than is left.
 */
export class AlarmBroadcast {
  private pending: Pending | null = null;
  private prompt = PROMPT_UPDATES_PER_TICK;
  private urgent = URGENT_UPDATES_PER_TICK;
  private flushQueued = false;

  constructor(
    private readonly send: (delta: AlarmsDelta) => void,
    private readonly clock: Clock = systemClock,
  ) {}

  queue(delta: AlarmsDelta): void {
    if (this.pending && this.pending.stream !== delta.stream) this.flush();
    const first = this.pending === null;
    if (first) this.pending = { stream: delta.stream, baseSeq: delta.baseSeq, seq: delta.seq, replace: false, changed: new Map(), removed: new Set(), last: delta, lastAt: 0 };
    merge(this.pending!, delta);
    this.pending!.lastAt = this.clock.monotonic();
    if (this.flushQueued) return;
    if (first && this.prompt > 0) this.prompt--;
    else if (this.urgent > 0 && bringsNewHigh(delta)) this.urgent--;
    else return;
    this.flushQueued = true;
    queueMicrotask(() => this.flush());
  }

  /** The station's tick: sends what waited and allows prompt updates again. */
  tick(): void {
    this.prompt = PROMPT_UPDATES_PER_TICK;
    this.urgent = URGENT_UPDATES_PER_TICK;
    this.flush();
  }

  flush(): void {
    this.flushQueued = false;
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    const { auditory } = p.last;
    this.send({ stream: p.stream, baseSeq: p.baseSeq, seq: p.seq, replace: p.replace, changed: [...p.changed.values()], removed: [...p.removed], auditory, ...this.pauseAsOfNow(p) });
  }

  private pauseAsOfNow(p: Pending): Pick<AlarmsDelta, 'audioPausedUntil' | 'sentAt'> {
    const { audioPausedUntil, sentAt } = p.last;
    const waited = this.clock.monotonic() - p.lastAt;
    if (waited <= 0) return { audioPausedUntil, sentAt };
    const now = Math.floor(this.clock.wall());
    return { audioPausedUntil: audioPausedUntil === null ? null : now + Math.max(0, Math.ceil(audioPausedUntil - sentAt - waited)), sentAt: now };
  }
}

/** A HIGH alarm nobody has acknowledged, at its first level: new (or at least not yet escalated). */
function bringsNewHigh(delta: AlarmsDelta): boolean {
  return delta.changed.some((a) => a.priority === 'HIGH' && a.state === 'active' && !a.acknowledged && a.escalationLevel === 1);
}

function merge(into: Pending, delta: AlarmsDelta): void {
  if (delta.replace) {
    into.replace = true;
    into.changed.clear();
    into.removed.clear();
  }
  for (const id of delta.removed) {
    into.changed.delete(id);
    // After a replacement, not being listed is removal enough.
    if (!into.replace) into.removed.add(id);
  }
  for (const alarm of delta.changed) into.changed.set(alarm.alarmId, alarm);
  into.seq = delta.seq;
  into.last = delta;
}
