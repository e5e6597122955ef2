import type { Clock } from '../time/clock';

/**
 * The recorder's clock: the wall time when the recorder started, advanced by
 * the monotonic clock. What the station itself observes (a bed going silent,
 * an alarm step) is filed on it, and retention is measured on it, so a
 * wall-clock step while the station runs moves neither: without this, setting
 * the clock forward a day would prune a day of record, and back an hour would
 * file the next hour's alarms on top of the last one's.
 *
 * Samples and numerics keep their sources' own times (a device's, the
 * gateway's, the simulator's), which a station clock step does not touch.
 * What a step across a restart does (the station was off): the record clock
 * restarts from the new wall time; see docs/architecture.md, "The recorder".
 */
export class RecordClock {
  private readonly startWall: number;
  private readonly startMono: number;

  constructor(private readonly clock: Clock) {
    this.startWall = clock.wall();
    this.startMono = clock.monotonic();
  }

  now(): number {
    return this.at(this.clock.monotonic());
  }

  /** The record time of a reading of the same monotonic clock (e.g. when the station judged a numeric measured). */
  at(mono: number): number {
    return this.startWall + (mono - this.startMono);
  }

  /** How far the wall clock has moved away from the record clock since start (a step shows here). */
  wallOffset(): number {
    return this.clock.wall() - this.now();
  }
}
