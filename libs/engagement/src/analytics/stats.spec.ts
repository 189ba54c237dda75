import { median, percentile, periodComparison } from './stats';

describe('periodComparison', () => {
  it.each([
    [120, 100, 20, 0.2], // 20 / 100
    [80, 100, -20, -0.2], // −20 / 100
    [1, 3, -2, -0.6667], // −2 / 3 = −0.66667 → −0.6667
    [0, 7, -7, -1], // −7 / 7
    [0.3, 0.1, 0.2, 2], // 0.2 / 0.1 = 2 (binary noise rounded away)
    [5, 0, 5, null], // nothing before: no rate
    [0, 0, 0, null],
  ])('%f against %f → change %f, rate %p', (current, previous, change, changeRate) => {
    expect(periodComparison(current, previous)).toEqual({ current, previous, change, changeRate });
  });

  it('refuses a value that is not a number', () => {
    expect(() => periodComparison(Number.NaN, 1)).toThrow(RangeError);
  });
});

describe('median', () => {
  it.each([
    [[], null],
    [[5], 5],
    [[3, 1, 2], 2], // sorted 1 2 3: the middle one
    [[4, 1, 3, 2], 2.5], // sorted 1 2 3 4: (2 + 3) / 2
    [[10, 2, 38, 23, 38, 23, 21], 23], // sorted 2 10 21 23 23 38 38: the 4th
  ])('%j → %p', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('percentile', () => {
  it.each([
    [[1, 2, 3, 4, 5], 0, 1], // the minimum
    [[1, 2, 3, 4, 5], 25, 2], // h = 4 × 0.25 = 1 → v₁ = 2
    [[1, 2, 3, 4, 5], 90, 4.6], // h = 4 × 0.9 = 3.6 → 4 + 0.6 × (5 − 4)
    [[1, 2, 3, 4, 5], 100, 5], // the maximum
    [[50, 15, 40, 20, 35], 40, 29], // sorted 15 20 35 40 50; h = 4 × 0.4 = 1.6 → 20 + 0.6 × (35 − 20) = 29
    [[7], 95, 7],
    [[], 50, null],
  ])('%j, p%f → %p', (values, p, expected) => {
    const result = percentile(values, p);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(expected, 10);
  });

  it.each([
    ['p below 0', [1], -1],
    ['p above 100', [1], 101],
    ['a value that is not a number', [1, Number.NaN], 50],
  ])('refuses %s', (_name, values, p) => {
    expect(() => percentile(values, p)).toThrow(RangeError);
  });
});
