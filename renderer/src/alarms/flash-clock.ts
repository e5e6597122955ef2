import type { AlarmCondition } from '../../../shared/domain/alarm-condition';

/**
 * Half-periods of the IEC 60601-1-8 visual alarm signal flash (Table 1): HIGH
 * 2 Hz (1.4-2.8 Hz allowed), MEDIUM 0.625 Hz (0.4-0.8 Hz), both 50 % on (20-60 %
 * allowed). LOW is steady.
 */
export const FLASH_HALF_PERIOD_MS = { HIGH: 250, MEDIUM: 800 } as const;
export type FlashingPriority = keyof typeof FLASH_HALF_PERIOD_MS;
export type FlashPhase = 'on' | 'off';

/** The phase `elapsedMs` after flashing started: every signal starts on, for a full half-period. */
export function flashPhase(priority: FlashingPriority, elapsedMs: number): FlashPhase {
  return Math.floor(elapsedMs / FLASH_HALF_PERIOD_MS[priority]) % 2 === 0 ? 'on' : 'off';
}

/** Whether an alarm shown on this screen flashes: HIGH or MEDIUM, and nobody has acknowledged it (a latched one too, until reset). */
export function isFlashing(alarm: AlarmCondition): boolean {
  return alarm.priority !== 'LOW' && !alarm.acknowledged && (alarm.state !== 'resolved' || alarm.latching);
}

/**
 * One clock flashes every visual alarm signal on the screen, in step: it
 * writes the phase of each rate as `data-flash-high` / `data-flash-medium` on
 * `target`, and the stylesheet shows a flashing banner or row filled while its
 * rate is on and hollow while it is off.
 *
 * Why not a CSS animation per element: starting 76 animations (64 tile
 * banners and 12 alarm-bar rows) was ~5 ms of a unit-wide burst's first
 * frame, measured, on top of the restyle every toggle costs either way.
 *
 * While nothing flashes the clock stops and both phases rest at on, so the
 * first alarm is drawn filled at once and stays filled for a full half-period.
 * An alarm arriving while others flash joins their phase (all signals on the
 * screen flash in step), so it may first be drawn hollow, for at most one
 * half-period; hollow still shows its colour, prefix and icon.
 */
export class FlashClock {
  private startedAt: number | null = null;
  private disposed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private written: Record<FlashingPriority, FlashPhase | null> = { HIGH: null, MEDIUM: null };

  constructor(
    private readonly target: HTMLElement,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.write('on', 'on');
  }

  /** Tell the clock whether anything on the screen flashes (call on every alarm update). */
  setFlashing(flashing: boolean): void {
    if (this.disposed) return;
    if (flashing && this.startedAt === null) {
      this.startedAt = this.now();
      this.tick();
    } else if (!flashing && this.startedAt !== null) {
      this.startedAt = null;
      clearTimeout(this.timer);
      this.write('on', 'on');
    }
  }

  /** Stops for good, leaving every signal drawn filled (never stuck hollow). */
  dispose(): void {
    clearTimeout(this.timer);
    this.startedAt = null;
    this.disposed = true;
    this.write('on', 'on');
  }

  private readonly tick = (): void => {
    if (this.startedAt === null) return;
    const elapsed = this.now() - this.startedAt;
    this.write(flashPhase('HIGH', elapsed), flashPhase('MEDIUM', elapsed));
    // Wake at the next boundary of either rate, computed from the start so timer lateness never accumulates.
    const untilNext = Math.min(...Object.values(FLASH_HALF_PERIOD_MS).map((half) => half - (elapsed % half)));
    this.timer = setTimeout(this.tick, untilNext + 1);
  };

  private write(high: FlashPhase, medium: FlashPhase): void {
    if (this.written.HIGH !== high) this.target.dataset['flashHigh'] = high;
    if (this.written.MEDIUM !== medium) this.target.dataset['flashMedium'] = medium;
    this.written = { HIGH: high, MEDIUM: medium };
  }
}
