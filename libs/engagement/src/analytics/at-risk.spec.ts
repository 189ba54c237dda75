import { type AtRiskOptions, atRiskChampions, type ChampionCandidate } from './at-risk';

// asOf 2026-03-31. Peaks, highest first: m2 95, m1 80, m3 80, m8 60, m4 50, m7 30, m6 10, m5 0.
// With 8 members the top quarter is ⌈0.25 × 8⌉ = 2 members, so the cut-off is the 2nd peak, 80,
// and m3 is in too, tied with m1.
const members: ChampionCandidate[] = [
  { id: 'm1', scoreHistory: [10, 80, 40], lastActiveDay: '2026-03-20' }, // idle 11
  { id: 'm2', scoreHistory: [90, 90, 95], lastActiveDay: '2026-03-31', pAlive: 0.9 }, // idle 0
  { id: 'm3', scoreHistory: [80, 20], lastActiveDay: '2026-03-01', pAlive: 0.2 }, // idle 30: lapsed
  { id: 'm4', scoreHistory: [50], lastActiveDay: '2026-03-24' }, // idle 7
  { id: 'm5', scoreHistory: [], lastActiveDay: null }, // never active
  { id: 'm6', scoreHistory: [10, 5], lastActiveDay: '2026-02-01', pAlive: 0.1 }, // idle 28 + 30 = 58
  { id: 'm7', scoreHistory: [30], lastActiveDay: '2026-03-30' }, // idle 1
  { id: 'm8', scoreHistory: [60], lastActiveDay: '2026-03-03' }, // idle 28
];

const summary = (options: AtRiskOptions) => atRiskChampions(members, options).map((m) => `${m.id} ${m.reasons.join('+')}`);

describe('atRiskChampions', () => {
  it('lists top-quarter members gone quiet or unlikely to buy again', () => {
    expect(atRiskChampions(members, { asOf: '2026-03-31' })).toEqual([
      // m1: champion (80 ≥ 80), idle 11 in 7 … 28
      { id: 'm1', peakScore: 80, currentScore: 40, idleDays: 11, pAlive: null, reasons: ['idle'] },
      // m3: champion by the tie, idle 30 > 28 so not "idle", but P(alive) 0.2 < 0.3
      { id: 'm3', peakScore: 80, currentScore: 20, idleDays: 30, pAlive: 0.2, reasons: ['lowPAlive'] },
      // m2 is a champion but active today with P(alive) 0.9; m6 has a low P(alive) but is no champion
    ]);
  });

  it.each<[string, Partial<AtRiskOptions>, string[]]>([
    // everyone with a peak above 0 is a champion; idle 7 (m4) and 28 (m8) are both in; m5 (peak 0) never is
    ['topShare 1', { topShare: 1 }, ['m1 idle', 'm3 lowPAlive', 'm8 idle', 'm4 idle', 'm6 lowPAlive']],
    // ⌈0.125 × 8⌉ = 1: only m2, who is fine
    ['topShare 0.125', { topShare: 0.125 }, []],
    // m1's 11 idle days are under 14
    ['idleMinDays 14', { idleMinDays: 14 }, ['m3 lowPAlive']],
    // m3's 30 idle days are now in range
    ['idleMaxDays 30', { idleMaxDays: 30 }, ['m1 idle', 'm3 idle+lowPAlive']],
    // 0.2 is not below 0.2
    ['pAliveBelow 0.2', { pAliveBelow: 0.2 }, ['m1 idle']],
  ])('%s', (_name, options, expected) => {
    expect(summary({ asOf: '2026-03-31', ...options })).toEqual(expected);
  });

  it('gives both reasons when both hold', () => {
    const both = atRiskChampions([{ id: 'x', scoreHistory: [120], lastActiveDay: '2026-03-21', pAlive: 0.25 }], { asOf: '2026-03-31' });
    expect(both).toEqual([{ id: 'x', peakScore: 120, currentScore: 120, idleDays: 10, pAlive: 0.25, reasons: ['idle', 'lowPAlive'] }]);
  });

  it('is empty with no members', () => {
    expect(atRiskChampions([], { asOf: '2026-03-31' })).toEqual([]);
  });

  it.each<[string, Partial<AtRiskOptions>]>([
    ['topShare 0', { topShare: 0 }],
    ['topShare above 1', { topShare: 1.5 }],
    ['idleMaxDays below idleMinDays', { idleMinDays: 10, idleMaxDays: 5 }],
    ['a malformed asOf', { asOf: '31/03/2026' }],
  ])('refuses %s', (_name, options) => {
    expect(() => atRiskChampions([], { asOf: '2026-03-31', ...options })).toThrow(RangeError);
  });
});
