import {
  bgNbdCustomerLogLikelihood,
  bgNbdLogLikelihood,
  type BgNbdParams,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  probabilityAlive,
  probabilityNoPurchases,
  probabilityOfPurchases,
} from './bg-nbd';
import { hypergeometric2F1 } from './math';

const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
/** Parameters whose gamma and beta functions are plain fractions, to check formulas by hand. */
const SIMPLE: BgNbdParams = { r: 2, alpha: 3, a: 2, b: 3 };

describe('bgNbdCustomerLogLikelihood', () => {
  it('matches eq. 6 worked by hand (r = 2, α = 3, a = 2, b = 3; x = 2, tx = 4, T = 6)', () => {
    // B(2, 5) / B(2, 3) = 0.4, B(3, 4) / B(2, 3) = 0.2, Γ(4) α² / Γ(2) = 54.
    const likelihood = (0.4 * 54) / 9 ** 4 + (0.2 * 54) / 7 ** 4;
    expect(bgNbdCustomerLogLikelihood(SIMPLE, 2, 4, 6)).toBeCloseTo(Math.log(likelihood), 12);
  });

  it.each([
    [0, 1],
    [10, 0.5],
    [39, CDNOW.r],
  ])('for x = 0 is r ln(α / (α + T)) (T = %f, r = %f)', (T, r) => {
    expect(bgNbdCustomerLogLikelihood({ ...CDNOW, r }, 0, 0, T)).toBeCloseTo(r * Math.log(CDNOW.alpha / (CDNOW.alpha + T)), 12);
  });

  it('stays finite for a very heavy buyer', () => {
    expect(Number.isFinite(bgNbdCustomerLogLikelihood(CDNOW, 2000, 1000, 1040))).toBe(true);
  });

  it('sums over customers, duplicates included', () => {
    const customers = [
      { x: 0, tx: 0, T: 30 },
      { x: 0, tx: 0, T: 30 },
      { x: 3, tx: 12.5, T: 30 },
      { x: 1, tx: 2, T: 20 },
    ];
    const bySum = customers.reduce((s, c) => s + bgNbdCustomerLogLikelihood(CDNOW, c.x, c.tx, c.T), 0);
    expect(bgNbdLogLikelihood(CDNOW, customers)).toBeCloseTo(bySum, 10);
  });
});

describe('probabilityAlive', () => {
  it.each([
    [0, 0, 10, 1],
    [2, 4, 6, 1 / (1 + (2 / 4) * (9 / 7) ** 4)],
    [2, 6, 6, 1 / (1 + 2 / 4)],
  ])('x = %i, tx = %f, T = %f → %f', (x, tx, T, expected) => {
    expect(probabilityAlive(SIMPLE, x, tx, T)).toBeCloseTo(expected, 12);
  });

  it('falls the longer a customer has been silent', () => {
    const silent = [31, 40, 60, 100].map((T) => probabilityAlive(CDNOW, 26, 30.857, T));
    silent.slice(1).forEach((p, i) => expect(p).toBeLessThan(silent[i]));
    expect(silent[3]).toBeLessThan(1e-6);
  });
});

describe('expectedPurchases', () => {
  it('is 0 over no time', () => {
    expect(expectedPurchases(CDNOW, 0, 26, 30.857, 31)).toBe(0);
  });

  it('equals eq. 10 written with the original ₂F₁ (before the Euler transformation)', () => {
    const { r, alpha, a, b } = CDNOW;
    const [t, x, tx, T] = [52, 26, 30.857, 31];
    const z = t / (alpha + T + t);
    const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hypergeometric2F1(r + x, b + x, a + b + x - 1, z);
    const direct = (((a + b + x - 1) / (a - 1)) * bracket) / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
    expect(expectedPurchases(CDNOW, t, x, tx, T)).toBeCloseTo(direct, 9);
  });

  it('grows with the horizon', () => {
    const values = [1, 10, 52, 520, 5200].map((t) => expectedPurchases(CDNOW, t, 3, 20, 30));
    values.slice(1).forEach((v, i) => expect(v).toBeGreaterThan(values[i]));
  });

  it('stays finite for a heavy buyer over a long horizon (no overflow in ₂F₁)', () => {
    const value = expectedPurchases(CDNOW, 2000, 500, 199, 200);
    expect(Number.isFinite(value)).toBe(true);
    expect(value).toBeGreaterThan(500);
  });

  it('is continuous through a = 1, where eq. 10 reads 0/0', () => {
    const at = (a: number) => expectedPurchases({ ...CDNOW, a }, 52, 5, 20, 31);
    expect(Number.isFinite(at(1))).toBe(true);
    expect(at(1)).toBeCloseTo((at(1 - 1e-3) + at(1 + 1e-3)) / 2, 5);
    // No step where the interpolation (|a − 1| < 1e-6) hands over to the formula, and the same slope.
    expect(at(1 + 0.999e-6)).toBeCloseTo(at(1 + 1.001e-6), 7);
    const slopeNearOne = (at(1 + 5e-7) - at(1 - 5e-7)) / 1e-6;
    const slopeAround = (at(1 + 1e-3) - at(1 - 1e-3)) / 2e-3;
    expect(Math.abs(slopeNearOne / slopeAround - 1)).toBeLessThan(1e-3);
  });

  it('for a new customer is eq. 10 with x = tx = T = 0, and the mean of eq. 8', () => {
    const t = 39;
    let mean = 0;
    let total = 0;
    for (let n = 0; n <= 400; n += 1) {
      const p = probabilityOfPurchases(CDNOW, t, n);
      mean += n * p;
      total += p;
    }
    expect(total).toBeCloseTo(1, 10);
    expect(expectedPurchasesNewCustomer(CDNOW, t)).toBeCloseTo(mean, 8);
    expect(expectedPurchasesNewCustomer(CDNOW, t)).toBe(expectedPurchases(CDNOW, t, 0, 0, 0));
  });
});

describe('probabilityNoPurchases', () => {
  it.each([
    [0, 1],
    [39, (4.414 / 43.414) ** 0.243],
    [78, (4.414 / 82.414) ** 0.243],
  ])('P(X(%f) = 0) = (α / (α + t))^r = %f', (t, expected) => {
    expect(probabilityNoPurchases(CDNOW, t)).toBeCloseTo(expected, 12);
  });
});

describe('refusals', () => {
  it.each<[string, () => unknown, RegExp]>([
    ['a zero parameter', () => probabilityAlive({ ...CDNOW, alpha: 0 }, 1, 1, 2), /parameter alpha must be a positive number/],
    ['a NaN parameter', () => bgNbdLogLikelihood({ ...CDNOW, b: Number.NaN }, []), /parameter b must be a positive number/],
    ['a fractional x', () => probabilityAlive(CDNOW, 1.5, 1, 2), /x \(repeat purchases\) must be a whole number/],
    ['tx after T', () => expectedPurchases(CDNOW, 10, 2, 5, 4), /tx \(recency\) must be between 0 and T/],
    ['tx > 0 with x = 0', () => probabilityAlive(CDNOW, 0, 1, 2), /tx must be 0 when x = 0/],
    ['a negative T', () => probabilityAlive(CDNOW, 0, 0, -1), /T \(age\) must be a finite number/],
    ['a negative horizon', () => expectedPurchases(CDNOW, -1, 0, 0, 5), /t \(time ahead\)/],
    ['a customer likelihood with tx after T', () => bgNbdCustomerLogLikelihood(CDNOW, 1, 3, 2), /tx \(recency\) must be between 0 and T/],
    ['a fractional purchase count', () => probabilityOfPurchases(CDNOW, 5, 0.5), /n \(purchases\)/],
    ['fitting nobody', () => fitBgNbd([]), /at least one customer with a repeat purchase/],
    ['fitting only one-time buyers', () => fitBgNbd([{ x: 0, tx: 0, T: 5 }]), /at least one customer with a repeat purchase/],
    ['a bad row in a fit, by index', () => fitBgNbd([{ x: 1, tx: 1, T: 2 }, { x: -1, tx: 0, T: 2 }]), /customers\[1\]: x/],
    ['a bad start', () => fitBgNbd([{ x: 1, tx: 1, T: 2 }], { start: { ...CDNOW, r: -1 } }), /parameter r/],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
