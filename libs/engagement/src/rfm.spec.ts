import { quintiles, RFM_SEGMENTS, rfmScores, rfmSegment } from './rfm';

describe('quintiles', () => {
  it('scores ten values two per fifth, best fifth 5', () => {
    expect(quintiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], true)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(quintiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], false)).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });
  it('keeps ties together at the score of their first rank', () => {
    expect(quintiles([1, 1, 1, 1, 1, 1, 1, 1, 9, 10], true)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 5, 5]);
  });
  it('handles one value and none', () => {
    expect(quintiles([42], true)).toEqual([1]);
    expect(quintiles([], true)).toEqual([]);
  });
});

describe('rfmSegment', () => {
  it.each([
    [5, 5, 5, 'champions'],
    [4, 4, 4, 'champions'],
    [3, 5, 4, 'loyal'],
    [5, 2, 3, 'potentialLoyalist'],
    [5, 1, 1, 'newCustomers'],
    [4, 1, 1, 'promising'],
    [3, 3, 2, 'needAttention'],
    [3, 1, 1, 'aboutToSleep'],
    [1, 5, 5, 'cannotLose'],
    [2, 4, 3, 'atRisk'],
    [2, 2, 1, 'hibernating'],
    [1, 1, 2, 'lost'],
  ])('R%i F%i M%i → %s', (r, f, m, segment) => {
    expect(rfmSegment(r, f, m)).toBe(segment);
  });

  it('names every combination with a known segment', () => {
    for (let r = 1; r <= 5; r += 1) for (let f = 1; f <= 5; f += 1) for (let m = 1; m <= 5; m += 1) expect(RFM_SEGMENTS).toContain(rfmSegment(r, f, m));
  });
});

describe('rfmScores', () => {
  it('scores customers against each other', () => {
    const scores = rfmScores([
      { id: 'best', recencyDays: 1, frequency: 20, monetary: 100_000 },
      { id: 'b', recencyDays: 30, frequency: 5, monetary: 20_000 },
      { id: 'c', recencyDays: 90, frequency: 3, monetary: 9_000 },
      { id: 'd', recencyDays: 200, frequency: 2, monetary: 5_000 },
      { id: 'gone', recencyDays: 400, frequency: 1, monetary: 1_000 },
    ]);
    expect(scores[0]).toEqual({ id: 'best', r: 5, f: 5, m: 5, segment: 'champions' });
    expect(scores[4]).toEqual({ id: 'gone', r: 1, f: 1, m: 1, segment: 'lost' });
  });
});
