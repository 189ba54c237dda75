import { beforeAfter, type DailyValue, differenceInDifferences } from './impact';

// Event on 2026-03-15. With 30 days: before = 02-13 … 03-14 (16 days of Feb + 14 of March),
// after = 03-16 … 04-14 (16 days of March + 14 of April).
const values: DailyValue[] = [
  { day: '2026-02-12', value: 100 }, // 31 days before: out
  { day: '2026-02-13', value: 1 }, // 30 days before: first day of the before window
  { day: '2026-03-01', value: 2 },
  { day: '2026-03-01', value: 32 }, // same day again: adds up
  { day: '2026-03-14', value: 4 }, // the day before
  { day: '2026-03-15', value: 50 }, // the event day: in neither window
  { day: '2026-03-16', value: 8 }, // the day after
  { day: '2026-04-14', value: 16 }, // 30 days after: last day of the after window
  { day: '2026-04-15', value: 200 }, // 31 days after: out
];

describe('beforeAfter', () => {
  it.each([
    [30, 39, 24], // before 1 + 2 + 32 + 4 = 39; after 8 + 16 = 24
    [14, 38, 8], // before 03-01 … 03-14: 2 + 32 + 4 = 38; after 03-16 … 03-29: 8
    [1, 4, 8], // only 03-14 and 03-16
  ])('%i-day windows → before %i, after %i', (windowDays, before, after) => {
    expect(beforeAfter('2026-03-15', values, windowDays)).toEqual({ before, after });
  });

  it('defaults to 30 days and counts missing days as 0', () => {
    expect(beforeAfter('2026-03-15', values)).toEqual({ before: 39, after: 24 });
    expect(beforeAfter('2026-03-15', [])).toEqual({ before: 0, after: 0 });
  });

  it('refuses a window that is not a whole number of days', () => {
    expect(() => beforeAfter('2026-03-15', values, 0)).toThrow(RangeError);
    expect(() => beforeAfter('2026-03-15', values, 1.5)).toThrow(RangeError);
  });
});

describe('differenceInDifferences', () => {
  it.each([
    [10, 15, 10, 12, 3], // (15 − 10) − (12 − 10) = 5 − 2
    [2.5, 2, 3, 1.5, 1], // (2 − 2.5) − (1.5 − 3) = −0.5 + 1.5: fell less than the control
    [5, 3, 4, 6, -4], // (3 − 5) − (6 − 4) = −2 − 2
    [1, 1, 1, 1, 0],
    [0.1, 0.3, 0.2, 0.3, 0.1], // 0.2 − 0.1 (binary noise rounded away)
  ])('treated %f→%f, control %f→%f → %f', (tb, ta, cb, ca, effect) => {
    expect(differenceInDifferences(tb, ta, cb, ca)).toBe(effect);
  });
});
