/**
 * RFM: recency, frequency and monetary value scored 1–5 by quintile within a community, and the
 * named segments brands use. Pure: the API passes each customer's figures.
 *
 * Segment mapping (R = recency score, FM = the rounded mean of frequency and monetary scores),
 * first match wins:
 * | segment             | rule                    | meaning                                   |
 * |---------------------|-------------------------|-------------------------------------------|
 * | champions           | R ≥ 4 and FM ≥ 4        | bought recently, often, and spend the most |
 * | loyal               | R ≥ 3 and FM ≥ 4        | buy often and spend well                   |
 * | potentialLoyalist   | R ≥ 4 and FM 2–3        | recent customers with growing frequency    |
 * | newCustomers        | R = 5 and FM = 1        | bought for the first time, just now        |
 * | promising           | R = 4 and FM = 1        | recent, not yet frequent                   |
 * | needAttention       | R = 3 and FM 2–3        | average on all three, slipping             |
 * | aboutToSleep        | R = 3 and FM = 1        | below average and getting older            |
 * | cannotLose          | R ≤ 2 and FM = 5        | were the best, have not come back          |
 * | atRisk              | R ≤ 2 and FM 3–4        | spent well and often, long ago             |
 * | hibernating         | R = 2 and FM ≤ 2        | low and long ago                           |
 * | lost                | R = 1 and FM ≤ 2        | lowest on all three                        |
 */
export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potentialLoyalist',
  'newCustomers',
  'promising',
  'needAttention',
  'aboutToSleep',
  'cannotLose',
  'atRisk',
  'hibernating',
  'lost',
] as const;
export type RfmSegment = (typeof RFM_SEGMENTS)[number];

export interface RfmInput {
  id: string;
  /** Days since the last purchase (smaller is better). */
  recencyDays: number;
  /** Number of purchases. */
  frequency: number;
  /** Total spend (one currency). */
  monetary: number;
}

export interface RfmScore {
  id: string;
  r: number;
  f: number;
  m: number;
  segment: RfmSegment;
}

/**
 * Quintile scores 1–5 by rank: the best fifth scores 5. Equal values share the score of their
 * first rank, so ties never split across scores.
 */
export function quintiles(values: readonly number[], higherIsBetter: boolean): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => (higherIsBetter ? a.v - b.v : b.v - a.v));
  const scores = new Array<number>(values.length);
  let firstOfTie = 0;
  order.forEach((entry, rank) => {
    if (rank > 0 && entry.v !== order[rank - 1].v) firstOfTie = rank;
    scores[entry.i] = Math.min(5, Math.floor((firstOfTie * 5) / values.length) + 1);
  });
  return scores;
}

export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  const fm = Math.round((f + m) / 2);
  if (r >= 4 && fm >= 4) return 'champions';
  if (r >= 3 && fm >= 4) return 'loyal';
  if (r >= 4 && fm >= 2) return 'potentialLoyalist';
  if (r === 5) return 'newCustomers';
  if (r === 4) return 'promising';
  if (r === 3 && fm >= 2) return 'needAttention';
  if (r === 3) return 'aboutToSleep';
  if (fm === 5) return 'cannotLose';
  if (fm >= 3) return 'atRisk';
  if (r === 2) return 'hibernating';
  return 'lost';
}

/** Scores every customer against the others of the community. */
export function rfmScores(customers: readonly RfmInput[]): RfmScore[] {
  const r = quintiles(customers.map((c) => c.recencyDays), false);
  const f = quintiles(customers.map((c) => c.frequency), true);
  const m = quintiles(customers.map((c) => c.monetary), true);
  return customers.map((c, i) => ({ id: c.id, r: r[i], f: f[i], m: m[i], segment: rfmSegment(r[i], f[i], m[i]) }));
}
