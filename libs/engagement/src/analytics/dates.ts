/**
 * Calendar-day arithmetic on 'YYYY-MM-DD' strings. The days are already the community's calendar
 * days (the API converts instants in the community's time zone); here they are only counted, in UTC,
 * so no time zone or daylight-saving shift can move a day.
 */
const DAY = 86_400_000;
const FORMAT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' day; throws a RangeError for anything else (e.g. '2026-02-30'). */
export function dayNumber(day: string): number {
  const match = typeof day === 'string' ? FORMAT.exec(day) : null;
  if (match) {
    const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const at = new Date(Date.UTC(year, month - 1, date));
    if (at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === date) return at.getTime() / DAY;
  }
  throw new RangeError(`${JSON.stringify(day)} is not a calendar day (YYYY-MM-DD)`);
}

/** The 'YYYY-MM-DD' day of a day number (days since 1970-01-01). */
export function dayFromNumber(n: number): string {
  return new Date(n * DAY).toISOString().slice(0, 10);
}

/** `day` moved by `days` (negative to go back). */
export function addDays(day: string, days: number): string {
  return dayFromNumber(dayNumber(day) + days);
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export type CalendarPeriod = 'week' | 'month';

/** ISO weekday of a day number: Monday 0 … Sunday 6. */
const weekday = (n: number) => (new Date(n * DAY).getUTCDay() + 6) % 7;

/**
 * The label of the calendar period a day falls in: ISO week 'YYYY-Www' (weeks start on Monday; the
 * week belongs to the year of its Thursday, so 2027-01-01 is in '2026-W53') or month 'YYYY-MM'.
 */
export function periodKey(day: string, period: CalendarPeriod): string {
  if (period === 'month') return dayFromNumber(dayNumber(day)).slice(0, 7);
  const n = dayNumber(day);
  const thursday = n - weekday(n) + 3;
  const year = new Date(thursday * DAY).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1) / DAY) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The first day of the calendar period a day falls in, `offset` periods later: its Monday, or the 1st of its month. */
export function periodStart(day: string, period: CalendarPeriod, offset = 0): string {
  const n = dayNumber(day);
  if (period === 'week') return dayFromNumber(n - weekday(n) + 7 * offset);
  const at = new Date(n * DAY);
  return dayFromNumber(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1) / DAY);
}
