import { bounded, hypergeometric2F1, logAddExp, logBeta, logGamma } from './math';
import { minimizeNelderMead } from './nelder-mead';
import type { CustomerHistory } from './summary';

// Math functions as module constants: under Jest (a vm context) every `Math.` lookup goes through the
// sandbox's global object and costs about ten times a plain call; the fits make millions of them.
const { abs, exp, log, max } = Math;

/**
 * BG/NBD ("beta-geometric / negative binomial distribution") model of how often customers buy and when
 * they silently stop — Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way: An Alternative
 * to the Pareto/NBD Model", Marketing Science 24(2). While active, a customer buys at a Poisson rate λ,
 * λ ~ Gamma(shape r, rate α) across customers; after each purchase they drop out with probability p,
 * p ~ Beta(a, b). Times are in the units of the summary (weeks by default).
 */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A maximum-likelihood fit: the parameters, the log-likelihood they reach, and how the search went. */
export interface ModelFit<Params> {
  params: Params;
  logLikelihood: number;
  iterations: number;
  /** False when the search ran out of iterations: the parameters are then not trustworthy. */
  converged: boolean;
}

export interface FitOptions<Params> {
  /** Where the search starts; every parameter 1 by default. */
  start?: Params;
  /** Most Nelder–Mead iterations. Default 10,000. */
  maxIterations?: number;
}

function checkParams(params: BgNbdParams): void {
  for (const key of ['r', 'alpha', 'a', 'b'] as const) {
    if (!(Number.isFinite(params[key]) && params[key] > 0)) throw new RangeError(`BG/NBD parameter ${key} must be a positive number`);
  }
}

/** Refuses histories the model cannot describe, naming the offending field. */
function checkHistory(x: number, tx: number, T: number, label = 'customer'): void {
  if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`${label}: x (repeat purchases) must be a whole number of 0 or more`);
  if (!(Number.isFinite(T) && T >= 0)) throw new RangeError(`${label}: T (age) must be a finite number of 0 or more`);
  if (!(Number.isFinite(tx) && tx >= 0 && tx <= T)) throw new RangeError(`${label}: tx (recency) must be between 0 and T`);
  if (x === 0 && tx !== 0) throw new RangeError(`${label}: tx must be 0 when x = 0 (no repeat purchase)`);
}

function checkTime(t: number): void {
  if (!(Number.isFinite(t) && t >= 0)) throw new RangeError('t (time ahead) must be a finite number of 0 or more');
}

/**
 * ln L(r, α, a, b | x, tx, T) of one customer (FHL 2005, eq. 6), with the logs of the A₁…A₄ of their
 * note "Implementing the BG/NBD Model for Customer Base Analysis in Excel":
 *
 *   A₁ = ln Γ(r + x) − ln Γ(r) + r ln α
 *   A₂ = ln Γ(a + b) + ln Γ(b + x) − ln Γ(b) − ln Γ(a + b + x)     (= ln B(a, b + x) − ln B(a, b))
 *   A₃ = −(r + x) ln(α + T)
 *   A₄ = ln a − ln(b + x − 1) − (r + x) ln(α + tx)                  (only when x > 0)
 *   ln L = A₁ + A₂ + ln(e^A₃ + [x > 0] e^A₄)
 *
 * The last sum is done by logAddExp, so neither term has to fit in a double.
 */
export function bgNbdCustomerLogLikelihood(params: BgNbdParams, x: number, tx: number, T: number): number {
  checkParams(params);
  checkHistory(x, tx, T);
  return purchaseCountTerm(params, x) + timingTerm(params, x, tx, T);
}

/** A₁ + A₂: the part of ln L that depends on x alone. */
function purchaseCountTerm({ r, alpha, a, b }: BgNbdParams, x: number): number {
  return logGamma(r + x) - logGamma(r) + r * log(alpha) + logBeta(a, b + x) - logBeta(a, b);
}

/** ln(e^A₃ + [x > 0] e^A₄): the part of ln L that depends on when the purchases fell. */
function timingTerm({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number): number {
  const a3 = -(r + x) * log(alpha + T);
  const a4 = x > 0 ? log(a) - log(b + x - 1) - (r + x) * log(alpha + tx) : -Infinity;
  return logAddExp(a3, a4);
}

/**
 * A customer base arranged for fast likelihoods. Customers with the same (x, tx, T) share one term
 * (`count` of them), and the logs that depend on a parameter and one number — ln(α + tx), ln(α + T),
 * ln(b + x − 1), A₁ + A₂ — are worked out once per distinct number: with dates in days there are only a
 * few hundred distinct tx and T, however many customers.
 */
interface PreparedHistories {
  customers: number;
  /** Distinct x. */
  xs: number[];
  /** Distinct tx and T values together. */
  times: number[];
  groups: { x: number; xIndex: number; txIndex: number; TIndex: number; count: number }[];
}

function prepareHistories(customers: readonly CustomerHistory[]): PreparedHistories {
  const xIndex = new Map<number, number>();
  const timeIndex = new Map<number, number>();
  const indexIn = (index: Map<number, number>, value: number) => {
    let i = index.get(value);
    if (i === undefined) index.set(value, (i = index.size));
    return i;
  };
  const groups = new Map<string, PreparedHistories['groups'][number]>();
  customers.forEach((c, i) => {
    checkHistory(c.x, c.tx, c.T, `customers[${i}]`);
    const key = `${c.x}|${c.tx}|${c.T}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { x: c.x, xIndex: indexIn(xIndex, c.x), txIndex: indexIn(timeIndex, c.tx), TIndex: indexIn(timeIndex, c.T), count: 1 });
  });
  return { customers: customers.length, xs: [...xIndex.keys()], times: [...timeIndex.keys()], groups: [...groups.values()] };
}

/** Σ ln L over a prepared customer base: eq. 6 term by term, as in bgNbdCustomerLogLikelihood, from cached logs. */
function preparedLogLikelihood(params: BgNbdParams, prepared: PreparedHistories): number {
  const { r, alpha, a, b } = params;
  const countTerms = prepared.xs.map((x) => purchaseCountTerm(params, x));
  const logBPlusXMinus1 = prepared.xs.map((x) => (x > 0 ? log(b + x - 1) : 0));
  const logAlphaPlus = prepared.times.map((t) => log(alpha + t));
  const logA = log(a);
  let total = 0;
  for (const g of prepared.groups) {
    const a3 = -(r + g.x) * logAlphaPlus[g.TIndex];
    const timing = g.x > 0 ? logAddExp(a3, logA - logBPlusXMinus1[g.xIndex] - (r + g.x) * logAlphaPlus[g.txIndex]) : a3;
    total += g.count * (countTerms[g.xIndex] + timing);
  }
  return total;
}

/** Total log-likelihood of a customer base (the sum of eq. 6 over customers). */
export function bgNbdLogLikelihood(params: BgNbdParams, customers: readonly CustomerHistory[]): number {
  checkParams(params);
  return preparedLogLikelihood(params, prepareHistories(customers));
}

/**
 * Fits r, α, a, b by maximum likelihood. The search runs Nelder–Mead over the logs of the parameters
 * (so they stay positive without constraints, within e^±12) on the mean log-likelihood per customer,
 * from a few starting points unless told one (see DEFAULT_STARTS); a fit that ends on a bound does
 * not count as converged. Needs at least one customer with a repeat purchase (with none, a and b
 * cannot be told apart).
 */
export function fitBgNbd(customers: readonly CustomerHistory[], options: FitOptions<BgNbdParams> = {}): ModelFit<BgNbdParams> {
  const prepared = prepareHistories(customers);
  if (!prepared.xs.some((x) => x > 0)) throw new RangeError('fitBgNbd needs at least one customer with a repeat purchase (x > 0)');
  const starts = options.start ? [options.start] : DEFAULT_STARTS;
  starts.forEach(checkParams);
  const toParams = ([r, alpha, a, b]: number[]): BgNbdParams => ({ r: bounded(r), alpha: bounded(alpha), a: bounded(a), b: bounded(b) });
  const meanNegative = (theta: number[]) => -preparedLogLikelihood(toParams(theta), prepared) / prepared.customers;
  let best: ModelFit<BgNbdParams> | null = null;
  for (const start of starts) {
    const result = minimizeNelderMead(meanNegative, [start.r, start.alpha, start.a, start.b].map(log), { maxIterations: options.maxIterations });
    const params = toParams(result.point);
    const fit = { params, logLikelihood: preparedLogLikelihood(params, prepared), iterations: result.iterations, converged: result.converged && !atBound(result.point) };
    if (!best || rank(fit) > rank(best)) best = fit;
  }
  return best!;
}

/**
 * Where the search starts: the usual r = α = a = b = 1, then two typical shapes. Small samples can
 * send one search off along a ridge towards the bounds (no heterogeneity seen); the best converged
 * fit of the three wins.
 */
const DEFAULT_STARTS: readonly BgNbdParams[] = [
  { r: 1, alpha: 1, a: 1, b: 1 },
  { r: 0.5, alpha: 10, a: 1, b: 3 },
  { r: 1, alpha: 20, a: 0.5, b: 1 },
];

const atBound = (logs: readonly number[]) => logs.some((v) => Math.abs(v) >= 12 - 1e-9);
/** Converged fits first, then the higher likelihood. */
const rank = (fit: ModelFit<BgNbdParams>) => (fit.converged ? 1e12 : 0) + fit.logLikelihood;

/**
 * P(alive | x, tx, T): the probability the customer is still active at the end of calibration
 * (Fader, Hardie & Lee 2008, "Computing P(alive) Using the BG/NBD Model"):
 *
 *   P(alive) = 1 / (1 + [x > 0] · a / (b + x − 1) · ((α + T) / (α + tx))^(r + x))
 *
 * A customer who never repeated is alive for sure: in this model dropping out happens just after a purchase.
 */
export function probabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  checkParams(params);
  checkHistory(x, tx, T);
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds = log(a) - log(b + x - 1) + (r + x) * (log(alpha + T) - log(alpha + tx));
  return 1 / (1 + exp(logOdds));
}

/** Within this of a = 1, eq. 10 is 0/0; it is read off the straight line through a = 1 ± this. */
const NEAR_ONE = 1e-6;

/**
 * E[Y(t) | x, tx, T]: purchases expected in the next t units from a customer with history (x, tx, T)
 * (FHL 2005, eq. 10):
 *
 *   E = (a + b + x − 1) / (a − 1) · [1 − ((α + T) / (α + T + t))^(r + x) · ₂F₁(r + x, b + x; a + b + x − 1; z)] · P(alive)
 *   with z = t / (α + T + t).
 *
 * Euler's transformation (A&S 15.3.3) turns the bracket into 1 − (1 − z)^(a − 1) · ₂F₁(a + b − 1 − r, a − 1;
 * a + b + x − 1; z) — the same number, but the ₂F₁ no longer grows like (1 − z)^−(r + x), so heavy buyers
 * (large x) or long horizons cannot overflow it. At a = 1 the formula is 0/0 with a finite limit; within
 * 1e-6 of it the value is interpolated from a = 1 ± 1e-6.
 */
export function expectedPurchases(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  checkParams(params);
  checkTime(t);
  checkHistory(x, tx, T);
  const { a } = params;
  if (abs(a - 1) < NEAR_ONE) {
    const below = conditionalExpectation({ ...params, a: 1 - NEAR_ONE }, t, x, tx, T);
    const above = conditionalExpectation({ ...params, a: 1 + NEAR_ONE }, t, x, tx, T);
    return below + ((a - (1 - NEAR_ONE)) / (2 * NEAR_ONE)) * (above - below);
  }
  return conditionalExpectation(params, t, x, tx, T);
}

function conditionalExpectation(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const z = t / (alpha + T + t);
  const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (a - 1) * hypergeometric2F1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  return ((a + b + x - 1) / (a - 1)) * bracket * probabilityAlive(params, x, tx, T);
}

/**
 * E[X(t)]: purchases expected in the first t units from a customer just acquired (FHL 2005, eq. 9),
 * (a + b − 1) / (a − 1) · [1 − (α / (α + t))^r · ₂F₁(r, b; a + b − 1; t / (α + t))] — eq. 10 with
 * x = tx = T = 0.
 */
export function expectedPurchasesNewCustomer(params: BgNbdParams, t: number): number {
  return expectedPurchases(params, t, 0, 0, 0);
}

/**
 * P(X(t) = n): the probability a customer just acquired makes exactly n purchases in their first t
 * units (FHL 2005, eq. 8):
 *
 *   P(X(t) = n) = B(a, b + n) / B(a, b) · Γ(r + n) / (Γ(r) n!) · (α / (α + t))^r · (t / (α + t))^n
 *               + [n > 0] · B(a + 1, b + n − 1) / B(a, b) · [1 − (α / (α + t))^r · Σⱼ₌₀ⁿ⁻¹ Γ(r + j) / (Γ(r) j!) · (t / (α + t))^j]
 */
export function probabilityOfPurchases(params: BgNbdParams, t: number, n: number): number {
  checkParams(params);
  checkTime(t);
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError('n (purchases) must be a whole number of 0 or more');
  const { r, alpha, a, b } = params;
  // ln of the NBD probabilities Γ(r + j) / (Γ(r) j!) · (α / (α + t))^r · (t / (α + t))^j, j = 0 … n, by the
  // recurrence NBD(j + 1) = NBD(j) · (r + j) / (j + 1) · t / (α + t), in logs so nothing underflows.
  const logNbd = [r * (log(alpha) - log(alpha + t))];
  const logBuy = log(t) - log(alpha + t);
  for (let j = 0; j < n; j += 1) logNbd.push(logNbd[j] + log(r + j) - log(j + 1) + logBuy);
  const stillActive = exp(logBeta(a, b + n) - logBeta(a, b) + logNbd[n]);
  if (n === 0) return stillActive;
  const nbdBelowN = logNbd.slice(0, n).reduce((sum, logP) => sum + exp(logP), 0);
  return stillActive + exp(logBeta(a + 1, b + n - 1) - logBeta(a, b)) * max(0, 1 - nbdBelowN);
}

/** P(X(t) = 0) for a customer just acquired: (α / (α + t))^r (FHL 2005, eq. 8 with x = 0). */
export function probabilityNoPurchases(params: BgNbdParams, t: number): number {
  return probabilityOfPurchases(params, t, 0);
}
