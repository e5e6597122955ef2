import { ALARM_PRIORITIES, type AlarmPriority } from '../../../shared/domain/alarm-condition';
import { BURST_PATTERNS, burstPeriodMs, escalationGain, longestSilenceMs } from './iec-burst-patterns';
import { scheduleBurst, type ScheduledBurst } from './pulse-synth';

/** What the main process says should sound now (null: nothing). */
export interface AuditoryRequest {
  alarmId: string;
  priority: AlarmPriority;
  escalationLevel: number;
}

/**
 * How far ahead of the audio clock a pulse must start for the main thread to
 * still take it back, s. Anything closer is treated as already sounding: the
 * audio thread renders in callbacks of ~10-20 ms and may have begun it before
 * a stop() reaches it, and cutting a pulse that sounds is a click. Also the
 * lead time of a first burst, for the same reason (a pulse handed over late
 * would begin mid-rise).
 */
export const SCHEDULING_MARGIN_S = 0.05;
/**
 * Bursts are kept scheduled this many periods ahead of the audio clock, so
 * the burst after the one playing is always already on the clock: a main
 * thread blocked for up to a whole period moves nothing.
 */
const HORIZON_PERIODS = 2;

interface Burst extends ScheduledBurst {
  priority: AlarmPriority;
}

const rank = (p: AlarmPriority) => ALARM_PRIORITIES.indexOf(p);
const outranks = (a: AlarmPriority, b: AlarmPriority) => rank(a) < rank(b);
const sameSignal = (a: AuditoryRequest | null, b: AuditoryRequest | null) =>
  a === b || (a !== null && b !== null && a.alarmId === b.alarmId && a.priority === b.priority && a.escalationLevel === b.escalationLevel);

/**
 * Decides when every burst and pulse sounds, on the audio context's own
 * clock; JavaScript timers only top the schedule up (`pump`), they never set
 * a pulse's time. Works on any BaseAudioContext: the sounder drives a real-
 * time one, the e2e suite an OfflineAudioContext whose samples it measures.
 *
 * What a change of the wanted signal does (README.md in this folder):
 * - the same priority (a new escalation level, i.e. gain, or another alarm of
 *   that priority taking over), or the same alarm at a lower priority: the
 *   burst that is playing finishes as it began; the change applies from the
 *   next burst, on the same rhythm;
 * - a higher priority (another alarm, or this one raised): the burst playing
 *   stops at the next pulse boundary – the pulse that sounds ends with its own
 *   fall – and the new burst starts one pulse gap after it;
 * - silence (acknowledged, AUDIO PAUSED, ended): every pulse not yet started
 *   is taken back at once; the one sounding ends with its own fall;
 * - another alarm of a lower priority (the one sounding was acknowledged or
 *   ended), or any signal after silence that does not outrank the one heard
 *   last: as silence, then its first burst begins after a silence longer than
 *   any inside the interrupted burst (so it is not heard as more pulses of
 *   it) – 665 ms from a HIGH pulse to a HIGH burst – but no later: a nurse who acknowledged
 *   one alarm must still hear the next at once.
 */
export class BurstScheduler {
  private wanted: AuditoryRequest | null = null;
  private bursts: Burst[] = [];
  /** Context time of the next burst of `wanted` not yet on the clock (Infinity: none). */
  private nextBurstAt = Number.POSITIVE_INFINITY;
  /** The last pulse heard among bursts already forgotten. */
  private lastHeard: { priority: AlarmPriority; endsAt: number } | null = null;
  private firstBurstPending = false;
  private scheduled = 0;

  constructor(
    private readonly context: BaseAudioContext,
    private readonly destination: AudioNode,
    /** A request's first burst went onto the clock, starting at context time `startsAt`. */
    private readonly onFirstBurst: (request: AuditoryRequest, startsAt: number) => void = () => undefined,
  ) {}

  get burstsScheduled(): number {
    return this.scheduled;
  }

  /** Idempotent: the same alarm at the same level keeps its rhythm. */
  request(next: AuditoryRequest | null): void {
    const current = this.wanted;
    if (sameSignal(current, next)) return;
    const now = this.context.currentTime;
    this.wanted = next;
    this.firstBurstPending = next !== null;
    if (current !== null && next !== null && (next.priority === current.priority || (next.alarmId === current.alarmId && outranks(current.priority, next.priority)))) {
      this.nextBurstAt = this.takeBackBursts(now) ?? this.nextBurstAt;
    } else {
      this.takeBackPulses(now);
      this.nextBurstAt = next === null ? Number.POSITIVE_INFINITY : this.firstBurstAt(next.priority, now);
    }
    this.pump();
  }

  /** Keeps bursts scheduled up to the horizon. Called on every change and by the sounder's timer. */
  pump(): void {
    if (this.context.state === 'closed') return;
    const now = this.context.currentTime;
    this.forgetFinished(now);
    const wanted = this.wanted;
    if (!wanted) return;
    const pattern = BURST_PATTERNS[wanted.priority];
    const periodMs = burstPeriodMs(pattern);
    const horizon = periodMs === null ? Number.POSITIVE_INFINITY : now + (HORIZON_PERIODS * periodMs) / 1000;
    while (Number.isFinite(this.nextBurstAt) && this.nextBurstAt <= horizon) {
      // Later than planned only if the main thread was blocked for longer than the horizon:
      // a late burst is better than a missing one.
      const startsAt = Math.max(this.nextBurstAt, now + SCHEDULING_MARGIN_S);
      this.bursts.push({ ...scheduleBurst(this.context, this.destination, pattern, startsAt, escalationGain(wanted.escalationLevel)), priority: wanted.priority });
      this.scheduled++;
      if (this.firstBurstPending) {
        this.firstBurstPending = false;
        this.onFirstBurst(wanted, startsAt);
      }
      this.nextBurstAt = periodMs === null ? Number.POSITIVE_INFINITY : startsAt + periodMs / 1000;
    }
  }

  /** Takes back every burst not yet started; returns the first one's start (its place in the rhythm). */
  private takeBackBursts(now: number): number | null {
    let firstStart: number | null = null;
    this.bursts = this.bursts.filter((burst) => {
      if (burst.startsAt <= now + SCHEDULING_MARGIN_S) return true;
      for (const pulse of burst.pulses) pulse.cancel();
      firstStart = Math.min(firstStart ?? burst.startsAt, burst.startsAt);
      return false;
    });
    return firstStart;
  }

  /** Stops every burst at the next pulse boundary: pulses not yet started are taken back. */
  private takeBackPulses(now: number): void {
    for (const burst of this.bursts) {
      const kept = burst.pulses.filter((pulse) => pulse.startsAt <= now + SCHEDULING_MARGIN_S);
      for (const pulse of burst.pulses) if (!kept.includes(pulse)) pulse.cancel();
      burst.pulses = kept;
      if (kept.length > 0) burst.endsAt = kept[kept.length - 1]!.endsAt;
    }
    this.bursts = this.bursts.filter((burst) => burst.pulses.length > 0);
  }

  /**
   * When a new signal may begin, given what is still sounding or was heard
   * last: one pulse gap after it when the new signal outranks it (pitch and
   * rhythm tell them apart), otherwise a gap longer than any silence inside
   * the burst that was heard.
   */
  private firstBurstAt(priority: AlarmPriority, now: number): number {
    let at = now + SCHEDULING_MARGIN_S;
    const last = this.lastPulseHeard();
    if (last) {
      const gapMs = BURST_PATTERNS[priority].pulseGapMs + (outranks(priority, last.priority) ? 0 : longestSilenceMs(BURST_PATTERNS[last.priority]));
      at = Math.max(at, last.endsAt + gapMs / 1000);
    }
    return at;
  }

  private lastPulseHeard(): { priority: AlarmPriority; endsAt: number } | null {
    let last = this.lastHeard;
    for (const burst of this.bursts) if (!last || burst.endsAt > last.endsAt) last = { priority: burst.priority, endsAt: burst.endsAt };
    return last;
  }

  private forgetFinished(now: number): void {
    this.bursts = this.bursts.filter((burst) => {
      if (burst.endsAt > now) return true;
      if (!this.lastHeard || burst.endsAt > this.lastHeard.endsAt) this.lastHeard = { priority: burst.priority, endsAt: burst.endsAt };
      return false;
    });
  }
}
