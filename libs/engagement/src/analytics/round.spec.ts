import { roundTo } from './round';

describe('roundTo', () => {
  it.each([
    [1.005, 2, 1.01], // 1.005 × 100 is 100.49999999999999 in binary; nudged to 100.5 → 101
    [0.428571, 4, 0.4286],
    [2.5, 0, 3], // halves away from zero
    [-2.5, 0, -3],
    [-0.00001, 4, 0], // never −0
    [4333.333, 0, 4333],
    [7, 2, 7],
  ])('%f to %i decimals → %f', (value, digits, expected) => {
    expect(Object.is(roundTo(value, digits), expected)).toBe(true);
  });
});
