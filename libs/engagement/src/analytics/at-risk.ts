import { dayNumber, daysBetween } from './dates';

export interface ChampionCandidate {
  id: string;
  /** Engagement scores over the period, oldest first (e.g. one per week). */
  scoreHistory: readonly number[];
  /** Last day with any activity, 'YYYY-MM-DD'; null when never active. */
  lastActiveDay: string | null;
  /** P(alive) from the customer-value model, when the member is a linked customer. */
  pAlive?: number | null;
}

export interface AtRiskOptions {
  asOf: string;
  /** Idle at least this many days … (default 7) */
  idleMinDays?: number;
  /** … and at most this many (default 28); idle longer is lapsed, no longer "at risk". */
  idleMaxDays?: number;
  /** Share of members, by peak score, counted as champions (default 0.25, the top quarter). */
  topShare?: number;
  /** P(alive) below this is a risk (default 0.3). */
  pAliveBelow?: number;
}

export type AtRiskReason = 'idle' | 'lowPAlive';

export interface AtRiskChampion {
  id: string;
  /** Highest score in the history. */
  peakScore: number;
  /** Last score in the history. */
  currentScore: number;
  /** Days from lastActiveDay to asOf; null when never active. */
  idleDays: number | null;
  pAlive: number | null;
  reasons: AtRiskReason[];
}

/**
 * Champions who may be slipping away. A member is a champion when their peak score (the highest in
 * `scoreHistory`) is above 0 and among the top `topShare` of all members listed: the members are
 * ranked by peak, the top ⌈topShare × n⌉ are in, and so is anyone tied with the last of them.
 * A champion is at risk, for one or both reasons, when
 * - `idle`: idleMinDays ≤ (asOf − lastActiveDay) ≤ idleMaxDays (7 to 28 days by default: a week of
 *   silence is unusual for a champion, after four weeks they have lapsed and need win-back, not care), or
 * - `lowPAlive`: pAlive is given and below pAliveBelow (0.3 by default).
 * Members who are not champions are never listed. Sorted by peak score, highest first, then id.
 */
export function atRiskChampions(members: readonly ChampionCandidate[], options: AtRiskOptions): AtRiskChampion[] {
  const { asOf, idleMinDays = 7, idleMaxDays = 28, topShare = 0.25, pAliveBelow = 0.3 } = options;
  if (!(topShare > 0 && topShare <= 1)) throw new RangeError('topShare must be more than 0 and at most 1');
  if (!Number.isInteger(idleMinDays) || !Number.isInteger(idleMaxDays) || idleMinDays < 0 || idleMaxDays < idleMinDays) {
    throw new RangeError('idleMinDays and idleMaxDays must be whole numbers with 0 ≤ idleMinDays ≤ idleMaxDays');
  }
  dayNumber(asOf); // throws on a malformed day even with no members
  const peaks = members.map((m) => m.scoreHistory.reduce((max, score) => Math.max(max, score), 0));
  const ranked = [...peaks].sort((a, b) => b - a);
  const cutoff = ranked[Math.ceil(topShare * members.length) - 1];

  const atRisk: AtRiskChampion[] = [];
  members.forEach((member, i) => {
    const peakScore = peaks[i];
    if (!(peakScore > 0 && peakScore >= cutoff)) return;
    const idleDays = member.lastActiveDay === null ? null : daysBetween(member.lastActiveDay, asOf);
    const pAlive = member.pAlive ?? null;
    const reasons: AtRiskReason[] = [];
    if (idleDays !== null && idleDays >= idleMinDays && idleDays <= idleMaxDays) reasons.push('idle');
    if (pAlive !== null && pAlive < pAliveBelow) reasons.push('lowPAlive');
    if (reasons.length === 0) return;
    atRisk.push({ id: member.id, peakScore, currentScore: member.scoreHistory.at(-1) ?? 0, idleDays, pAlive, reasons });
  });
  return atRisk.sort((a, b) => b.peakScore - a.peakScore || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
