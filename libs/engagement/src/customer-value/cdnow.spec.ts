import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BgNbdParams, bgNbdLogLikelihood, expectedPurchases, fitBgNbd, type ModelFit, probabilityAlive, probabilityNoPurchases } from './bg-nbd';
import { expectedAverageValue, fitGammaGamma, gammaGammaLogLikelihood, type GammaGammaParams } from './gamma-gamma';
import { type Purchase, rfmSummary } from './summary';

// Reproduces the published CDNOW figures (1/10th sample; see fixtures/README.md): Fader, Hardie & Lee
// (2005) for the BG/NBD model, Fader & Hardie (2013) for the Gamma-Gamma model.

/** Sample file rows: master id, sample id, YYYYMMDD, CDs, dollars. The customer is the sample id. */
function cdnowSample(): Purchase[] {
  const text = readFileSync(join(__dirname, 'fixtures', 'CDNOW_sample.txt'), 'utf8');
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [, sampleId, date, , dollars] = line.trim().split(/\s+/);
      const at = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8))));
      return { customerId: sampleId, at, amount: Number(dollars) };
    });
}

const purchases = cdnowSample();
const summary = rfmSummary(purchases, { calibrationEnd: new Date('1997-09-30'), observationEnd: new Date('1998-06-30') });

const PUBLISHED_BG_NBD: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const PUBLISHED_GAMMA_GAMMA: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };
const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
/** |actual − expected| ≤ 1% of expected. */
const withinOnePercent = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.01 * Math.abs(expected));

describe('CDNOW summary (calibration to 1997-09-30, weeks)', () => {
  it('reads the 6,919 transactions of 2,357 customers', () => {
    expect(purchases).toHaveLength(6919);
    expect(summary).toHaveLength(2357);
  });

  it('merges same-day purchases: 6,696 purchase occasions', () => {
    expect(sum(summary.map((c) => c.x + 1 + (c.holdoutCount ?? 0)))).toBe(6696);
  });

  it('matches the published counts', () => {
    expect(sum(summary.map((c) => c.x))).toBe(2457);
    expect(summary.filter((c) => c.x === 0)).toHaveLength(1411);
    expect(summary.filter((c) => c.x > 0)).toHaveLength(946);
    expect(sum(summary.map((c) => c.holdoutCount ?? 0))).toBe(1882);
  });

  it('computes x, tx, T and the repeat-purchase mean for one customer', () => {
    // Sample customer 0001: 1997-01-01 $29.33, 1997-01-18 $29.73, 1997-08-02 $14.96, 1997-12-12 $26.48.
    expect(summary.find((c) => c.customerId === '0001')).toEqual({
      customerId: '0001',
      x: 2,
      tx: 213 / 7,
      T: 272 / 7,
      monetary: (29.73 + 14.96) / 2,
      holdoutCount: 1,
    });
  });
});

describe('BG/NBD on CDNOW', () => {
  let fit: ModelFit<BgNbdParams>;
  beforeAll(() => {
    fit = fitBgNbd(summary);
  });

  it('fits the published parameters (within 1%) from r = α = a = b = 1', () => {
    expect(fit.converged).toBe(true);
    withinOnePercent(fit.params.r, 0.243);
    withinOnePercent(fit.params.alpha, 4.414);
    withinOnePercent(fit.params.a, 0.793);
    withinOnePercent(fit.params.b, 2.426);
  });

  it('reaches the published log-likelihood −9582.4', () => {
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThan(0.05);
    // The published (rounded) parameters are a hair below the optimum.
    const atPublished = bgNbdLogLikelihood(PUBLISHED_BG_NBD, summary);
    expect(atPublished).toBeLessThanOrEqual(fit.logLikelihood);
    expect(Math.abs(atPublished - -9582.4)).toBeLessThan(0.1);
  });

  it('P(X(39) = 0) for a new customer is 0.5737864', () => {
    expect(Math.abs(probabilityNoPurchases(PUBLISHED_BG_NBD, 39) - 0.5737864)).toBeLessThan(1e-4);
  });

  it('customer with x = 26, tx = 30.857, T = 31: P(alive) ≈ 0.96885, 25.757 purchases expected in 52 weeks', () => {
    expect(probabilityAlive(PUBLISHED_BG_NBD, 26, 30.857, 31)).toBeCloseTo(0.96885, 4);
    expect(expectedPurchases(PUBLISHED_BG_NBD, 52, 26, 30.857, 31)).toBeCloseTo(25.757, 2);
  });
});

describe('Gamma-Gamma on CDNOW (repeat purchases of the 946 repeat buyers)', () => {
  let fit: ModelFit<GammaGammaParams>;
  beforeAll(() => {
    fit = fitGammaGamma(summary);
  });

  it('fits the published parameters (within 1%) and log-likelihood −4055.9', () => {
    expect(fit.converged).toBe(true);
    withinOnePercent(fit.params.p, 6.25);
    withinOnePercent(fit.params.q, 3.74);
    withinOnePercent(fit.params.gamma, 15.44);
    expect(Math.abs(fit.logLikelihood - -4055.9)).toBeLessThan(0.05);
    expect(gammaGammaLogLikelihood(PUBLISHED_GAMMA_GAMMA, summary)).toBeLessThanOrEqual(fit.logLikelihood);
  });

  it('expects p·γ / (q − 1) ≈ $35.17 per purchase from a customer with no repeat purchase', () => {
    expect(expectedAverageValue(fit.params, 0, 0)).toBeCloseTo(35.17, 2);
    expect(expectedAverageValue(PUBLISHED_GAMMA_GAMMA, 0, 0)).toBeCloseTo((6.25 * 15.44) / 2.74, 10);
  });
});
