import { hypergeometric2F1, logAddExp, logBeta, logGamma } from './math';

describe('logGamma', () => {
  it.each([
    [1, 0],
    [2, 0],
    [0.5, 0.5 * Math.log(Math.PI)],
    [1.5, Math.log(Math.sqrt(Math.PI) / 2)],
    [10, Math.log(362_880)],
    [100, 359.13420536957540],
    [1e-5, Math.log(1e5 - 0.5772156649015329)], // Γ(ε) ≈ 1/ε − γ (Euler–Mascheroni)
  ])('ln Γ(%f) = %f', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 9);
  });

  it.each([0.243, 0.4999, 0.5, 3.7, 41.3])('satisfies ln Γ(x + 1) = ln Γ(x) + ln x at x = %f', (x) => {
    expect(logGamma(x + 1)).toBeCloseTo(logGamma(x) + Math.log(x), 12);
  });

  it('stays finite where Γ itself overflows, matching Stirling’s series', () => {
    const x = 1e6;
    const stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x);
    expect(Math.abs(logGamma(x) - stirling) / stirling).toBeLessThan(1e-14);
  });

  it.each([0, -1, -7])('is +∞ at the pole %i', (x) => {
    expect(logGamma(x)).toBe(Infinity);
  });
});

describe('logBeta and logAddExp', () => {
  it.each([
    [2, 3, Math.log(1 / 12)],
    [0.5, 0.5, Math.log(Math.PI)],
    [1, 7, Math.log(1 / 7)],
  ])('ln B(%f, %f) = %f', (a, b, expected) => {
    expect(logBeta(a, b)).toBeCloseTo(expected, 12);
  });

  it.each([
    [0, 0, Math.LN2],
    [1000, 1000, 1000 + Math.LN2],
    [-1000, 0, 0],
    [-Infinity, 3, 3],
    [-Infinity, -Infinity, -Infinity],
  ])('ln(e^%f + e^%f) = %f', (a, b, expected) => {
    expect(logAddExp(a, b)).toBeCloseTo(expected, 12);
  });
});

describe('hypergeometric2F1', () => {
  const polynomial = (z: number) => 1 - 1.2 * z + 0.6 * z ** 2 - (4 / 35) * z ** 3;
  // Values to 1e-11, except within 1e-4 of z = 1 where the 350,000 terms summed cost two digits.
  it.each<[string, number, number, number, number, number]>([
    ['z = 0', 0.3, 0.7, 1.9, 0, 1],
    ['−ln(1 − z) / z', 1, 1, 2, 0.3, -Math.log(0.7) / 0.3],
    ['−ln(1 − z) / z near 1', 1, 1, 2, 0.99, -Math.log(0.01) / 0.99],
    ['−ln(1 − z) / z very near 1', 1, 1, 2, 0.9999, -Math.log(1e-4) / 0.9999],
    ['ln(1 − z) / −z, negative z (Pfaff)', 1, 1, 2, -0.5, Math.log(1.5) / 0.5],
    ['ln(1 − z) / −z, z < −1 (Pfaff)', 1, 1, 2, -3, Math.log(4) / 3],
    ['(1 − z)^−a (Euler branch)', 0.7, 2.5, 2.5, 0.9, 0.1 ** -0.7],
    ['(1 − z)^−a, negative z', 0.7, 2.5, 2.5, -2, 3 ** -0.7],
    ['arcsin(√z) / √z', 0.5, 0.5, 1.5, 0.25, Math.asin(0.5) / 0.5],
    ['arcsin(√z) / √z near 1', 0.5, 0.5, 1.5, 0.9025, Math.asin(0.95) / 0.95],
    ['a polynomial when a = −3', -3, 2, 5, 0.7, polynomial(0.7)],
    ['a polynomial, negative z', -3, 2, 5, -0.4, polynomial(-0.4)],
  ])('%s: ₂F₁(%f, %f; %f; %f)', (_name, a, b, c, z, expected) => {
    expect(hypergeometric2F1(a, b, c, z)).toBeCloseTo(expected, z > 0.999 ? 9 : 11);
  });

  it('is symmetric in a and b', () => {
    expect(hypergeometric2F1(0.243 + 26, 2.426 + 26, 0.793 + 2.426 + 25, 0.6)).toBeCloseTo(hypergeometric2F1(2.426 + 26, 0.243 + 26, 0.793 + 2.426 + 25, 0.6), 6);
  });

  it.each<[string, number, number, number, number, RegExp]>([
    ['z = 1', 1, 1, 2, 1, /needs z < 1/],
    ['z > 1', 1, 1, 2, 1.5, /needs z < 1/],
    ['c = 0', 1, 1, 0, 0.5, /undefined for c = 0/],
    ['c = −2', 1, 1, -2, 0.5, /undefined for c = -2/],
    ['a NaN', Number.NaN, 1, 2, 0.5, /finite arguments/],
    ['z too close to 1 to converge', 1, 1, 2, 1 - 1e-7, /did not converge/],
  ])('refuses %s', (_name, a, b, c, z, message) => {
    expect(() => hypergeometric2F1(a, b, c, z)).toThrow(message);
  });
});
