import type { BadgeRule } from '@kizuna/contracts';
import { dayIn, evaluateRule, type MemberFacts, needsCustomer, ruleProblems } from './badge-rules';

// 2026-11-25 12:00 in Tokyo is 03:00 UTC.
const now = new Date('2026-11-25T03:00:00Z');
const daysAgo = (d: number, hourUtc = 3) => new Date(Date.UTC(2026, 10, 25 - d, hourUtc));
const facts = (over: Partial<MemberFacts> = {}): MemberFacts => ({
  now,
  timeZone: 'Asia/Tokyo',
  joinedAt: daysAgo(40),
  activity: [],
  maxReactionsOnOnePost: 0,
  ...over,
});
const posts = (...ages: number[]) => ages.map((d) => ({ type: 'post.created', at: daysAgo(d) }));

describe('evaluateRule', () => {
  const cases: Array<[string, BadgeRule, Partial<MemberFacts>, boolean, number]> = [
    ['count: enough', { type: 'count', activity: 'post.created', atLeast: 3 }, { activity: posts(1, 2, 3) }, true, 1],
    ['count: not enough', { type: 'count', activity: 'post.created', atLeast: 4 }, { activity: posts(1, 2, 3) }, false, 0.75],
    ['count: other types do not count', { type: 'count', activity: 'thread.created', atLeast: 1 }, { activity: posts(1) }, false, 0],
    ['count: window excludes old ones', { type: 'count', activity: 'post.created', atLeast: 3, withinDays: 30 }, { activity: posts(1, 2, 31) }, false, 2 / 3],
    ['count: window includes recent ones', { type: 'count', activity: 'post.created', atLeast: 2, withinDays: 30 }, { activity: posts(1, 29, 31) }, true, 1],
    ['first: has one', { type: 'first', activity: 'reaction.added' }, { activity: [{ type: 'reaction.added', at: daysAgo(5) }] }, true, 1],
    ['first: has none', { type: 'first', activity: 'reaction.added' }, { activity: posts(1) }, false, 0],
    ['reactions on one post: great post', { type: 'reactionsOnOnePost', atLeast: 10 }, { maxReactionsOnOnePost: 12 }, true, 1],
    ['reactions on one post: not yet', { type: 'reactionsOnOnePost', atLeast: 10 }, { maxReactionsOnOnePost: 5 }, false, 0.5],
    // Four activities on three UTC days fall on two Tokyo days (16:00 UTC is 01:00 the next day in Tokyo).
    ['active days: counted in Tokyo days, not UTC days', { type: 'activeDays', atLeast: 3 }, { activity: [...posts(1, 2), { type: 'post.created', at: daysAgo(2, 14) }, { type: 'x.y', at: daysAgo(3, 16) }] }, false, 2 / 3],
    ['active days: same day twice is one', { type: 'activeDays', atLeast: 2 }, { activity: [{ type: 'a.b', at: daysAgo(1, 0) }, { type: 'a.b', at: daysAgo(1, 10) }] }, false, 0.5],
    ['active days: within a window', { type: 'activeDays', atLeast: 2, withinDays: 7 }, { activity: posts(1, 10) }, false, 0.5],
    ['streak: today and the two days before', { type: 'streak', days: 3 }, { activity: posts(0, 1, 2) }, true, 1],
    ['streak: ending yesterday still counts', { type: 'streak', days: 3 }, { activity: posts(1, 2, 3) }, true, 1],
    ['streak: a gap breaks it', { type: 'streak', days: 3 }, { activity: posts(0, 1, 3) }, false, 2 / 3],
    ['streak: broken two days ago', { type: 'streak', days: 2 }, { activity: posts(2, 3) }, false, 0],
    ['member for: long enough', { type: 'memberFor', days: 30 }, {}, true, 1],
    ['member for: too new', { type: 'memberFor', days: 80 }, {}, false, 0.5],
    ['lifetime spend: enough in JPY', { type: 'lifetimeSpend', atLeast: 50_000, currency: 'JPY' }, { customer: { spend: { JPY: 60_000 }, skus: new Set(), firstPurchaseAt: null } }, true, 1],
    ['lifetime spend: other currency does not count', { type: 'lifetimeSpend', atLeast: 100, currency: 'USD' }, { customer: { spend: { JPY: 60_000 }, skus: new Set(), firstPurchaseAt: null } }, false, 0],
    ['lifetime spend: no linked customer', { type: 'lifetimeSpend', atLeast: 1, currency: 'JPY' }, {}, false, 0],
    ['bought SKU: yes', { type: 'boughtSku', sku: 'TOUR-2026-TEE' }, { customer: { spend: {}, skus: new Set(['TOUR-2026-TEE']), firstPurchaseAt: null } }, true, 1],
    ['bought SKU: no', { type: 'boughtSku', sku: 'TOUR-2026-TEE' }, { customer: { spend: {}, skus: new Set(['OTHER']), firstPurchaseAt: null } }, false, 0],
    ['customer since: before the date', { type: 'customerSince', before: '2025-01-01' }, { customer: { spend: {}, skus: new Set(), firstPurchaseAt: new Date('2024-06-01T00:00:00Z') } }, true, 1],
    ['customer since: after the date', { type: 'customerSince', before: '2025-01-01' }, { customer: { spend: {}, skus: new Set(), firstPurchaseAt: new Date('2025-06-01T00:00:00Z') } }, false, 0],
    ['all: every part met', { type: 'all', rules: [{ type: 'memberFor', days: 30 }, { type: 'count', activity: 'post.created', atLeast: 2 }] }, { activity: posts(1, 2) }, true, 1],
    ['all: one part missing, progress of the weakest', { type: 'all', rules: [{ type: 'memberFor', days: 30 }, { type: 'count', activity: 'post.created', atLeast: 4 }] }, { activity: posts(1) }, false, 0.25],
    ['any: one part met', { type: 'any', rules: [{ type: 'memberFor', days: 400 }, { type: 'count', activity: 'post.created', atLeast: 1 }] }, { activity: posts(1) }, true, 1],
    ['any: none met, progress of the closest', { type: 'any', rules: [{ type: 'memberFor', days: 80 }, { type: 'count', activity: 'post.created', atLeast: 10 }] }, { activity: posts(1) }, false, 0.5],
  ];

  it.each(cases)('%s', (_name, rule, over, met, progress) => {
    const result = evaluateRule(rule, facts(over));
    expect(result.met).toBe(met);
    expect(result.progress).toBeCloseTo(progress, 5);
  });

  it('ignores activity in the future (clock skew)', () => {
    expect(evaluateRule({ type: 'count', activity: 'post.created', atLeast: 1, withinDays: 7 }, facts({ activity: [{ type: 'post.created', at: new Date(now.getTime() + 3_600_000) }] })).met).toBe(false);
  });
});

describe('dayIn', () => {
  it.each([
    ['2026-11-24T15:00:00Z', 'Asia/Tokyo', '2026-11-25'],
    ['2026-11-24T14:59:59Z', 'Asia/Tokyo', '2026-11-24'],
    ['2026-11-25T03:00:00Z', 'America/Los_Angeles', '2026-11-24'],
  ])('%s in %s is %s', (at, zone, day) => {
    expect(dayIn(zone, new Date(at))).toBe(day);
  });
});

describe('needsCustomer', () => {
  it.each<[BadgeRule, boolean]>([
    [{ type: 'count', activity: 'post.created', atLeast: 1 }, false],
    [{ type: 'boughtSku', sku: 'X' }, true],
    [{ type: 'any', rules: [{ type: 'memberFor', days: 1 }, { type: 'all', rules: [{ type: 'lifetimeSpend', atLeast: 1, currency: 'JPY' }] }] }, true],
  ])('%j → %s', (rule, expected) => {
    expect(needsCustomer(rule)).toBe(expected);
  });
});

describe('ruleProblems', () => {
  it.each<[unknown, string[]]>([
    [{ type: 'count', activity: 'post.created', atLeast: 10, withinDays: 30 }, []],
    [{ type: 'all', rules: [{ type: 'streak', days: 7 }, { type: 'any', rules: [{ type: 'boughtSku', sku: 'A-1' }] }] }, []],
    [null, ['rule must be an object']],
    [[], ['rule must be an object']],
    [{ type: 'magic' }, ['rule.type must be one of: count, first, reactionsOnOnePost, activeDays, streak, memberFor, lifetimeSpend, boughtSku, customerSince, all, any']],
    [{ type: 'count', activity: 'post.created', atLeast: 0 }, ['rule.atLeast must be a positive whole number']],
    [{ type: 'count', activity: 'DROP TABLE', atLeast: 1 }, ['rule.activity must be an activity type such as post.created']],
    [{ type: 'count', activity: 'post.created', atLeast: 1.5 }, ['rule.atLeast must be a positive whole number']],
    [{ type: 'count', activity: 'post.created', atLeast: 1, withinDays: -1 }, ['rule.withinDays must be a whole number of days from 1 to 3650']],
    [{ type: 'streak', days: 7, atLeast: 3 }, ['rule.atLeast is not a field of a streak rule']],
    [{ type: 'lifetimeSpend', atLeast: 100, currency: 'yen' }, ['rule.currency must be an ISO 4217 code such as JPY']],
    [{ type: 'customerSince', before: '2025/01/01' }, ['rule.before must be a date YYYY-MM-DD']],
    [{ type: 'any', rules: [] }, ['rule.rules must list 1 to 10 rules']],
    [{ type: 'all', rules: [{ type: 'memberFor', days: 1 }, { type: 'first' }] }, ['rule.rules[1].activity must be an activity type such as post.created']],
  ])('%j → %j', (value, problems) => {
    expect(ruleProblems(value)).toEqual(problems);
  });

  it('refuses nesting deeper than five levels', () => {
    let rule: unknown = { type: 'memberFor', days: 1 };
    for (let i = 0; i < 7; i += 1) rule = { type: 'all', rules: [rule] };
    expect(ruleProblems(rule).join()).toMatch(/nested too deeply/);
  });
});
