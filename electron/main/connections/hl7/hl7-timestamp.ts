/**
 * HL7 DTM → epoch ms: `YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]`.
 *
 * A measurement time needs at least minutes (`YYYYMMDDHHMM`); a date alone
 * says nothing about whether a value is current. IHE PCD requires the UTC
 * offset; without one the time is read as the station's local time (the
 * device and the station are on the same ward). Every part is range-checked
 * (Feb 30 is refused, not rolled over into March). Returns null when invalid.
 *
 * One vendor quirk is accepted because it is unambiguous: milliseconds
 * appended without the dot (`20260124131540000+0800`, Mindray).
 */
const DTM = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(?:(\d{2})(?:\.(\d{1,4})|(\d{3}))?)?(?:([+-])(\d{2})(\d{2}))?$/;

export function parseHl7Timestamp(text: string): number | null {
  const m = DTM.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7] ?? m[8];
  const ms = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  if (day > daysInMonth(year, month)) return null;
  let epoch: number;
  if (m[9] !== undefined) {
    const offH = Number(m[10]);
    const offM = Number(m[11]);
    if (offH > 14 || offM > 59) return null;
    const offset = (offH * 60 + offM) * 60_000 * (m[9] === '-' ? -1 : 1);
    epoch = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset;
  } else {
    epoch = new Date(year, month - 1, day, hour, minute, second, ms).getTime();
  }
  return Number.isFinite(epoch) && epoch >= 0 ? epoch : null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** For ACKs: `YYYYMMDDHHMMSS.SSS+0000` in UTC. */
export function formatHl7Timestamp(epochMs: number): string {
  const d = new Date(epochMs);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}+0000`;
}
