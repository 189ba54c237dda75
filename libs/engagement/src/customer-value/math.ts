/**
 * Special functions the customer-value models need, written out so the library has no numeric
 * dependency: log-gamma, log-beta, a stable log(e^a + e^b), and Gauss's hypergeometric function 2F1.
 */

// Math functions as module constants: under Jest (a vm context) every `Math.` lookup goes through the
// sandbox's global object and costs about ten times a plain call; the fits make millions of them.
const { abs, exp, log, max, sin, PI } = Math;
const NEGATIVE_INFINITY = -Infinity;
const isFiniteNumber = Number.isFinite;

/** Lanczos coefficients for g = 7, n = 9 (about 15 significant digits for real arguments). */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * log(2 * PI);

/**
 * ln |Γ(x)|, by the Lanczos approximation (g = 7), with Euler's reflection Γ(x)Γ(1−x) = π / sin(πx)
 * below x = ½. Accurate to about 1e-15 relative away from the zeros of ln Γ (x = 1, 2). Working in
 * logs is what keeps the likelihoods finite: Γ(r + x) overflows a double once r + x passes ~171.
 * Returns +∞ at the poles x = 0, −1, −2, … (and NaN for NaN).
 */
export function logGamma(x: number): number {
  if (x < 0.5) {
    if (x <= 0 && Number.isInteger(x)) return Infinity;
    return log(PI / abs(sin(PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let series = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i += 1) series += LANCZOS[i] / (z + i);
  const t = z + 7.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * log(t) - t + log(series);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b), the log of the beta function (a, b > 0). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ln(eᵃ + eᵇ) without overflow or underflow (either may be −∞). */
export function logAddExp(a: number, b: number): number {
  const high = max(a, b);
  if (high === NEGATIVE_INFINITY) return high;
  return high + log(exp(a - high) + exp(b - high));
}

/** Relative size of the estimated remaining tail at which the 2F1 series stops. */
const SERIES_TOLERANCE = 1e-15;
/** Terms the 2F1 series may take: about ln(1e15) / (1 − z) ≈ 35 / (1 − z) are needed, so z up to ~0.99996. */
const SERIES_MAX_TERMS = 1_000_000;
const CLOSEST_TO_ONE = 1 - 35 / SERIES_MAX_TERMS;

/**
 * The Gauss series Σₙ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ for 0 < z < 1, each term from the one before by the ratio
 * (a+n)(b+n) z / ((c+n)(n+1)). It stops when the tail left, bounded by |term|·ρ/(1−ρ) with ρ the larger
 * of the next ratio and its limit z, is below 1e-15 of the sum; it throws rather than return a sum
 * that has not converged.
 */
function gaussSeries(a: number, b: number, c: number, z: number): number {
  const fail = () => new RangeError(`hypergeometric2F1(${a}, ${b}, ${c}, ${z}) did not converge: z is too close to 1 or the parameters too large`);
  if (z > CLOSEST_TO_ONE) throw fail();
  let term = 1;
  let sum = 1;
  let ratio = ((a * b) / c) * z;
  for (let n = 0; n < SERIES_MAX_TERMS; n += 1) {
    term *= ratio;
    sum += term;
    if (term === 0) return sum; // a or b is a non-positive integer: the series is a polynomial
    ratio = (((a + n + 1) * (b + n + 1)) / ((c + n + 1) * (n + 2))) * z;
    const rho = max(abs(ratio), z);
    if (rho < 1 && (abs(term) * rho) / (1 - rho) <= SERIES_TOLERANCE * abs(sum)) return sum;
    if (!isFiniteNumber(sum)) break;
  }
  throw fail();
}

/**
 * Gauss's hypergeometric function ₂F₁(a, b; c; z) for real arguments and z < 1 (Abramowitz & Stegun
 * 15.1.1). The BG/NBD conditional expectation needs it with z = t / (α + T + t).
 *
 * - 0 ≤ z < 1: the Gauss series.
 * - ½ < z < 1 with c − a − b < 0: the function grows like (1 − z)^(c−a−b) towards z = 1, so Euler's
 *   transformation ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z) (A&S 15.3.3) moves that growth
 *   into a closed-form factor and leaves a series whose terms decay faster and whose sum stays bounded.
 * - z < 0: Pfaff's transformation ₂F₁(a, b; c; z) = (1 − z)^(−a) ₂F₁(a, c − b; c; z / (z − 1)) (A&S 15.3.4)
 *   maps z into (0, 1), so the series never alternates and z ≤ −1 works too.
 *
 * Throws a RangeError for z ≥ 1 (outside the series' reach), for c = 0, −1, −2, … (undefined), and when
 * the series cannot converge within a million terms (its z, after the transformations, within 3.5e-5
 * of 1, or huge parameters).
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  if (![a, b, c, z].every(Number.isFinite)) throw new RangeError('hypergeometric2F1 needs finite arguments');
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hypergeometric2F1 is undefined for c = ${c} (a non-positive integer)`);
  if (z >= 1) throw new RangeError(`hypergeometric2F1 needs z < 1 (got ${z})`);
  if (z === 0) return 1;
  if (z < 0) return (1 - z) ** -a * hypergeometric2F1(a, c - b, c, z / (z - 1));
  if (z > 0.5 && c - a - b < 0) return (1 - z) ** (c - a - b) * gaussSeries(c - a, c - b, c, z);
  return gaussSeries(a, b, c, z);
}

/**
 * A fitted parameter from its log, kept within e^±limit (12: about 6e-6 … 1.6e5). When the data
 * show no heterogeneity the likelihood keeps rising as shape and scale grow together, flat to
 * machine precision long before the bound, and past it the closed forms (2F1 above all) lose their
 * precision. Gamma-Gamma, with no 2F1 and a scale in the currency's minor units, takes a wider one.
 */
export function bounded(logValue: number, limit = 12): number {
  return exp(Math.max(-limit, Math.min(limit, logValue)));
}
