import { addDays, dayFromNumber, dayNumber, daysBetween, periodKey, periodStart } from './dates';

describe('dayNumber', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    // 30 years of 365 days + 7 leap days (1972 … 1996) = 10 957 to 2000-01-01; + 31 (Jan) + 29 (Feb 2000) = 11 017
    ['2000-03-01', 11_017],
    ['1969-12-31', -1],
  ])('%s → %i', (day, n) => {
    expect(dayNumber(day)).toBe(n);
    expect(dayFromNumber(n)).toBe(day);
  });

  it.each(['2026-02-30', '2026-13-01', '2026-2-3', '2026-02-03T00:00', '', 'today'])('refuses %j', (day) => {
    expect(() => dayNumber(day)).toThrow(RangeError);
  });
});

describe('addDays and daysBetween', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'], // leap year
    ['2026-03-01', -1, '2026-02-28'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-31', 30, '2026-03-02'], // 31 − 31 = 0 left in Jan, 28 in Feb, 2 into March
  ])('%s %+i days → %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
    expect(daysBetween(day, expected)).toBe(days);
  });

  it('counts Jan + Feb 2026 as 31 + 28 = 59 days', () => {
    expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
  });
});

describe('periodKey and periodStart', () => {
  it.each([
    // 2026-01-01 is a Thursday, so 2026-W01 runs Mon 2025-12-29 … Sun 2026-01-04
    ['2025-12-29', '2026-W01', '2025-12-29'],
    ['2026-01-04', '2026-W01', '2025-12-29'],
    ['2026-01-12', '2026-W03', '2026-01-12'], // W02 starts 01-05, W03 01-12
    ['2026-01-15', '2026-W03', '2026-01-12'], // a Thursday → its Monday
    // 2027-01-01 is a Friday: its week's Thursday is 2026-12-31, so it is the 53rd week of 2026
    ['2027-01-01', '2026-W53', '2026-12-28'],
    // 2025-01-01 is a Wednesday: Monday 2024-12-30 starts 2025-W01
    ['2024-12-30', '2025-W01', '2024-12-30'],
  ])('week of %s is %s starting %s', (day, key, start) => {
    expect(periodKey(day, 'week')).toBe(key);
    expect(periodStart(day, 'week')).toBe(start);
  });

  it.each([
    ['2026-01-15', 0, '2026-01', '2026-01-01'],
    ['2026-01-31', 1, '2026-01', '2026-02-01'],
    ['2026-11-15', 2, '2026-11', '2027-01-01'], // Nov + 2 → Jan of next year
  ])('month of %s, %i months on, starts %s', (day, offset, key, start) => {
    expect(periodKey(day, 'month')).toBe(key);
    expect(periodStart(day, 'month', offset)).toBe(start);
  });

  it('moves whole weeks', () => {
    expect(periodStart('2025-12-31', 'week', 1)).toBe('2026-01-05'); // Monday 12-29 + 7
    expect(periodStart('2026-01-14', 'week', -2)).toBe('2025-12-29'); // Monday 01-12 − 14
  });
});
