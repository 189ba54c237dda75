import type { FitOptions, ModelFit } from './bg-nbd';
import { bounded, logGamma } from './math';
import { minimizeNelderMead } from './nelder-mead';

// Math functions as module constants: under Jest (a vm context) every `Math.` lookup goes through the
// sandbox's global object and costs about ten times a plain call; the fits make millions of them.
const { exp, log } = Math;

/**
 * Gamma-Gamma model of spend per purchase — Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary
 * Value" (after Colombo & Jiang 1999). A customer's purchases are worth z ~ Gamma(shape p, rate ν) each,
 * and ν ~ Gamma(shape q, rate γ) across customers; spend is assumed independent of how often they buy.
 */
export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** What the spend model needs of a customer: repeat purchases and their mean amount (a summary row fits). */
export interface CustomerSpend {
  x: number;
  /** Mean amount of the x repeat purchases (0 when x = 0). */
  monetary: number;
}

function checkParams(params: GammaGammaParams): void {
  for (const key of ['p', 'q', 'gamma'] as const) {
    if (!(Number.isFinite(params[key]) && params[key] > 0)) throw new RangeError(`Gamma-Gamma parameter ${key} must be a positive number`);
  }
}

function checkSpend(x: number, monetary: number, label = 'customer'): void {
  if (!(Number.isInteger(x) && x >= 0)) throw new RangeError(`${label}: x (repeat purchases) must be a whole number of 0 or more`);
  if (!(Number.isFinite(monetary) && monetary >= 0)) throw new RangeError(`${label}: monetary must be a finite amount of 0 or more`);
}

/**
 * ln f(z̄ | p, q, γ, x): the log density of a customer's mean repeat spend z̄ = `monetary` over x > 0
 * purchases (Fader & Hardie 2013, the marginal density of z̄):
 *
 *   f(z̄) = Γ(px + q) / (Γ(px) Γ(q)) · γ^q · z̄^(px − 1) · x^(px) / (γ + x z̄)^(px + q)
 */
export function gammaGammaCustomerLogLikelihood(params: GammaGammaParams, x: number, monetary: number): number {
  checkParams(params);
  checkSpend(x, monetary);
  if (x === 0 || monetary === 0) throw new RangeError('the Gamma-Gamma density needs x > 0 repeat purchases with a mean spend above 0');
  const { p, q, gamma } = params;
  const px = p * x;
  return (
    logGamma(px + q) - logGamma(px) - logGamma(q) + q * log(gamma) + (px - 1) * log(monetary) + px * log(x) - (px + q) * log(gamma + x * monetary)
  );
}

/** The customers that carry spend information: x > 0. A repeat buyer with no spend cannot be modelled. */
function repeatBuyers(customers: readonly CustomerSpend[]): CustomerSpend[] {
  return customers.filter((c, i) => {
    checkSpend(c.x, c.monetary, `customers[${i}]`);
    if (c.x > 0 && c.monetary <= 0) {
      throw new RangeError(`customers[${i}]: monetary must be above 0 for a repeat buyer (the Gamma-Gamma model is for positive spend; leave out or correct zero-value purchases)`);
    }
    return c.x > 0;
  });
}

/** Repeat buyers with the logs that do not depend on the parameters worked out once. */
interface PreparedBuyer extends CustomerSpend {
  logMonetary: number;
}

const prepareBuyers = (buyers: readonly CustomerSpend[]): PreparedBuyer[] => buyers.map(({ x, monetary }) => ({ x, monetary, logMonetary: log(monetary) }));

/** Σ ln f over the buyers, as in gammaGammaCustomerLogLikelihood, with the log-gammas worked out once per distinct x. */
function sumLogLikelihood(params: GammaGammaParams, buyers: readonly PreparedBuyer[]): number {
  const { p, q, gamma } = params;
  const constant = q * log(gamma) - logGamma(q);
  const gammaTerms = new Map<number, number>();
  let total = 0;
  for (const { x, monetary, logMonetary } of buyers) {
    const px = p * x;
    let gammaTerm = gammaTerms.get(x);
    if (gammaTerm === undefined) gammaTerms.set(x, (gammaTerm = logGamma(px + q) - logGamma(px) + px * log(x)));
    total += constant + gammaTerm + (px - 1) * logMonetary - (px + q) * log(gamma + x * monetary);
  }
  return total;
}

/** Total log-likelihood of the repeat buyers (x > 0) among `customers`; the others carry no spend information. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, customers: readonly CustomerSpend[]): number {
  checkParams(params);
  return sumLogLikelihood(params, prepareBuyers(repeatBuyers(customers)));
}

/**
 * Fits p, q, γ by maximum likelihood on the customers with x > 0 (others are skipped: their first
 * purchase is not used, as in Fader & Hardie's CDNOW example). Nelder–Mead over the logs of the
 * parameters, from p = q = γ = 1 unless told otherwise.
 */
export function fitGammaGamma(customers: readonly CustomerSpend[], options: FitOptions<GammaGammaParams> = {}): ModelFit<GammaGammaParams> {
  const buyers = prepareBuyers(repeatBuyers(customers));
  if (buyers.length === 0) throw new RangeError('fitGammaGamma needs at least one customer with a repeat purchase (x > 0)');
  const start = options.start ?? { p: 1, q: 1, gamma: 1 };
  checkParams(start);
  const toParams = ([p, q, gamma]: number[]): GammaGammaParams => ({ p: bounded(p), q: bounded(q), gamma: bounded(gamma) });
  const result = minimizeNelderMead((theta) => -sumLogLikelihood(toParams(theta), buyers) / buyers.length, [start.p, start.q, start.gamma].map(log), {
    maxIterations: options.maxIterations,
  });
  const params = toParams(result.point);
  return { params, logLikelihood: sumLogLikelihood(params, buyers), iterations: result.iterations, converged: result.converged };
}

/**
 * E(Z | p, q, γ, x, z̄): the expected value of this customer’s future purchases (Fader & Hardie 2013,
 * the conditional expectation), a weighted mean of the population mean pγ / (q − 1) and the customer's own mean z̄:
 *
 *   E = (q − 1) / (px + q − 1) · pγ / (q − 1) + px / (px + q − 1) · z̄ = p (γ + x z̄) / (px + q − 1)
 *
 * With x = 0 it is the population mean pγ / (q − 1), which exists only for q > 1.
 */
export function expectedAverageValue(params: GammaGammaParams, x: number, monetary: number): number {
  checkParams(params);
  checkSpend(x, monetary);
  const { p, q, gamma } = params;
  const weight = p * x + q - 1;
  if (weight <= 0) throw new RangeError('expected spend is infinite for these parameters (needs p·x + q > 1; q > 1 for a customer with no repeat purchase)');
  return (p * (gamma + x * monetary)) / weight;
}
