import { dayNumber } from './dates';
import { roundTo } from './round';

/** One day's value of a daily metric (e.g. a member's posts that day). */
export interface DailyValue {
  day: string;
  value: number;
}

/**
 * Sums of a daily metric around an event (e.g. a badge award), the event day itself left out since
 * the activity that earned the badge falls on it:
 *
 *   before = Σ value(d) for eventDay − windowDays ≤ d ≤ eventDay − 1
 *   after  = Σ value(d) for eventDay + 1 ≤ d ≤ eventDay + windowDays
 *
 * Missing days count 0 and entries for one day add up. Compare only events whose after window has
 * ended (eventDay + windowDays before today), or the after sum is short.
 */
export function beforeAfter(eventDay: string, dailyValues: readonly DailyValue[], windowDays = 30): { before: number; after: number } {
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new RangeError('windowDays must be a whole number of 1 or more');
  const event = dayNumber(eventDay);
  let before = 0;
  let after = 0;
  dailyValues.forEach((entry, i) => {
    if (!Number.isFinite(entry.value)) throw new RangeError(`dailyValues[${i}].value must be a finite number`);
    const offset = dayNumber(entry.day) - event;
    if (offset >= -windowDays && offset <= -1) before += entry.value;
    else if (offset >= 1 && offset <= windowDays) after += entry.value;
  });
  return { before: roundTo(before, 4), after: roundTo(after, 4) };
}

/**
 * Difference in differences: the treated group's change less the control group's change over the same
 * windows, 4 decimals:
 *
 *   effect = (treatedAfter − treatedBefore) − (controlAfter − controlBefore)
 *
 * Positive when the treated group (e.g. members awarded a badge) rose more, or fell less, than the
 * control group (similar members not awarded it). Pass averages per member when the groups differ in size.
 */
export function differenceInDifferences(treatedBefore: number, treatedAfter: number, controlBefore: number, controlAfter: number): number {
  const inputs = [treatedBefore, treatedAfter, controlBefore, controlAfter];
  if (!inputs.every(Number.isFinite)) throw new RangeError('every input must be a finite number');
  return roundTo(treatedAfter - treatedBefore - (controlAfter - controlBefore), 4);
}
