import { type Purchase, rfmSummary } from './summary';

const buy = (customerId: string, at: string, amount = 10): Purchase => ({ customerId, at: new Date(at), amount });
const calibrationEnd = new Date('2024-01-29'); // a Monday: 28 days after 2024-01-01

describe('rfmSummary', () => {
  it('turns purchase days into x, tx, T (weeks) and the mean repeat spend', () => {
    const rows = rfmSummary([buy('a', '2024-01-01', 100), buy('a', '2024-01-08', 20), buy('a', '2024-01-15', 40)], { calibrationEnd });
    expect(rows).toEqual([{ customerId: 'a', x: 2, tx: 2, T: 4, monetary: 30 }]);
  });

  it('gives x = 0, tx = 0 and monetary 0 to a one-time buyer', () => {
    expect(rfmSummary([buy('a', '2024-01-15', 50)], { calibrationEnd })).toEqual([{ customerId: 'a', x: 0, tx: 0, T: 2, monetary: 0 }]);
  });

  it('merges purchases on one UTC calendar day into one, summing amounts', () => {
    const rows = rfmSummary(
      [buy('a', '2024-01-01T09:00:00Z', 5), buy('a', '2024-01-08T01:00:00Z', 7), buy('a', '2024-01-08T23:59:59Z', 3), buy('a', '2024-01-09T00:00:00Z', 4)],
      { calibrationEnd, unitDays: 1 },
    );
    expect(rows).toEqual([{ customerId: 'a', x: 2, tx: 8, T: 28, monetary: (10 + 4) / 2 }]);
  });

  it('counts the whole calibration-end day in calibration', () => {
    const rows = rfmSummary([buy('a', '2024-01-01'), buy('a', '2024-01-29T22:00:00Z'), buy('a', '2024-01-30T00:00:00Z')], {
      calibrationEnd,
      observationEnd: new Date('2024-03-01'),
    });
    expect(rows[0]).toMatchObject({ x: 1, tx: 4, T: 4, holdoutCount: 1 });
  });

  it('counts holdout purchase days up to and including observationEnd, merged by day, only when asked', () => {
    const purchases = [
      buy('a', '2024-01-01'),
      buy('a', '2024-02-05T08:00:00Z'),
      buy('a', '2024-02-05T18:00:00Z'),
      buy('a', '2024-03-01T12:00:00Z'),
      buy('a', '2024-03-02'), // after the observation end: ignored
    ];
    expect(rfmSummary(purchases, { calibrationEnd, observationEnd: new Date('2024-03-01') })[0].holdoutCount).toBe(2);
    expect(rfmSummary(purchases, { calibrationEnd })[0]).not.toHaveProperty('holdoutCount');
  });

  it('leaves out customers who first bought after calibration, keeps first-appearance order', () => {
    const rows = rfmSummary([buy('late', '2024-02-10'), buy('b', '2024-01-20'), buy('a', '2024-01-10'), buy('b', '2024-01-03')], { calibrationEnd });
    expect(rows.map((r) => r.customerId)).toEqual(['b', 'a']);
    expect(rows[0]).toMatchObject({ x: 1, tx: 17 / 7, T: 26 / 7 });
  });

  it('uses any unit length', () => {
    const [row] = rfmSummary([buy('a', '2024-01-01'), buy('a', '2024-01-15')], { calibrationEnd, unitDays: 14 });
    expect(row).toMatchObject({ tx: 1, T: 2 });
  });

  it('returns no rows for no purchases', () => {
    expect(rfmSummary([], { calibrationEnd })).toEqual([]);
  });

  it.each<[string, Purchase[], object, RegExp]>([
    ['an invalid purchase date', [buy('a', 'not a date')], {}, /purchases\[0\]\.at must be a valid Date/],
    ['a negative amount', [buy('a', '2024-01-01', -5)], {}, /purchases\[0\]\.amount must be a finite number of 0 or more/],
    ['a NaN amount', [buy('a', '2024-01-01'), buy('a', '2024-01-02', Number.NaN)], {}, /purchases\[1\]\.amount/],
    ['an invalid calibration end', [], { calibrationEnd: new Date('nope') }, /calibrationEnd must be a valid Date/],
    ['a zero unit', [], { unitDays: 0 }, /unitDays must be a positive number/],
    ['an observation end before calibration end', [], { observationEnd: new Date('2024-01-01') }, /observationEnd must be a valid Date on or after calibrationEnd/],
  ])('refuses %s', (_name, purchases, options, message) => {
    expect(() => rfmSummary(purchases, { calibrationEnd, ...options })).toThrow(message);
  });
});
