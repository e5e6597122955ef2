import type { CensusDisplay } from '../../../shared/domain/census';
import type { Clock } from '../time/clock';

const AGE_REFRESH_MS = 60_000;

/**
 * Sends every view the census as the station's display mode allows: after
 * each census change or display-mode change, and when ages move on without
 * one (a neonate's "3 d" is "4 d" after midnight) – looked at once a minute
 * on the station's tick, sent only if any tile's text changed.
 */
export class CensusBroadcast {
  private lastSent = '';
  private agesCheckedAt = -Infinity;

  constructor(
    private readonly display: () => CensusDisplay,
    private readonly send: (display: CensusDisplay) => void,
    private readonly clock: Pick<Clock, 'monotonic'>,
  ) {}

  sendNow(): void {
    const display = this.display();
    this.lastSent = JSON.stringify(display.beds);
    this.send(display);
  }

  /** On the tick: cheap unless a minute has passed. */
  refreshAges(): void {
    const now = this.clock.monotonic();
    if (now - this.agesCheckedAt < AGE_REFRESH_MS) return;
    this.agesCheckedAt = now;
    const beds = JSON.stringify(this.display().beds);
    // Nothing sent yet: views have what the snapshot gave them; this is the baseline.
    if (this.lastSent === '') this.lastSent = beds;
    else if (beds !== this.lastSent) this.sendNow();
  }
}
