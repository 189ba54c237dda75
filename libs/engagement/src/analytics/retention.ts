import { type CalendarPeriod, dayNumber, periodKey, periodStart } from './dates';
import { roundTo } from './round';

export interface CohortMember {
  id: string;
  /** The day the member entered the cohort (usually the join day), 'YYYY-MM-DD'. */
  cohortDay: string;
}

export interface RetentionOptions {
  /** Calendar weeks (ISO, Monday to Sunday) or calendar months. */
  period: CalendarPeriod;
  /** Periods reported per cohort, k = 0 … periods − 1 (1 to 120). */
  periods: number;
  /** The last day of data, 'YYYY-MM-DD': later activity is ignored and later periods are null. */
  asOf: string;
}

export interface RetentionCohort {
  /** The cohort's own period: ISO week '2026-W03' or month '2026-01'. */
  cohort: string;
  /** First day of the cohort's own period (a Monday, or the 1st of the month). */
  start: string;
  /** Members in the cohort. */
  size: number;
  /** Members active in period k; null for periods that have not started by `asOf`. */
  active: (number | null)[];
  /** active[k] / size, 4 decimals; null where active is. */
  rates: (number | null)[];
}

/**
 * Cohort retention on calendar periods. A member's cohort is the calendar period (ISO week starting
 * Monday, or month) containing their `cohortDay`. Period k of a cohort is the k-th calendar period
 * after the cohort's own: k = 0 is the cohort's own week or month, k = 1 the next one, and so on (so
 * for the '2026-01' cohort, k = 2 is March 2026; for '2026-W03', k = 1 is 2026-W04).
 *
 * A member counts as active in period k when they have an active day d in it with
 * cohortDay ≤ d ≤ asOf (days before their cohort day, e.g. before joining, are not retention).
 * active[k] is a number for every period that has started by `asOf` (the period containing `asOf`
 * is partial and counts the days so far) and null after. Members whose cohortDay is after `asOf` are
 * left out; a member listed twice counts once (the first listing). Cohorts with members only, oldest first.
 */
export function retentionCohorts(
  members: readonly CohortMember[],
  activeDaysByMember: ReadonlyMap<string, readonly string[]>,
  options: RetentionOptions,
): RetentionCohort[] {
  const { period, periods, asOf } = options;
  if (period !== 'week' && period !== 'month') throw new RangeError("period must be 'week' or 'month'");
  if (!Number.isInteger(periods) || periods < 1 || periods > 120) throw new RangeError('periods must be a whole number from 1 to 120');
  const end = dayNumber(asOf);

  const cohorts = new Map<string, { start: string; ids: Map<string, number> }>();
  const seen = new Set<string>();
  for (const member of members) {
    const joined = dayNumber(member.cohortDay);
    if (seen.has(member.id) || joined > end) continue;
    seen.add(member.id);
    const start = periodStart(member.cohortDay, period);
    let cohort = cohorts.get(start);
    if (!cohort) cohorts.set(start, (cohort = { start, ids: new Map() }));
    cohort.ids.set(member.id, joined);
  }

  return [...cohorts.values()]
    .sort((a, b) => (a.start < b.start ? -1 : 1))
    .map(({ start, ids }) => {
      // Day-number bounds of period k: [bounds[k], bounds[k + 1]).
      const bounds = Array.from({ length: periods + 1 }, (_, k) => dayNumber(periodStart(start, period, k)));
      const active: (number | null)[] = bounds.slice(0, periods).map((first) => (first <= end ? 0 : null));
      for (const [id, joined] of ids) {
        const hit = new Set<number>();
        for (const day of activeDaysByMember.get(id) ?? []) {
          const n = dayNumber(day);
          if (n < joined || n > end || n < bounds[0] || n >= bounds[periods]) continue;
          let k = 0;
          while (n >= bounds[k + 1]) k += 1;
          hit.add(k);
        }
        for (const k of hit) active[k] = (active[k] ?? 0) + 1;
      }
      return {
        cohort: periodKey(start, period),
        start,
        size: ids.size,
        active,
        rates: active.map((count) => (count === null ? null : roundTo(count / ids.size, 4))),
      };
    });
}
