import { DEFAULT_RANKS, ladderProblems, rankChange, rankTitles, type RankStep, standing } from './ranks';

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

describe('rankChange', () => {
  it.each([
    [0, 5, null],
    [48, 50, 'bronze→silver'],
    [52, 49, 'silver→bronze'],
    [10, 600, 'bronze→platinum'],
    [199, 199, null],
  ])('%i → %i points: %s', (before, after, expected) => {
    const change = rankChange(before, after);
    expect(change ? `${change.from.key}→${change.to.key}` : null).toBe(expected);
  });
});

describe('rankTitles', () => {
  it('holds the titles of every rank reached', () => {
    expect(rankTitles(10).map((r) => r.key)).toEqual([]);
    expect(rankTitles(200).map((r) => r.key)).toEqual(['gold']);
    expect(rankTitles(800).map((r) => r.key)).toEqual(['gold', 'platinum']);
  });
});

describe('ladderProblems', () => {
  const step = (key: string, min: number): RankStep => ({ key, name: { ja: key, en: key }, min });
  it.each<[string, RankStep[], string[]]>([
    ['the defaults', [...DEFAULT_RANKS], []],
    ['one rank', [step('fan', 0)], []],
    ['no ranks', [], ['ranks must list 1 to 10 ranks']],
    ['a first rank above 0', [step('a', 5)], ['ranks[0].min must be 0: every member starts on the first rank']],
    ['minimums not ascending', [step('a', 0), step('b', 10), step('c', 10)], ['ranks[2].min must be more than the rank before it (10)']],
    ['a repeated key', [step('a', 0), step('a', 10)], ['ranks[1].key is used by an earlier rank']],
    ['a bad key', [step('A B', 0)], ['ranks[0].key must be 1–31 lowercase letters, digits or hyphens']],
  ])('%s', (_name, ladder, problems) => {
    expect(ladderProblems(ladder)).toEqual(problems);
  });
});
