import { dayNumber } from './dates';
import { roundTo } from './round';

/** One member's activity on one calendar day: how many of each activity type. */
export interface DailyActivityCounts {
  /** The community's calendar day, 'YYYY-MM-DD'. */
  day: string;
  counts: Readonly<Record<string, number>>;
}

/**
 * What each activity type is worth to the engagement score. Types not listed weigh 0.
 * Creating weighs most (a thread starts a conversation, a post keeps one going), a reaction or a perk
 * redemption is a light touch, a badge is recognition earned. Purchases (`order.placed`) weigh 0: they
 * are revenue, analysed against engagement rather than counted in it.
 */
export const DEFAULT_ENGAGEMENT_WEIGHTS: Readonly<Record<string, number>> = {
  'thread.created': 5,
  'post.created': 3,
  'badge.awarded': 2,
  'reaction.added': 1,
  'perk.redeemed': 1,
  'member.joined': 1,
  'order.placed': 0,
};

/** Default decay per 30-day month: activity a month older counts 90 %. */
export const DEFAULT_ENGAGEMENT_DECAY = 0.9;
/** Days in one decay month. */
export const ENGAGEMENT_MONTH_DAYS = 30;
/** Default window, in 30-day months (12 → the 360 days ending on `asOf`). */
export const DEFAULT_ENGAGEMENT_MONTHS = 12;

export interface EngagementScoreOptions {
  /** Weight kept per month of age, 0 < decay ≤ 1 (default 0.9; 1 switches decay off). */
  decay?: number;
  /** Months of history counted (default 12). */
  months?: number;
}

/**
 * Orbit-style engagement ("love"), rounded to 2 decimals:
 *
 *   score = Σ_days Σ_types count(type, day) × weight(type) × decay^monthsAgo(day)
 *   monthsAgo(day) = ⌊(asOf − day) / 30 days⌋
 *
 * so activity on `asOf` and the 29 days before it has monthsAgo 0 (full weight), the 30 days before
 * that monthsAgo 1, and so on. Days with monthsAgo ≥ `months` (default 12, i.e. 360 days or more before
 * `asOf`) and days after `asOf` are ignored. Several entries for one day simply add up.
 */
export function engagementScore(
  dailyCounts: readonly DailyActivityCounts[],
  weights: Readonly<Record<string, number>>,
  asOf: string,
  options: EngagementScoreOptions = {},
): number {
  const decay = options.decay ?? DEFAULT_ENGAGEMENT_DECAY;
  const months = options.months ?? DEFAULT_ENGAGEMENT_MONTHS;
  if (!(decay > 0 && decay <= 1)) throw new RangeError('decay must be more than 0 and at most 1');
  if (!Number.isInteger(months) || months < 1) throw new RangeError('months must be a whole number of 1 or more');
  const end = dayNumber(asOf);
  let score = 0;
  dailyCounts.forEach((entry, i) => {
    const age = end - dayNumber(entry.day);
    const monthsAgo = Math.floor(age / ENGAGEMENT_MONTH_DAYS);
    if (age < 0 || monthsAgo >= months) return;
    let points = 0;
    for (const [type, count] of Object.entries(entry.counts)) {
      if (!Number.isFinite(count) || count < 0) throw new RangeError(`dailyCounts[${i}].counts['${type}'] must be a finite number of 0 or more`);
      points += count * (Object.hasOwn(weights, type) ? weights[type] : 0);
    }
    score += points * decay ** monthsAgo;
  });
  return roundScore(score);
}

/** The score's rounding (2 decimals), for a sum of weighted, decayed points taken outside `engagementScore`. */
export const roundScore = (raw: number): number => roundTo(raw, 2);
