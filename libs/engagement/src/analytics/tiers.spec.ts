import { DEFAULT_TIERS, type EngagementTier, tierChange, tierOf, tierProblems } from './tiers';

describe('tierOf', () => {
  it.each([
    [0, 'observer'],
    [4.99, 'observer'],
    [5, 'participant'],
    [29.99, 'participant'],
    [30, 'contributor'],
    [99.99, 'contributor'],
    [100, 'champion'],
    [1_000, 'champion'],
    [-1, 'observer'], // below every minimum → the lowest tier
  ])('%f → %s', (score, key) => {
    expect(tierOf(score).key).toBe(key);
  });

  it('accepts tiers in any order', () => {
    expect(tierOf(42, [...DEFAULT_TIERS].reverse()).key).toBe('contributor');
  });

  it('names the defaults in both languages', () => {
    expect(DEFAULT_TIERS.map((t) => [t.key, t.min, t.name.ja, t.name.en])).toEqual([
      ['observer', 0, '見る専', 'Observers'],
      ['participant', 5, '参加者', 'Participants'],
      ['contributor', 30, 'コントリビューター', 'Contributors'],
      ['champion', 100, 'チャンピオン', 'Champions'],
    ]);
  });
});

describe('tierChange', () => {
  it.each([
    [4, 5, 'observer→participant up'],
    [120, 90, 'champion→contributor down'],
    [0, 150, 'observer→champion up'],
    [31, 4, 'contributor→observer down'],
    [10, 20, null],
    [100, 100, null],
  ])('%f → %f: %s', (before, after, expected) => {
    const change = tierChange(before, after);
    expect(change ? `${change.from.key}→${change.to.key} ${change.direction}` : null).toBe(expected);
  });
});

describe('tierProblems', () => {
  const tier = (key: string, min: number, name = { ja: key, en: key }): EngagementTier => ({ key, name, min });
  it.each<[string, EngagementTier[], string[]]>([
    ['the defaults', [...DEFAULT_TIERS], []],
    ['one tier', [tier('all', 0)], []],
    ['no tiers', [], ['tiers must list 1 to 10 tiers']],
    ['eleven tiers', Array.from({ length: 11 }, (_, i) => tier(`t${i}`, i)), ['tiers must list 1 to 10 tiers']],
    ['a first tier above 0', [tier('a', 5)], ['tiers[0].min must be 0: every member is in the first tier']],
    ['minimums not ascending', [tier('a', 0), tier('b', 10), tier('c', 10)], ['tiers[2].min must be more than the tier before it (10)']],
    ['a repeated key', [tier('a', 0), tier('a', 10)], ['tiers[1].key is used by an earlier tier']],
    ['a bad key', [tier('Top Fans', 0)], ['tiers[0].key must be 1–31 lowercase letters, digits or hyphens']],
    ['a blank name', [tier('a', 0, { ja: ' ', en: 'A' })], ['tiers[0].name.ja must be 1–40 characters']],
    ['a minimum that is not a number', [tier('a', 0), tier('b', Number.NaN)], ['tiers[1].min must be a number']],
  ])('%s', (_name, tiers, problems) => {
    expect(tierProblems(tiers)).toEqual(problems);
  });
});
