import { recordTimeOf, wallTimeOf, type ClockEntry, type RecordClockInfo } from '../../../shared/disclosure/record-time';
import { formatLocalDateTime } from '../review/local-time';
import { stationNow } from './station-now';

/**
 * The full-disclosure record's clock as this view last heard it (every strip
 * and trend answer carries it; shared/disclosure/record-time.ts). The record
 * is navigated on record time and read in the station's wall time; the two
 * are the same until someone sets the station's clock, and then the answers
 * say how they differ.
 */
let heard: { clock: RecordClockInfo; at: number } | null = null;

/** How far past what was asked for the record's present may be before a view asks again at the present. */
const PRESENT_SLACK_MS = 5_000;

export function hearRecordClock(clock: RecordClockInfo): void {
  heard = { clock, at: performance.now() };
}

/** "Now" on record time: the last answer's, aged on this view's monotonic clock; before any answer, the station's wall clock. */
export function recordNow(): number {
  return heard ? heard.clock.now + (performance.now() - heard.at) : stationNow();
}

/** True when an answer shows the record's present well after `askedTo`: the view asked "up to now" on a clock the record no longer follows. */
export function missedThePresent(clock: RecordClockInfo, askedTo: number): boolean {
  return clock.now > askedTo + PRESENT_SLACK_MS;
}

/** The record time at which the station's clock read a wall time someone typed (its latest occurrence). */
export function recordTimeOfWall(wall: number): number {
  return heard ? recordTimeOf(heard.clock.offsets, wall) : wall;
}

/** A record time as people read it: the station's wall time then, as local date and time. */
export function formatRecordTime(offsets: readonly ClockEntry[], t: number): string {
  return formatLocalDateTime(Math.round(wallTimeOf(offsets, t)));
}
