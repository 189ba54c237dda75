import { expectedAverageValue, fitGammaGamma, gammaGammaCustomerLogLikelihood, gammaGammaLogLikelihood, type GammaGammaParams } from './gamma-gamma';

const SIMPLE: GammaGammaParams = { p: 2, q: 3, gamma: 4 };
const CDNOW: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

describe('gammaGammaCustomerLogLikelihood', () => {
  it.each([
    // Γ(5) / (Γ(2) Γ(3)) · 4³ · 2¹ · 1² / 6⁵
    [1, 2, (12 * 64 * 2) / 6 ** 5],
    // Γ(7) / (Γ(4) Γ(3)) · 4³ · 1³ · 2⁴ / 6⁷
    [2, 1, (60 * 64 * 16) / 6 ** 7],
  ])('x = %i, mean spend %f: density %f by hand', (x, monetary, density) => {
    expect(gammaGammaCustomerLogLikelihood(SIMPLE, x, monetary)).toBeCloseTo(Math.log(density), 12);
  });

  it('is a density in the mean spend: it integrates to 1', () => {
    // ∫ f(z̄) dz̄ over (0, ∞) with z̄ = eᵘ, by the trapezoid rule on u ∈ [−20, 20] (the integrand is ~0 at both ends).
    let integral = 0;
    const du = 0.01;
    for (let i = 0; i <= 4000; i += 1) integral += Math.exp(gammaGammaCustomerLogLikelihood(SIMPLE, 3, Math.exp(-20 + i * du)) - 20 + i * du) * du;
    expect(integral).toBeCloseTo(1, 9);
  });

  it('sums over repeat buyers only', () => {
    const customers = [
      { x: 0, monetary: 0 },
      { x: 1, monetary: 2 },
      { x: 2, monetary: 1 },
    ];
    expect(gammaGammaLogLikelihood(SIMPLE, customers)).toBeCloseTo(gammaGammaCustomerLogLikelihood(SIMPLE, 1, 2) + gammaGammaCustomerLogLikelihood(SIMPLE, 2, 1), 12);
  });
});

describe('expectedAverageValue', () => {
  it.each([
    [0, 0, (2 * 4) / 2],
    [1, 10, (2 * (4 + 10)) / 4],
    [3, 7, (2 * (4 + 21)) / 8],
  ])('x = %i, mean spend %f → %f', (x, monetary, expected) => {
    expect(expectedAverageValue(SIMPLE, x, monetary)).toBeCloseTo(expected, 12);
  });

  it('moves from the population mean towards the customer’s own mean as purchases add up', () => {
    const population = expectedAverageValue(CDNOW, 0, 0);
    const own = 100;
    const estimates = [1, 5, 50, 5000].map((x) => expectedAverageValue(CDNOW, x, own));
    estimates.forEach((e) => expect(e).toBeGreaterThan(population));
    estimates.slice(1).forEach((e, i) => expect(e).toBeGreaterThan(estimates[i]));
    expect(estimates[3]).toBeCloseTo(own, 0);
  });

  it.each<[string, () => unknown, RegExp]>([
    ['an infinite population mean (q ≤ 1)', () => expectedAverageValue({ ...CDNOW, q: 0.9 }, 0, 0), /expected spend is infinite/],
    ['a zero parameter', () => expectedAverageValue({ ...CDNOW, gamma: 0 }, 1, 10), /parameter gamma must be a positive number/],
    ['a negative mean spend', () => expectedAverageValue(CDNOW, 1, -10), /monetary must be a finite amount/],
  ])('refuses %s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});

describe('refusals', () => {
  it.each<[string, () => unknown, RegExp]>([
    ['nobody', () => fitGammaGamma([]), /at least one customer with a repeat purchase/],
    ['only one-time buyers', () => fitGammaGamma([{ x: 0, monetary: 0 }]), /at least one customer with a repeat purchase/],
    ['a repeat buyer with no spend, by index', () => fitGammaGamma([{ x: 2, monetary: 5 }, { x: 1, monetary: 0 }]), /customers\[1\]: monetary must be above 0 for a repeat buyer/],
    ['a fractional x', () => gammaGammaLogLikelihood(CDNOW, [{ x: 1.5, monetary: 5 }]), /customers\[0\]: x/],
    ['the density of a one-time buyer', () => gammaGammaCustomerLogLikelihood(CDNOW, 0, 0), /needs x > 0 repeat purchases/],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
