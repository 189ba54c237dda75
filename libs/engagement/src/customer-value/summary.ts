const DAY = 86_400_000;

/** One purchase as the CRM records it. */
export interface Purchase {
  customerId: string;
  at: Date;
  /** What the purchase was worth, in any one currency and unit (e.g. minor units); never negative. */
  amount: number;
}

/**
 * A customer's purchase history as the BG/NBD model sees it, in time units (weeks by default) counted
 * from the customer's first purchase.
 */
export interface CustomerHistory {
  /** Repeat purchases in the calibration period: purchase days after the first one. */
  x: number;
  /** Recency: time from the first purchase to the last calibration purchase (0 when x = 0). */
  tx: number;
  /** Age: time from the first purchase to the end of calibration. */
  T: number;
}

/** One row of an RFM summary: history, spend, and (when an observation end was given) the holdout count. */
export interface CustomerRfm extends CustomerHistory {
  customerId: string;
  /** Mean amount of the repeat purchases in calibration, the first purchase excluded; 0 when x = 0. */
  monetary: number;
  /** Purchase days after calibration, up to and including `observationEnd`; only with that option. */
  holdoutCount?: number;
}

export interface RfmOptions {
  /** Last day of the calibration period, included. Only its UTC calendar day counts. */
  calibrationEnd: Date;
  /** Days per time unit: 7 (default) for weeks, 1 for days, 365.25 / 12 for months. */
  unitDays?: number;
  /** Last day of the holdout period, included; when given, each row has `holdoutCount`. */
  observationEnd?: Date;
}

/** Days since 1970-01-01 of the UTC calendar day an instant falls on. */
const utcDay = (at: Date) => Math.floor(at.getTime() / DAY);
const validDate = (at: unknown): at is Date => at instanceof Date && !Number.isNaN(at.getTime());

/** Each customer's purchase days (UTC day number → summed amount), customers in order of first appearance. */
function purchaseDays(purchases: readonly Purchase[]): Map<string, Map<number, number>> {
  const customers = new Map<string, Map<number, number>>();
  purchases.forEach((purchase, i) => {
    if (typeof purchase.customerId !== 'string') throw new TypeError(`purchases[${i}].customerId must be a string`);
    if (!validDate(purchase.at)) throw new RangeError(`purchases[${i}].at must be a valid Date`);
    if (!Number.isFinite(purchase.amount) || purchase.amount < 0) {
      throw new RangeError(`purchases[${i}].amount must be a finite number of 0 or more (net refunds out first)`);
    }
    let days = customers.get(purchase.customerId);
    if (!days) customers.set(purchase.customerId, (days = new Map()));
    const day = utcDay(purchase.at);
    days.set(day, (days.get(day) ?? 0) + purchase.amount);
  });
  return customers;
}

/**
 * Summarises purchases into the frequency / recency / age / monetary inputs of the BG/NBD and
 * Gamma-Gamma models (Fader, Hardie & Lee 2005, §2; Fader & Hardie, "The Gamma-Gamma Model of Monetary
 * Value", 2013).
 *
 * - Time is whole UTC calendar days: a purchase counts on the UTC day of `at` (the API passes instants
 *   at day boundaries already), and all purchases of a customer on one day merge into one purchase
 *   whose amount is their sum — the models count purchase occasions, not order lines.
 * - Calibration is every day up to and including the UTC day of `calibrationEnd`. With the first
 *   purchase on day f, the last calibration purchase on day l, and the calibration end on day e:
 *   x = calibration purchase days − 1, tx = (l − f) / unitDays, T = (e − f) / unitDays.
 * - `monetary` is the mean of the repeat purchases (the first one excluded, as the Gamma-Gamma model
 *   is fitted on repeat spend), 0 when x = 0.
 * - Customers whose first purchase falls after calibration are left out: the models know nothing of
 *   them yet (a new customer's outlook is `probabilityNoPurchases` and friends). Purchases after
 *   `observationEnd` are ignored.
 *
 * Rows come in the order each customer first appears in `purchases`.
 */
export function rfmSummary(purchases: readonly Purchase[], options: RfmOptions): CustomerRfm[] {
  const { calibrationEnd, unitDays = 7, observationEnd } = options;
  if (!validDate(calibrationEnd)) throw new RangeError('calibrationEnd must be a valid Date');
  if (!Number.isFinite(unitDays) || unitDays <= 0) throw new RangeError('unitDays must be a positive number of days');
  if (observationEnd !== undefined && (!validDate(observationEnd) || observationEnd.getTime() < calibrationEnd.getTime())) {
    throw new RangeError('observationEnd must be a valid Date on or after calibrationEnd');
  }
  const endDay = utcDay(calibrationEnd);
  const observationEndDay = observationEnd === undefined ? undefined : utcDay(observationEnd);
  const rows: CustomerRfm[] = [];
  for (const [customerId, byDay] of purchaseDays(purchases)) {
    const days = [...byDay.keys()].sort((p, q) => p - q);
    const calibration = days.filter((day) => day <= endDay);
    if (calibration.length === 0) continue;
    const first = calibration[0];
    const repeats = calibration.slice(1);
    const row: CustomerRfm = {
      customerId,
      x: repeats.length,
      tx: (calibration[calibration.length - 1] - first) / unitDays,
      T: (endDay - first) / unitDays,
      monetary: repeats.length === 0 ? 0 : repeats.reduce((sum, day) => sum + (byDay.get(day) ?? 0), 0) / repeats.length,
    };
    if (observationEndDay !== undefined) row.holdoutCount = days.filter((day) => day > endDay && day <= observationEndDay).length;
    rows.push(row);
  }
  return rows;
}
