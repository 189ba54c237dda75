import { DEFAULT_ENGAGEMENT_WEIGHTS, type DailyActivityCounts, engagementScore, roundScore } from './engagement-score';

const asOf = '2026-03-31';

describe('engagementScore', () => {
  it.each<[string, DailyActivityCounts[], number]>([
    ['nothing', [], 0],
    // 3 posts × 3 × 0.9⁰ = 9
    ['three posts today', [{ day: '2026-03-31', counts: { 'post.created': 3 } }], 9],
    // 29 days ago: ⌊29 / 30⌋ = 0 months → 1 thread × 5 = 5
    ['a thread 29 days ago still counts in full', [{ day: '2026-03-02', counts: { 'thread.created': 1 } }], 5],
    // 30 days ago: ⌊30 / 30⌋ = 1 month → 2 posts × 3 × 0.9 = 5.4
    ['posts 30 days ago decay one month', [{ day: '2026-03-01', counts: { 'post.created': 2 } }], 5.4],
    // 359 days ago: ⌊359 / 30⌋ = 11 → 10 reactions × 1 × 0.9¹¹ = 10 × 0.31381 = 3.1381 → 3.14
    ['the oldest month counted', [{ day: '2025-04-06', counts: { 'reaction.added': 10 } }], 3.14],
    // 360 days ago: ⌊360 / 30⌋ = 12 ≥ 12 → ignored
    ['twelve months ago is out', [{ day: '2025-04-05', counts: { 'reaction.added': 10 } }], 0],
    ['a day after asOf is ignored', [{ day: '2026-04-01', counts: { 'thread.created': 1 } }], 0],
    // post.edited is not weighted, order.placed weighs 0 → 0
    ['unknown types and purchases score 0', [{ day: '2026-03-31', counts: { 'post.edited': 4, 'order.placed': 5 } }], 0],
    [
      'a mix',
      [
        // today: 1 thread × 5 + 2 posts × 3 + 4 reactions × 1 = 15
        { day: '2026-03-31', counts: { 'thread.created': 1, 'post.created': 2, 'reaction.added': 4 } },
        // 45 days ago, ⌊45 / 30⌋ = 1: (1 post × 3 + 1 badge × 2) × 0.9 = 4.5
        { day: '2026-02-14', counts: { 'post.created': 1, 'badge.awarded': 1 } },
        // 100 days ago, ⌊100 / 30⌋ = 3: 1 join × 1 × 0.9³ = 0.729
        { day: '2025-12-21', counts: { 'member.joined': 1 } },
      ],
      20.23, // 15 + 4.5 + 0.729 = 20.229 → 20.23
    ],
    [
      'entries for the same day add up',
      // (1 + 1) posts × 3 = 6
      [
        { day: '2026-03-20', counts: { 'post.created': 1 } },
        { day: '2026-03-20', counts: { 'post.created': 1 } },
      ],
      6,
    ],
    // 150 days ago, ⌊150 / 30⌋ = 5: 1 perk × 1 × 0.9⁵ = 0.59049 → 0.59
    ['rounded to 2 decimals', [{ day: '2025-11-01', counts: { 'perk.redeemed': 1 } }], 0.59],
  ])('%s', (_name, days, expected) => {
    expect(engagementScore(days, DEFAULT_ENGAGEMENT_WEIGHTS, asOf)).toBe(expected);
  });

  it.each<[string, DailyActivityCounts[], Record<string, number>, { decay?: number; months?: number }, number]>([
    [
      'decay 0.5',
      [
        { day: '2026-03-01', counts: { 'post.created': 1 } }, // 30 days: 3 × 0.5 = 1.5
        { day: '2026-01-25', counts: { 'thread.created': 1 } }, // 65 days, ⌊65 / 30⌋ = 2: 5 × 0.25 = 1.25
      ],
      DEFAULT_ENGAGEMENT_WEIGHTS,
      { decay: 0.5 },
      2.75, // 1.5 + 1.25
    ],
    // decay 1 switches decay off: 300 days ago, 7 reactions × 1 = 7
    ['no decay', [{ day: '2025-06-04', counts: { 'reaction.added': 7 } }], DEFAULT_ENGAGEMENT_WEIGHTS, { decay: 1 }, 7],
    [
      'a 3-month window',
      [
        { day: '2026-01-01', counts: { 'post.created': 1 } }, // 89 days, ⌊89 / 30⌋ = 2: 3 × 0.81 = 2.43
        { day: '2025-12-31', counts: { 'post.created': 1 } }, // 90 days, ⌊90 / 30⌋ = 3 ≥ 3: out
      ],
      DEFAULT_ENGAGEMENT_WEIGHTS,
      { months: 3 },
      2.43,
    ],
    // 3 posts × 2.5 = 7.5; thread.created is not in these weights → 0
    ['custom weights', [{ day: '2026-03-31', counts: { 'post.created': 3, 'thread.created': 1 } }], { 'post.created': 2.5 }, {}, 7.5],
  ])('%s', (_name, days, weights, options, expected) => {
    expect(engagementScore(days, weights, asOf, options)).toBe(expected);
  });

  it('does not take weights from the object prototype', () => {
    expect(engagementScore([{ day: asOf, counts: { toString: 2 } }], DEFAULT_ENGAGEMENT_WEIGHTS, asOf)).toBe(0);
  });

  it('weighs purchases 0 by default', () => {
    expect(DEFAULT_ENGAGEMENT_WEIGHTS['order.placed']).toBe(0);
  });

  it.each([
    ['decay 0', [], { decay: 0 }],
    ['decay above 1', [], { decay: 1.5 }],
    ['months 0', [], { months: 0 }],
    ['a negative count', [{ day: asOf, counts: { 'post.created': -1 } }], {}],
    ['a malformed day', [{ day: '2026-3-1', counts: {} }], {}],
  ])('refuses %s', (_name, days, options) => {
    expect(() => engagementScore(days, DEFAULT_ENGAGEMENT_WEIGHTS, asOf, options)).toThrow(RangeError);
  });
});

describe('roundScore', () => {
  it('rounds a sum taken outside engagementScore exactly as engagementScore rounds its own', () => {
    for (const raw of [0, 1.005, 2.675, 0.1 + 0.2, 3 * 0.9 ** 5, 1234.5649999, 7.125]) {
      expect(roundScore(raw)).toBe(engagementScore([{ day: '2026-01-01', counts: { any: raw } }], { any: 1 }, '2026-01-01'));
    }
    expect(roundScore(1.005)).toBe(1.01);
    expect(roundScore(2.344)).toBe(2.34);
  });
});
