import { type BgNbdParams, expectedPurchases } from './bg-nbd';
import { expectedAverageValue, type GammaGammaParams } from './gamma-gamma';
import type { CustomerHistory } from './summary';

export interface ClvOptions {
  /** How far ahead, in the summary's time units (e.g. 52 for a year of weeks). */
  horizonUnits: number;
  /** Discount rate per time unit (e.g. 0.10 a year ≈ 0.00183 a week); 0 for none. */
  discountRatePerUnit: number;
}

/**
 * A customer's expected lifetime value over a horizon: discounted cash flow, stepping one time unit at
 * a time — the method of the lifetimes library's `customer_lifetime_value` (which steps month by month).
 *
 *   CLV = Σₖ (E[Y(k)] − E[Y(k − 1)]) · E(Z) / (1 + d)^k,   k = 1, 2, …, horizon
 *
 * E[Y(k)] is the BG/NBD conditional expectation of purchases in the next k units (`expectedPurchases`),
 * so the difference is the purchases expected in unit k; E(Z) is the Gamma-Gamma expected value of one
 * purchase (`expectedAverageValue`); each unit's cash is discounted from its end. A horizon that is not
 * a whole number of units ends with a shorter last step. The value is in the currency of `monetary`:
 * revenue, unless the amounts were margins. Combining the two models this way assumes spend per purchase
 * is independent of purchase frequency (check the correlation of x and monetary among repeat buyers).
 */
export function clv(
  bgNbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  customer: CustomerHistory & { monetary: number },
  options: ClvOptions,
): number {
  const { horizonUnits, discountRatePerUnit } = options;
  if (!(Number.isFinite(horizonUnits) && horizonUnits > 0)) throw new RangeError('horizonUnits must be a positive number');
  if (!(Number.isFinite(discountRatePerUnit) && discountRatePerUnit >= 0)) throw new RangeError('discountRatePerUnit must be a number of 0 or more');
  const { x, tx, T, monetary } = customer;
  const valuePerPurchase = expectedAverageValue(gammaGamma, x, monetary);
  let total = 0;
  let purchasesSoFar = 0;
  for (let k = 1; k < horizonUnits + 1; k += 1) {
    const end = Math.min(k, horizonUnits);
    const purchasesByEnd = expectedPurchases(bgNbd, end, x, tx, T);
    total += ((purchasesByEnd - purchasesSoFar) * valuePerPurchase) / (1 + discountRatePerUnit) ** end;
    purchasesSoFar = purchasesByEnd;
  }
  return total;
}
