/**
 * Times are the ward's local time, 24-hour. Review screens write them out in
 * full (date and seconds) so "what happened at 03:12" is answered without
 * guessing the day. All are formatted by hand: every workstation shows the
 * same text regardless of its locale settings, and the wall can afford it
 * (toLocaleTimeString builds a formatter on every call, ~65 µs; twelve alarm
 * rows of a burst or 64 NIBP times add up).
 */
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** HH:MM:SS, as on the alarm bar and the unit clock. */
export function formatLocalTime(utcMs: number): string {
  const d = new Date(utcMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** HH:MM, as beside an episodic reading (NIBP). */
export function formatLocalHourMinute(utcMs: number): string {
  const d = new Date(utcMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatLocalDateTime(utcMs: number): string {
  const d = new Date(utcMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** What a `datetime-local` input holds for this instant (minute precision). */
export function toLocalInputValue(utcMs: number): string {
  const d = new Date(utcMs);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/**
 * A `datetime-local` value as ms since 1970 UTC: null when empty, NaN when
 * it is not a real local time (the caller reports it rather than dropping
 * a filter the user typed).
 */
export function localInputToUtcMs(value: string): number | null {
  const text = value.trim();
  if (text === '') return null;
  const m = LOCAL_INPUT.exec(text);
  if (!m) return Number.NaN;
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => (part === undefined ? 0 : Number(part))) as [number, number, number, number, number, number];
  const date = new Date(year, month - 1, day, hour, minute, second);
  // Rejects 2024-02-31 and the like, which Date would silently roll over.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) return Number.NaN;
  return date.getTime();
}
