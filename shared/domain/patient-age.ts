import type { PatientCategory } from './patient';

/**
 * Category and age from a date of birth, on the station's local calendar.
 *
 * Site defaults, not clinical advice (like the limit profiles they choose):
 * neonatal under 28 days, paediatric under 18 years, adult from 18. A unit
 * that treats 16-year-olds as adults sets the category by hand; the feed's
 * re-derivation leaves a category a person set alone.
 */
export const NEONATAL_DAYS = 28;
export const ADULT_YEARS = 18;

interface CalendarDate {
  y: number;
  m: number;
  d: number;
}

function parseIsoDate(iso: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}

function localDate(now: number): CalendarDate {
  const t = new Date(now);
  return { y: t.getFullYear(), m: t.getMonth() + 1, d: t.getDate() };
}

function dayNumber(c: CalendarDate): number {
  return Math.floor(Date.UTC(c.y, c.m - 1, c.d) / 86_400_000);
}

/** Whole years, months and days of age on `now`'s local date; null for a date in the future or unreadable. */
export function ageOn(dob: string, now: number): { years: number; months: number; days: number } | null {
  const birth = parseIsoDate(dob);
  if (!birth) return null;
  const today = localDate(now);
  const days = dayNumber(today) - dayNumber(birth);
  if (days < 0) return null;
  let months = (today.y - birth.y) * 12 + (today.m - birth.m);
  if (today.d < birth.d) months--;
  return { years: Math.floor(months / 12), months, days };
}

/** The category a date of birth implies; null when it is unknown or in the future. */
export function categoryFor(dob: string | null, now: number): PatientCategory | null {
  if (dob === null) return null;
  const age = ageOn(dob, now);
  if (!age) return null;
  if (age.days < NEONATAL_DAYS) return 'neonatal';
  return age.years < ADULT_YEARS ? 'paediatric' : 'adult';
}

/** "12 d" under a month's worth of days, "7 mo" under two years, then "52 y". */
export function ageText(dob: string | null, now: number): string | null {
  if (dob === null) return null;
  const age = ageOn(dob, now);
  if (!age) return null;
  if (age.days < NEONATAL_DAYS || age.months < 1) return `${age.days} d`;
  if (age.years < 2) return `${age.months} mo`;
  return `${age.years} y`;
}
