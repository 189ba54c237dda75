import { DEFAULT_RANKS, standing } from './ranks';

describe('standing', () => {
  it.each([
    [0, 'bronze', 'silver', 0],
    [25, 'bronze', 'silver', 0.5],
    [50, 'silver', 'gold', 0],
    [199, 'silver', 'gold', 149 / 150],
    [200, 'gold', 'platinum', 0],
    [10_000, 'platinum', null, 1],
    [-3, 'bronze', 'silver', 0],
  ])('%i points → %s (next %s, progress %f)', (points, rank, next, progress) => {
    const s = standing(points);
    expect(s.rank.key).toBe(rank);
    expect(s.next?.key ?? null).toBe(next);
    expect(s.progress).toBeCloseTo(progress, 5);
  });

  it('accepts a ladder in any order', () => {
    expect(standing(60, [...DEFAULT_RANKS].reverse()).rank.key).toBe('silver');
  });
});
