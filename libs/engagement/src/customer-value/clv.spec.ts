import { type BgNbdParams, expectedPurchases } from './bg-nbd';
import { clv } from './clv';
import { expectedAverageValue, type GammaGammaParams } from './gamma-gamma';

const BG_NBD: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const GAMMA_GAMMA: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
const heavy = { x: 26, tx: 30.857, T: 31, monetary: 40 };

describe('clv', () => {
  it('without discounting is expected purchases over the horizon × expected spend per purchase', () => {
    const expected = expectedPurchases(BG_NBD, 52, 26, 30.857, 31) * expectedAverageValue(GAMMA_GAMMA, 26, 40);
    expect(clv(BG_NBD, GAMMA_GAMMA, heavy, { horizonUnits: 52, discountRatePerUnit: 0 })).toBeCloseTo(expected, 9);
  });

  it('discounts each unit’s expected purchases from the end of the unit', () => {
    const e = (t: number) => expectedPurchases(BG_NBD, t, 26, 30.857, 31);
    const value = expectedAverageValue(GAMMA_GAMMA, 26, 40);
    const d = 0.01;
    const expected = value * (e(1) / (1 + d) + (e(2) - e(1)) / (1 + d) ** 2 + (e(2.5) - e(2)) / (1 + d) ** 2.5);
    expect(clv(BG_NBD, GAMMA_GAMMA, heavy, { horizonUnits: 2.5, discountRatePerUnit: d })).toBeCloseTo(expected, 9);
  });

  it('is worth less with a higher discount rate, more with a longer horizon', () => {
    const at = (horizonUnits: number, discountRatePerUnit: number) => clv(BG_NBD, GAMMA_GAMMA, heavy, { horizonUnits, discountRatePerUnit });
    expect(at(52, 0.002)).toBeLessThan(at(52, 0));
    expect(at(104, 0.002)).toBeGreaterThan(at(52, 0.002));
  });

  it('values a one-time buyer at the population spend, less the longer they have been silent', () => {
    const recent = clv(BG_NBD, GAMMA_GAMMA, { x: 0, tx: 0, T: 2, monetary: 0 }, { horizonUnits: 52, discountRatePerUnit: 0 });
    const old = clv(BG_NBD, GAMMA_GAMMA, { x: 0, tx: 0, T: 39, monetary: 0 }, { horizonUnits: 52, discountRatePerUnit: 0 });
    expect(old).toBeLessThan(recent);
    expect(recent).toBeCloseTo(expectedPurchases(BG_NBD, 52, 0, 0, 2) * ((6.25 * 15.44) / 2.74), 9);
  });

  it.each<[string, number, number, RegExp]>([
    ['a zero horizon', 0, 0.01, /horizonUnits must be a positive number/],
    ['an infinite horizon', Infinity, 0.01, /horizonUnits must be a positive number/],
    ['a negative discount rate', 52, -0.1, /discountRatePerUnit must be a number of 0 or more/],
    ['a NaN discount rate', 52, Number.NaN, /discountRatePerUnit must be a number of 0 or more/],
  ])('refuses %s', (_name, horizonUnits, discountRatePerUnit, message) => {
    expect(() => clv(BG_NBD, GAMMA_GAMMA, heavy, { horizonUnits, discountRatePerUnit })).toThrow(message);
  });
});
