import { dayFromNumber, dayNumber } from './dates';
import { roundTo } from './round';

/** The members active on one calendar day (any activity that counts as "active" for the API). */
export interface DailyActiveMembers {
  /** The community's calendar day, 'YYYY-MM-DD'. */
  day: string;
  activeMemberIds: readonly string[];
}

export interface ActiveCounts {
  day: string;
  /** Members active on `day`. */
  dau: number;
  /** Distinct members active in the 7 days ending on `day` (`day` − 6 … `day`). */
  wau: number;
  /** Distinct members active in the 30 days ending on `day` (`day` − 29 … `day`). */
  mau: number;
  /** DAU / MAU, 4 decimals; 0 when MAU is 0. */
  stickiness: number;
}

/** Days in the WAU and MAU windows. */
export const WAU_DAYS = 7;
export const MAU_DAYS = 30;

/** Distinct members over a sliding run of days: each member counted once however many days they were active. */
class SlidingWindow {
  private readonly counts = new Map<string, number>();
  add(ids: ReadonlySet<string>) {
    for (const id of ids) this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }
  remove(ids: ReadonlySet<string>) {
    for (const id of ids) {
      const left = (this.counts.get(id) ?? 0) - 1;
      if (left > 0) this.counts.set(id, left);
      else this.counts.delete(id);
    }
  }
  get size() {
    return this.counts.size;
  }
}

/**
 * DAU, WAU, MAU and stickiness for every day from `from` to `to` (both included; empty when `from` is
 * after `to`). Each day's windows end on that day: WAU counts `day` − 6 … `day`, MAU `day` − 29 … `day`,
 * a member once however many days they were active. Entries for the same day are merged; days
 * missing from `days` had nobody active.
 */
export function dailySeries(days: readonly DailyActiveMembers[], from: string, to: string): ActiveCounts[] {
  const start = dayNumber(from);
  const end = dayNumber(to);
  const byDay = new Map<number, Set<string>>();
  for (const entry of days) {
    const n = dayNumber(entry.day);
    if (n < start - MAU_DAYS + 1 || n > end) continue;
    let ids = byDay.get(n);
    if (!ids) byDay.set(n, (ids = new Set()));
    for (const id of entry.activeMemberIds) ids.add(id);
  }
  const none = new Set<string>();
  const on = (n: number) => byDay.get(n) ?? none;
  const week = new SlidingWindow();
  const month = new SlidingWindow();
  const series: ActiveCounts[] = [];
  for (let n = start - MAU_DAYS + 1; n <= end; n += 1) {
    week.add(on(n));
    month.add(on(n));
    if (n - WAU_DAYS >= start - MAU_DAYS + 1) week.remove(on(n - WAU_DAYS));
    if (n - MAU_DAYS >= start - MAU_DAYS + 1) month.remove(on(n - MAU_DAYS));
    if (n < start) continue;
    const dau = on(n).size;
    series.push({ day: dayFromNumber(n), dau, wau: week.size, mau: month.size, stickiness: month.size === 0 ? 0 : roundTo(dau / month.size, 4) });
  }
  return series;
}

/** DAU, WAU, MAU and stickiness as of one day (see `dailySeries` for the windows). */
export function activeCounts(days: readonly DailyActiveMembers[], asOf: string): ActiveCounts {
  return dailySeries(days, asOf, asOf)[0];
}
