/** More alarm updates than this within FLOOD_WINDOW_MS: a flood. A normal unit sends a few a second. */
export const FLOOD_UPDATES = 8;
/** In a flood, what is not urgent reaches the screen at most this often (as the numerics do). */
export const FLOOD_WINDOW_MS = 250;

/**
 * How often this view's alarm copy is handed to React. Normally at once,
 * every update: the alarm-latency target leaves no time to wait. In a flood
 * (more than FLOOD_UPDATES updates within FLOOD_WINDOW_MS) updates that
 * change nothing urgent are gathered and drawn at most every
 * FLOOD_WINDOW_MS: each drawn update repaints and re-layerizes the wall's
 * header layer, which on the 2-core machine took frames of 100-200 ms when
 * 25 updates a second came in, and the page then heard of a HIGH alarm
 * ~300 ms late. An urgent update (a HIGH alarm, the auditory signal or
 * AUDIO PAUSED changing) is drawn at once, with everything gathered.
 */
export class AlarmRenderPacing {
  private readonly recent: number[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastDrawnAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly draw: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** An update was applied to the copy. */
  applied(urgent: boolean): void {
    const t = this.now();
    this.recent.push(t);
    while (this.recent.length > 0 && this.recent[0]! <= t - FLOOD_WINDOW_MS) this.recent.shift();
    if (this.recent.length > FLOOD_UPDATES + 1) this.recent.shift();
    if (urgent || this.recent.length <= FLOOD_UPDATES) {
      this.drawNow();
      return;
    }
    this.timer ??= setTimeout(() => this.drawNow(), Math.max(0, this.lastDrawnAt + FLOOD_WINDOW_MS - t));
  }

  /** Draws what is gathered now. */
  drawNow(): void {
    this.drawnElsewhere();
    this.draw();
  }

  /** The copy was drawn whole by someone else (a full state loaded): nothing gathered is left to draw. */
  drawnElsewhere(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.lastDrawnAt = this.now();
  }
}
