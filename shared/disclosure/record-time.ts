import { z } from 'zod';

/**
 * The full-disclosure record's time axis ("record time", epoch ms) and the
 * station's wall clock, which people read.
 *
 * The recorder files everything on record time: it advances with the
 * station's monotonic clock, so within a run it never jumps and never goes
 * back, and each run resumes after the last thing recorded. It starts equal
 * to the wall clock. When someone sets the wall clock (NTP, a daylight-saving
 * mistake, a technician), or it was set back while the station was off, the
 * two part, and a clock entry records from which record time on the wall
 * clock read `record time + offset`.
 *
 * What people read (strip, trend and print labels, the WFDB base time, the
 * audit of a look) is that wall time; what the record is ordered, keyed,
 * pruned and navigated by is record time. So a clock set back an hour never
 * makes the record overlap itself (that hour's wall times then occur twice,
 * in two stretches of record time), and one set forward never prunes an hour
 * early or leaves a hole (its skipped wall times occur nowhere).
 */
export const ClockEntrySchema = z.object({
  /** Record time from which this offset holds (until the next entry). */
  from: z.number(),
  /** The station's wall clock minus record time, ms. */
  offset: z.number(),
});
export type ClockEntry = z.infer<typeof ClockEntrySchema>;

export const RecordClockSchema = z.object({
  /** Record time when the answer was made: "now" for a view that asks up to the present. */
  now: z.number(),
  /** In record-time order; before the first one the offset is 0. */
  offsets: z.array(ClockEntrySchema).max(20_000),
});
export type RecordClockInfo = z.infer<typeof RecordClockSchema>;

/** The offset in effect at record time `t`. */
export function offsetAt(offsets: readonly ClockEntry[], t: number): number {
  let offset = 0;
  for (const entry of offsets) {
    if (entry.from > t) break;
    offset = entry.offset;
  }
  return offset;
}

/** What the station's wall clock read at record time `t` (the time to show). */
export function wallTimeOf(offsets: readonly ClockEntry[], t: number): number {
  return t + offsetAt(offsets, t);
}

/**
 * The record time at which the station's wall clock read `wall` (a time a
 * person typed). A clock set back makes a wall time occur twice: the latest
 * occurrence is taken. A clock set forward skips wall times: one of those
 * gives the moment of the step.
 */
export function recordTimeOf(offsets: readonly ClockEntry[], wall: number): number {
  const spans = [{ from: -Infinity, offset: 0 }, ...offsets].map((entry, i, all) => ({ ...entry, to: all[i + 1]?.from ?? Infinity }));
  let nearest: { t: number; distance: number } | null = null;
  for (const span of spans.reverse()) {
    const t = wall - span.offset;
    if (t >= span.from && t < span.to) return t;
    const clamped = Math.min(Math.max(t, span.from), span.to);
    const distance = Math.abs(clamped - t);
    if (!nearest || distance < nearest.distance) nearest = { t: clamped, distance };
  }
  return nearest!.t;
}

/** The entries that label [from, to]: the one in effect at `from`, those inside, and the latest (the present's). */
export function offsetsFor(offsets: readonly ClockEntry[], from: number, to: number): ClockEntry[] {
  const out: ClockEntry[] = [];
  offsets.forEach((entry, i) => {
    const next = offsets[i + 1];
    const inEffectAtFrom = entry.from <= from && (!next || next.from > from);
    if (inEffectAtFrom || (entry.from > from && entry.from <= to) || i === offsets.length - 1) out.push(entry);
  });
  return out;
}
