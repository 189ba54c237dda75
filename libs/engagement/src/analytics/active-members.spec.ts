import { activeCounts, type DailyActiveMembers, dailySeries } from './active-members';
import { addDays } from './dates';

// asOf 2026-03-31: its WAU window is 03-25 … 03-31, its MAU window 03-02 … 03-31.
const days: DailyActiveMembers[] = [
  { day: '2026-03-31', activeMemberIds: ['a', 'b'] },
  { day: '2026-03-31', activeMemberIds: ['b', 'c'] }, // same day again: merged
  { day: '2026-03-28', activeMemberIds: ['d', 'b'] }, // b again: counted once
  { day: '2026-03-25', activeMemberIds: ['e'] }, // 6 days before: last day of the WAU window
  { day: '2026-03-24', activeMemberIds: ['f'] }, // 7 days before: MAU only
  { day: '2026-03-02', activeMemberIds: ['g'] }, // 29 days before: last day of the MAU window
  { day: '2026-03-01', activeMemberIds: ['h'] }, // 30 days before: out
  { day: '2026-04-01', activeMemberIds: ['i'] }, // after asOf: out
];

describe('activeCounts', () => {
  it('counts DAU, WAU and MAU as of a day', () => {
    // DAU {a, b, c} = 3; WAU {a, b, c, d, e} = 5; MAU {a … g} = 7; stickiness 3 / 7 = 0.428571 → 0.4286
    expect(activeCounts(days, '2026-03-31')).toEqual({ day: '2026-03-31', dau: 3, wau: 5, mau: 7, stickiness: 0.4286 });
  });

  it('is all zeros with nobody active', () => {
    expect(activeCounts([], '2026-03-31')).toEqual({ day: '2026-03-31', dau: 0, wau: 0, mau: 0, stickiness: 0 });
  });
});

describe('dailySeries', () => {
  it('gives each day its own windows', () => {
    expect(dailySeries(days, '2026-03-30', '2026-04-01')).toEqual([
      // nobody on 03-30; WAU 03-24 … 03-30 {b, d, e, f} = 4; MAU 03-01 … 03-30 {b, d, e, f, g, h} = 6
      { day: '2026-03-30', dau: 0, wau: 4, mau: 6, stickiness: 0 },
      { day: '2026-03-31', dau: 3, wau: 5, mau: 7, stickiness: 0.4286 },
      // DAU {i} = 1; WAU 03-26 … 04-01 {a, b, c, d, i} = 5; MAU 03-03 … 04-01 {a, b, c, d, e, f, i} = 7; 1 / 7 → 0.1429
      { day: '2026-04-01', dau: 1, wau: 5, mau: 7, stickiness: 0.1429 },
    ]);
  });

  it('is empty when from is after to', () => {
    expect(dailySeries(days, '2026-04-01', '2026-03-31')).toEqual([]);
  });

  it('agrees with counting each window afresh', () => {
    // A member active every third day from 02-01, another every fifth, a third on the 10th of each month.
    const data: DailyActiveMembers[] = [];
    for (let i = 0; i < 90; i += 1) {
      const ids = [i % 3 === 0 ? 'x' : '', i % 5 === 0 ? 'y' : '', addDays('2026-02-01', i).endsWith('-10') ? 'z' : ''].filter(Boolean);
      data.push({ day: addDays('2026-02-01', i), activeMemberIds: ids });
    }
    const distinct = (from: string, to: string) => new Set(data.filter((d) => d.day >= from && d.day <= to).flatMap((d) => d.activeMemberIds)).size;
    for (const row of dailySeries(data, '2026-02-15', '2026-04-20')) {
      expect([row.wau, row.mau]).toEqual([distinct(addDays(row.day, -6), row.day), distinct(addDays(row.day, -29), row.day)]);
    }
  });
});
