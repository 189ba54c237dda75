import { type CustomerSnapshot, matchesSegment, type SegmentCondition, segmentProblems } from './segments';

const customer = (over: Partial<CustomerSnapshot> = {}): CustomerSnapshot => ({
  contact: { region: '東京都', gender: null, email: 'sakura@example.com', customerNumber: 'M-1', attributes: { 会員ランク: 'ゴールド' } },
  consent: { email: true, line: false },
  orders: { count: 4, spend: 24_000, daysSinceLast: 40, skus: new Set(['TEE-01']) },
  rfmSegment: 'loyal',
  pAlive: 0.25,
  member: { linked: true, rank: 'gold', badges: new Set(['badge-1']), points: 320 },
  ...over,
});

describe('matchesSegment', () => {
  it.each<[string, SegmentCondition, boolean]>([
    ['region equals', { field: 'region', op: 'eq', value: '東京都' }, true],
    ['region contains', { field: 'region', op: 'contains', value: '大阪' }, false],
    ['gender not set', { field: 'gender', op: 'notSet' }, true],
    ['attribute', { field: 'attribute:会員ランク', op: 'eq', value: 'ゴールド' }, true],
    ['email consent', { field: 'consent.email', op: 'is', value: true }, true],
    ['LINE consent', { field: 'consent.line', op: 'is', value: true }, false],
    ['SMS never answered counts as no', { field: 'consent.sms', op: 'is', value: false }, true],
    ['orders at least 4', { field: 'orders.count', op: 'gte', value: 4 }, true],
    ['spend at most 20,000', { field: 'orders.spend', op: 'lte', value: 20_000 }, false],
    ['last purchase within 30 days', { field: 'orders.daysSinceLast', op: 'lte', value: 30 }, false],
    ['bought a SKU', { field: 'orders.sku', op: 'bought', value: 'TEE-01' }, true],
    ['RFM segment', { field: 'rfm.segment', op: 'in', value: ['champions', 'loyal'] }, true],
    ['P(alive) below 0.3', { field: 'pAlive', op: 'lt', value: 0.3 }, true],
    ['linked', { field: 'member.linked', op: 'is', value: true }, true],
    ['rank', { field: 'member.rank', op: 'in', value: ['gold', 'platinum'] }, true],
    ['badge', { field: 'member.badge', op: 'has', value: 'badge-2' }, false],
    ['points', { field: 'member.points', op: 'gte', value: 300 }, true],
  ])('%s', (_name, condition, expected) => {
    expect(matchesSegment({ match: 'all', conditions: [condition] }, customer())).toBe(expected);
  });

  it('combines with all and any', () => {
    const conditions: SegmentCondition[] = [
      { field: 'member.rank', op: 'in', value: ['gold'] },
      { field: 'pAlive', op: 'lt', value: 0.3 },
      { field: 'consent.line', op: 'is', value: true },
    ];
    expect(matchesSegment({ match: 'all', conditions }, customer())).toBe(false);
    expect(matchesSegment({ match: 'any', conditions }, customer())).toBe(true);
  });

  it('never matches numbers a customer does not have', () => {
    const noOrders = customer({ orders: { count: 0, spend: 0, daysSinceLast: null, skus: new Set() }, pAlive: null, member: { linked: false, rank: null, badges: new Set(), points: 0 } });
    expect(matchesSegment({ match: 'any', conditions: [{ field: 'orders.daysSinceLast', op: 'lte', value: 9999 }, { field: 'pAlive', op: 'lt', value: 1 }, { field: 'member.points', op: 'lte', value: 10 }] }, noOrders)).toBe(false);
  });
});

describe('segmentProblems', () => {
  it.each<[string, unknown, string[]]>([
    ['a valid rule', { match: 'all', conditions: [{ field: 'pAlive', op: 'lt', value: 0.3 }] }, []],
    ['no conditions', { match: 'all', conditions: [] }, ['rule.conditions must list 1 to 20 conditions']],
    ['a bad match', { match: 'some', conditions: [{ field: 'gender', op: 'isSet' }] }, ['rule.match must be all or any']],
    ['an unknown field', { match: 'all', conditions: [{ field: 'shoeSize', op: 'eq', value: '25' }] }, [expect.stringMatching(/^rule\.conditions\[0\]\.field must be one of/)]],
    ['an op of another field', { match: 'all', conditions: [{ field: 'region', op: 'gte', value: 1 }] }, ['rule.conditions[0].op must be one of: eq, contains, isSet, notSet for region']],
    ['a probability above 1', { match: 'all', conditions: [{ field: 'pAlive', op: 'lt', value: 3 }] }, ['rule.conditions[0].value must be a number from 0 to 1']],
    ['an unknown RFM segment', { match: 'all', conditions: [{ field: 'rfm.segment', op: 'in', value: ['whales'] }] }, [expect.stringMatching(/^rule\.conditions\[0\]\.value must be a list of: champions/)]],
    ['a value for isSet', { match: 'all', conditions: [{ field: 'gender', op: 'isSet', value: 'x' }] }, ['rule.conditions[0].value must be left out for this op']],
    ['an extra key', { match: 'all', conditions: [{ field: 'gender', op: 'isSet', weight: 2 }], limit: 3 }, ['rule.limit is not a field of a segment rule', 'rule.conditions[0].weight is not a field of a condition']],
    ['not an object', 'all', ['rule must be an object']],
  ])('%s', (_name, rule, problems) => {
    expect(segmentProblems(rule)).toEqual(problems);
  });
});
