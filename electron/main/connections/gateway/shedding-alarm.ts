import type { AlarmEngine } from '../../alarms/alarm-engine';

/** Unit-wide LOW technical alarm while gateway data is being shed (waveforms incomplete). */
export const GATEWAY_DATA_SHED = 'GATEWAY_DATA_SHED';

/** How long after the last shed segment the alarm stays up: shedding comes in bursts. */
const QUIET_MS = 10_000;

/**
 * Shedding is never silent: besides the counters it shows on the wall as a
 * LOW technical alarm ("waveforms incomplete"), raised on the first shed
 * piece of data and cleared after 10 s without any. Alarms themselves are
 * never shed, which is why this is LOW and not the unit's COMMS_LOST.
 */
export class SheddingAlarm {
  private lastShedAt: number | null = null;

  constructor(private readonly alarms: Pick<AlarmEngine, 'raiseTechnical' | 'clearTechnical'>) {}

  /** `now` on the monotonic clock, like tick()'s. */
  shed(what: 'waveform' | 'numerics', now: number): void {
    if (this.lastShedAt === null) {
      const message = what === 'waveform' ? 'Waveforms incomplete: gateway data shed under load' : 'Numerics incomplete: gateway data shed under load';
      this.alarms.raiseTechnical(GATEWAY_DATA_SHED, { bedId: null, priority: 'LOW', message });
    }
    this.lastShedAt = now;
  }

  tick(now: number): void {
    if (this.lastShedAt !== null && now - this.lastShedAt > QUIET_MS) {
      this.lastShedAt = null;
      this.alarms.clearTechnical(GATEWAY_DATA_SHED, null);
    }
  }
}
