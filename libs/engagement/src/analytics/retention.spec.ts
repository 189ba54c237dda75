import { type CohortMember, retentionCohorts } from './retention';

describe('retentionCohorts by week', () => {
  // asOf Wed 2026-01-21, in 2026-W04 (01-19 … 01-25). W02 = 01-05 … 01-11, W03 = 01-12 … 01-18.
  const members: CohortMember[] = [
    { id: 'a', cohortDay: '2026-01-05' }, // Monday, W02
    { id: 'b', cohortDay: '2026-01-07' }, // W02
    { id: 'c', cohortDay: '2026-01-11' }, // Sunday, still W02
    { id: 'd', cohortDay: '2026-01-12' }, // Monday, W03
    { id: 'e', cohortDay: '2026-01-22' }, // after asOf: left out
    { id: 'a', cohortDay: '2026-01-12' }, // listed again: the first listing counts
  ];
  const activity = new Map<string, string[]>([
    ['a', ['2026-01-05', '2026-01-06', '2026-01-13', '2026-01-21']], // W02 (twice: once), W03, W04
    ['b', ['2026-01-06', '2026-01-19']], // 01-06 is before b's cohort day: not counted; W04
    ['c', ['2026-01-12', '2026-01-22']], // W03; 01-22 is after asOf
    ['d', ['2026-01-12', '2026-01-20']], // W03 (its k = 0), W04 (k = 1)
    ['e', ['2026-01-22']],
  ]);

  it('counts each cohort in the calendar weeks after its own', () => {
    expect(retentionCohorts(members, activity, { period: 'week', periods: 4, asOf: '2026-01-21' })).toEqual([
      {
        cohort: '2026-W02',
        start: '2026-01-05',
        size: 3, // a, b, c
        // k0 W02 {a}; k1 W03 {a, c}; k2 W04 {a, b}; k3 W05 starts 01-26, after asOf
        active: [1, 2, 2, null],
        rates: [0.3333, 0.6667, 0.6667, null], // 1/3, 2/3, 2/3
      },
      {
        cohort: '2026-W03',
        start: '2026-01-12',
        size: 1, // d
        // k0 W03 {d}; k1 W04 {d}; k2 (W05) and k3 (W06) not started
        active: [1, 1, null, null],
        rates: [1, 1, null, null],
      },
    ]);
  });

  it('follows ISO weeks across the year end', () => {
    // 2026-12-31 (Thu) is in 2026-W53 (12-28 … 2027-01-03); k = 1 is 2027-W01 (01-04 … 01-10)
    const cohorts = retentionCohorts([{ id: 'x', cohortDay: '2026-12-31' }], new Map([['x', ['2027-01-02', '2027-01-04']]]), {
      period: 'week',
      periods: 2,
      asOf: '2027-01-05',
    });
    expect(cohorts).toEqual([{ cohort: '2026-W53', start: '2026-12-28', size: 1, active: [1, 1], rates: [1, 1] }]);
  });
});

describe('retentionCohorts by month', () => {
  it('counts calendar months, the current one partly', () => {
    const members: CohortMember[] = [
      { id: 'm1', cohortDay: '2025-12-20' },
      { id: 'm2', cohortDay: '2026-01-31' },
      { id: 'm3', cohortDay: '2026-01-01' },
      { id: 'm5', cohortDay: '2026-01-15' }, // never active: in the size, never in active
      { id: 'm4', cohortDay: '2026-03-10' }, // joined on asOf: included
    ];
    const activity = new Map<string, string[]>([
      ['m1', ['2025-12-20', '2026-02-03', '2026-03-05']], // Dec (k0), Feb (k2); March would be k3, not asked for
      ['m2', ['2026-01-31', '2026-03-09']], // Jan (k0), Mar (k2)
      ['m3', ['2026-02-14', '2026-02-28', '2026-03-11']], // Feb (k1) twice: once; 03-11 is after asOf
      ['m4', ['2026-03-10']],
    ]);
    expect(retentionCohorts(members, activity, { period: 'month', periods: 3, asOf: '2026-03-10' })).toEqual([
      // {m1}: k0 Dec {m1}, k1 Jan {}, k2 Feb {m1}
      { cohort: '2025-12', start: '2025-12-01', size: 1, active: [1, 0, 1], rates: [1, 0, 1] },
      // {m2, m3, m5}: k0 Jan {m2}, k1 Feb {m3}, k2 Mar (to 03-10) {m2}; 1/3 = 0.3333 each
      { cohort: '2026-01', start: '2026-01-01', size: 3, active: [1, 1, 1], rates: [0.3333, 0.3333, 0.3333] },
      // {m4}: k0 Mar {m4}; April and May have not started
      { cohort: '2026-03', start: '2026-03-01', size: 1, active: [1, null, null], rates: [1, null, null] },
    ]);
  });

  it('is empty with no members', () => {
    expect(retentionCohorts([], new Map(), { period: 'month', periods: 6, asOf: '2026-03-10' })).toEqual([]);
  });

  it.each([
    ['periods 0', { period: 'month' as const, periods: 0, asOf: '2026-03-10' }],
    ['periods 1.5', { period: 'month' as const, periods: 1.5, asOf: '2026-03-10' }],
    ['an unknown period', { period: 'day' as 'week', periods: 3, asOf: '2026-03-10' }],
    ['a malformed asOf', { period: 'week' as const, periods: 3, asOf: '2026-03' }],
  ])('refuses %s', (_name, options) => {
    expect(() => retentionCohorts([], new Map(), options)).toThrow(RangeError);
  });
});
