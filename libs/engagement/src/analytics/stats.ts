import { roundTo } from './round';

export interface PeriodComparison {
  current: number;
  previous: number;
  /** current − previous (4 decimals, to drop binary noise such as 0.3 − 0.1 = 0.19999999999999998). */
  change: number;
  /** (current − previous) / previous, 4 decimals (0.25 = +25 %); null when previous is 0. */
  changeRate: number | null;
}

/** A figure for this period against the one before: change = current − previous, changeRate = change / previous. */
export function periodComparison(current: number, previous: number): PeriodComparison {
  if (!Number.isFinite(current) || !Number.isFinite(previous)) throw new RangeError('current and previous must be finite numbers');
  return {
    current,
    previous,
    change: roundTo(current - previous, 4),
    changeRate: previous === 0 ? null : roundTo((current - previous) / previous, 4),
  };
}

/**
 * The p-th percentile (0 ≤ p ≤ 100) by linear interpolation between closest ranks (the usual
 * "inclusive" definition: Excel PERCENTILE.INC, NumPy's default, R type 7). With the values sorted
 * ascending as v₀ … vₙ₋₁: h = (n − 1) × p / 100, and the result is v⌊h⌋ + (h − ⌊h⌋) × (v⌊h⌋₊₁ − v⌊h⌋).
 * p = 0 gives the minimum, p = 100 the maximum. Null for no values; not rounded.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 100)) throw new RangeError('p must be between 0 and 100');
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`values[${i}] must be a finite number`);
  });
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const h = ((sorted.length - 1) * p) / 100;
  const low = Math.floor(h);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (h - low) * (sorted[high] - sorted[low]);
}

/**
 * The median (e.g. of times to first reply): the middle value, or the mean of the two middle values
 * for an even count; null for no values. The same as `percentile(values, 50)`.
 */
export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}
