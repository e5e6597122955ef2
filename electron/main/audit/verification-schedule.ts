import type { Logger } from '../logging/logger';
import { systemClock, type Clock } from '../time/clock';
import { afterMonotonic, type MonotonicTimer } from '../time/monotonic-timer';

export interface VerificationProgress {
  /** The verification running now, if any (rows checked of rows to check). */
  running: { full: boolean; done: number; total: number; startedUtcMs: number } | null;
  /** The last full verification's outcome. */
  lastFull: { finishedUtcMs: number; ok: boolean; checkedRows: number; brokenAtSeq: number | null } | null;
}

export interface VerificationScheduleOptions {
  /** The first full verification, this long after start (null: none). */
  firstAfterMs: number | null;
  /** Then every this long (null: only the first). */
  everyMs: number | null;
  run(): Promise<void>;
  logger: Logger;
  /** The delays on its monotonic clock; the times shown on its wall clock. Default systemClock. */
  clock?: Clock;
  /** How soon a pending verification notices the clock moved (time/monotonic-timer.ts). */
  recheckMs?: number;
}

/**
 * When full verifications run (a while after start, then daily by default:
 * start-up itself only checks the signed heads and the tail, see
 * writer/startup-check.ts) and how far the current one has got, for the
 * Verify button's progress bar. The delays run on the monotonic clock: a
 * wall-clock step neither skips, brings forward nor repeats a verification;
 * "daily" is 24 h after the last one ended.
 */
export class VerificationSchedule {
  private timer: MonotonicTimer | null = null;
  private running: VerificationProgress['running'] = null;
  private lastFull: VerificationProgress['lastFull'] = null;
  private stopped = false;
  private readonly clock: Clock;

  constructor(private readonly options: VerificationScheduleOptions) {
    this.clock = options.clock ?? systemClock;
  }

  start(): void {
    if (this.options.firstAfterMs !== null) this.arm(this.options.firstAfterMs);
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
  }

  status(): VerificationProgress {
    return { running: this.running ? { ...this.running } : null, lastFull: this.lastFull ? { ...this.lastFull } : null };
  }

  /** Runs one verification, keeping its progress visible while it runs. */
  async track<T extends { ok: boolean; checkedRows: number; brokenAtSeq?: number }>(full: boolean, work: (progress: (done: number, total: number) => void) => Promise<T>): Promise<T> {
    const mine = { full, done: 0, total: 0, startedUtcMs: this.clock.wall() };
    this.running = mine;
    try {
      const result = await work((done, total) => {
        mine.done = done;
        mine.total = total;
      });
      if (full) this.lastFull = { finishedUtcMs: this.clock.wall(), ok: result.ok, checkedRows: result.checkedRows, brokenAtSeq: result.ok ? null : (result.brokenAtSeq ?? null) };
      return result;
    } finally {
      if (this.running === mine) this.running = null;
    }
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    this.timer = afterMonotonic(
      this.clock,
      delayMs,
      () => {
        this.timer = null;
        this.options
          .run()
          .then(
            () => undefined,
            (error: Error) => this.options.logger.warn('audit.scheduled-verify-failed', { reason: error.message.slice(0, 200) }),
          )
          .finally(() => {
            if (this.options.everyMs !== null) this.arm(this.options.everyMs);
          });
      },
      { recheckMs: this.options.recheckMs, unref: true },
    );
  }
}
