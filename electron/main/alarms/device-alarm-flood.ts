import type { AlarmFloodStatus } from '../../../shared/domain/station-status';
import { systemClock, type Clock, type Instant } from '../time/clock';
import type { DeviceAlarmInput } from './device-alarm';
import type { EpisodeInput } from './episode-input';

/**
 * How much a bed's devices may send before they count as flooding, and how
 * many device alarms may be open. The unit is the bed:
 * - the engine's input names the bed, not the device or the connection, and
 *   the bed is what a nurse can go to ("alarm flood, bed 12");
 * - one connection (an HL7 listener, the back end) carries every bed, so
 *   throttling it would hold back the 63 healthy beds with the faulty one.
 *
 * The budget is generous for a healthy bed: devices that repeat each active
 * alarm once a second ("continue") with ten alarms open send 10 a second,
 * and a power glitch raises a handful at once.
 */
export interface AlarmFloodPolicy {
  /** Messages a bed's devices may send at once before the bed is throttled. */
  burst: number;
  /** …and per second, sustained. Also the rate at which held alarms are let through. */
  perSecond: number;
  /** Device alarms shown per bed; beyond it, new ones other than HIGH wait. */
  maxOpenPerBed: number;
  /** Device alarms shown on the station; beyond it, new ones other than HIGH wait. */
  maxOpen: number;
  /** Alarms waiting per bed; beyond it a further one (never a HIGH) is discarded, counted. */
  maxHeldPerBed: number;
}

export const DEFAULT_ALARM_FLOOD_POLICY: AlarmFloodPolicy = { burst: 64, perSecond: 20, maxOpenPerBed: 32, maxOpen: 1024, maxHeldPerBed: 128 };

/**
 * A device alarm that could not be applied when it came (its bed is
 * flooding, or there was no room), with what happened to it meanwhile:
 * later messages for the same device alarm id fold into it, so it is
 * applied once, at the times it really started and ended.
 */
export interface HeldDeviceAlarm {
  kind: 'device';
  key: string;
  alarm: DeviceAlarmInput;
  /** When a start (or continue) first came while held, on both clocks; null if only its end came. */
  startedAt: Instant | null;
  /** When its end came, if it did (null: still active). */
  endedAt: Instant | null;
  /** The patient (census encounter) in the bed when it first came: it is theirs, however late it is shown. */
  encounterId: string | null;
}

/**
 * A journaled episode held back the same way. Its state only moves forward
 * (open → ended), so a later delivery can only add its end; the onset and
 * end people read are the source's, in `episode`.
 */
export interface HeldEpisode {
  kind: 'episode';
  key: string;
  episode: EpisodeInput;
  /** When it reached this station: escalation counts from here once it is shown. */
  arrivedAt: Instant;
  /** When its end reached this station (null: still active); `episode.end` null then means nobody can date the end. */
  endedAt: Instant | null;
  /** As for a device alarm: the patient in the bed when it reached this station. */
  encounterId: string | null;
}

export type HeldAlarm = HeldDeviceAlarm | HeldEpisode;

/** What is handed to hold(): one message, of either kind, with the patient in its bed when it came. */
export type HeldMessage = ({ kind: 'device'; alarm: DeviceAlarmInput } | { kind: 'episode'; episode: EpisodeInput }) & { encounterId: string | null };

interface BedFlood {
  /** Messages the bed may still send before it is throttled (refills at perSecond up to burst). */
  tokens: number;
  /** Held alarms that may be let through now (refills at perSecond, up to a second's worth). */
  releases: number;
  /** Monotonic clock of the last refill. */
  refilledAt: number;
  throttled: boolean;
  held: Map<string, HeldAlarm>;
  messages: number;
  merged: number;
  delayed: number;
  discarded: number;
  /** Device alarm records of this bed (shown, latched ones included). */
  open: number;
}

/** Beds tracked one by one; the station shows at most 64, so this only stops a stream of made-up bed ids. */
const MAX_TRACKED_BEDS = 1024;
const OTHER_BEDS = '(other beds)';

/**
 * Per-bed flood control for device alarms: counts what each bed's devices
 * send, says when a bed is over its budget, keeps what must wait, and lets
 * it through again at a steady rate. It decides nothing clinical: the
 * engine says what may never wait (a HIGH) and what a held alarm becomes.
 *
 * The budget and the pace are measured on the monotonic clock: someone
 * setting the system clock back an hour must not hold a bed's alarms for
 * an hour, nor one set forward let a flood through at once.
 */
export class DeviceAlarmFlood {
  private readonly beds = new Map<string, BedFlood>();
  /** The bed each held key waits in (an episode's id does not name its bed). */
  private readonly heldIn = new Map<string, BedFlood>();
  private openTotal = 0;
  private heldTotal = 0;

  constructor(
    readonly policy: AlarmFloodPolicy,
    private readonly clock: Clock = systemClock,
  ) {}

  /** One message from the bed's devices arrived; returns whether the bed is throttled (flooding). */
  arrive(bedId: string): boolean {
    const bed = this.bed(bedId);
    this.refill(bed);
    bed.messages++;
    if (bed.tokens >= 1) bed.tokens--;
    else bed.throttled = true;
    return bed.throttled;
  }

  merged(bedId: string): void {
    this.bed(bedId).merged++;
  }

  /** The bed is over its budget (without counting a message: a resync's replay is no flood). */
  throttled(bedId: string): boolean {
    const bed = this.beds.get(this.trackedId(bedId));
    return bed?.throttled ?? false;
  }

  isHeld(bedId: string, key: string): boolean {
    return this.beds.get(this.trackedId(bedId))?.held.has(key) ?? false;
  }

  /** What waits under this key, whichever bed. */
  heldOf(key: string): HeldAlarm | undefined {
    return this.heldIn.get(key)?.held.get(key);
  }

  /** Keeps a message that came at `now` and must wait, folded into what is already held for its id. False: no room, discarded (counted). */
  hold(bedId: string, key: string, message: HeldMessage, now: Instant): boolean {
    const bed = this.bed(bedId);
    const held = bed.held.get(key);
    if (held) {
      fold(held, message, now);
      return true;
    }
    if (bed.held.size >= this.policy.maxHeldPerBed) {
      bed.discarded++;
      return false;
    }
    bed.held.set(key, newHeld(key, message, now));
    this.heldIn.set(key, bed);
    bed.delayed++;
    this.heldTotal++;
    return true;
  }

  /** A held episode ended while nobody could say when: it will be shown ended, the end undated. False if none is held under this key. */
  endHeldEpisode(key: string, now: Instant): boolean {
    const held = this.heldOf(key);
    if (held?.kind !== 'episode' || held.endedAt !== null) return false;
    held.endedAt = now;
    return true;
  }

  /** Removes and returns what is held for this id (a HIGH for it must not overtake it). */
  take(bedId: string, key: string): HeldAlarm | undefined {
    const bed = this.beds.get(this.trackedId(bedId));
    const held = bed?.held.get(key);
    if (!bed || !held) return undefined;
    this.forgetHeld(bed, key);
    return held;
  }

  /**
   * Held alarms that may go now, oldest first, at most perSecond a second
   * per bed, and only those `mayGo` allows (room to show them). Also ends
   * a bed's throttling once its devices have been quiet long enough to
   * refill the whole budget. Returns the beds looked at.
   */
  release(mayGo: (bedId: string, held: HeldAlarm) => boolean, apply: (bedId: string, held: HeldAlarm) => void): string[] {
    const looked: string[] = [];
    for (const [bedId, bed] of this.beds) {
      if (!bed.throttled && bed.held.size === 0) continue;
      looked.push(bedId);
      this.refill(bed);
      if (bed.throttled && bed.tokens >= this.policy.burst) bed.throttled = false;
      for (const held of [...bed.held.values()]) {
        if (bed.releases < 1) break;
        if (!mayGo(bedId, held)) continue;
        bed.releases--;
        this.forgetHeld(bed, held.key);
        apply(bedId, held);
      }
    }
    return looked;
  }

  /** Something from this bed is throttled or waiting: its alarm list may be incomplete. */
  flooding(bedId: string): boolean {
    const bed = this.beds.get(this.trackedId(bedId));
    return bed !== undefined && (bed.throttled || bed.held.size > 0);
  }

  /** A bed's counts so far, for the log line when its flood ends. */
  countsOf(bedId: string): { messages: number; merged: number; delayed: number; discarded: number } {
    const bed = this.beds.get(this.trackedId(bedId));
    return { messages: bed?.messages ?? 0, merged: bed?.merged ?? 0, delayed: bed?.delayed ?? 0, discarded: bed?.discarded ?? 0 };
  }

  /** Bookkeeping of device alarm records, for the bounds. */
  recordAdded(bedId: string): void {
    this.bed(bedId).open++;
    this.openTotal++;
  }

  recordRemoved(bedId: string): void {
    this.bed(bedId).open--;
    this.openTotal--;
  }

  /** Whether one more device alarm may be shown for this bed. */
  hasRoom(bedId: string): boolean {
    const bed = this.beds.get(this.trackedId(bedId));
    return this.openTotal < this.policy.maxOpen && (bed?.open ?? 0) < this.policy.maxOpenPerBed;
  }

  /** The station-wide bound is reached. */
  get full(): boolean {
    return this.openTotal >= this.policy.maxOpen;
  }

  status(): AlarmFloodStatus {
    const beds = [...this.beds]
      .filter(([, b]) => b.merged + b.delayed + b.discarded > 0 || b.throttled || b.held.size > 0)
      .map(([bedId, b]) => ({ bedId, throttled: b.throttled, messages: b.messages, merged: b.merged, delayed: b.delayed, discarded: b.discarded, waiting: b.held.size, open: b.open }));
    const sum = (pick: (b: BedFlood) => number) => [...this.beds.values()].reduce((n, b) => n + pick(b), 0);
    return {
      openDeviceAlarms: this.openTotal,
      maxOpen: this.policy.maxOpen,
      maxOpenPerBed: this.policy.maxOpenPerBed,
      merged: sum((b) => b.merged),
      delayed: sum((b) => b.delayed),
      discarded: sum((b) => b.discarded),
      waiting: this.heldTotal,
      beds,
    };
  }

  private bed(bedId: string): BedFlood {
    const id = this.trackedId(bedId);
    let bed = this.beds.get(id);
    if (!bed) {
      bed = { tokens: this.policy.burst, releases: this.policy.perSecond, refilledAt: this.clock.monotonic(), throttled: false, held: new Map(), messages: 0, merged: 0, delayed: 0, discarded: 0, open: 0 };
      this.beds.set(id, bed);
    }
    return bed;
  }

  private forgetHeld(bed: BedFlood, key: string): void {
    bed.held.delete(key);
    this.heldIn.delete(key);
    this.heldTotal--;
  }

  private trackedId(bedId: string): string {
    return this.beds.has(bedId) || this.beds.size < MAX_TRACKED_BEDS ? bedId : OTHER_BEDS;
  }

  private refill(bed: BedFlood): void {
    const now = this.clock.monotonic();
    const elapsed = now - bed.refilledAt;
    bed.refilledAt = now;
    const earned = (elapsed * this.policy.perSecond) / 1000;
    bed.tokens = Math.min(this.policy.burst, bed.tokens + earned);
    bed.releases = Math.min(this.policy.perSecond, bed.releases + earned);
  }
}

function newHeld(key: string, message: HeldMessage, now: Instant): HeldAlarm {
  if (message.kind === 'episode') {
    return { kind: 'episode', key, episode: message.episode, arrivedAt: now, endedAt: message.episode.end ? now : null, encounterId: message.encounterId };
  }
  const { alarm } = message;
  return { kind: 'device', key, alarm, startedAt: alarm.phase === 'end' ? null : now, endedAt: alarm.phase === 'end' ? now : null, encounterId: message.encounterId };
}

/** A later message for a held key: folded by its kind (a key is only ever of one kind). */
function fold(held: HeldAlarm, next: HeldMessage, now: Instant): void {
  if (held.kind === 'device' && next.kind === 'device') foldDeviceAlarm(held, next.alarm, now);
  else if (held.kind === 'episode' && next.kind === 'episode' && held.episode.end === null && next.episode.end) {
    // An episode only moves forward: its first dated end is kept (a repeat of the open state adds nothing).
    held.episode = next.episode;
    held.endedAt ??= now;
  }
}

/**
 * A later message for a held id: the newest says whether it is still
 * active; an end followed by a new start while held becomes one longer
 * alarm (shown as if it never stopped: more, not less); the priority kept
 * is the highest seen, so waiting never lowers it.
 */
function foldDeviceAlarm(held: HeldDeviceAlarm, next: DeviceAlarmInput, now: Instant): void {
  const rank = { HIGH: 0, MEDIUM: 1, LOW: 2 } as const;
  const priority = rank[next.priority] < rank[held.alarm.priority] ? next.priority : held.alarm.priority;
  if (next.phase === 'end') held.endedAt ??= now;
  else {
    // Only an end had come (a start the station never saw): the alarm existed at least from then.
    held.startedAt ??= held.endedAt ?? now;
    held.endedAt = null;
  }
  held.alarm = { ...next, priority, phase: held.endedAt === null ? 'start' : 'end' };
}
