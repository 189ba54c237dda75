/** An engagement tier, reached at an engagement score of `min` (see `engagementScore`). */
export interface EngagementTier {
  key: string;
  name: { ja: string; en: string };
  min: number;
}

/**
 * Default tiers, lowest first. With the default weights and decay:
 * | tier        | score ≥ | roughly                                                          |
 * |-------------|---------|------------------------------------------------------------------|
 * | observer    | 0       | reads; at most a reaction or a few (joining alone scores 1)      |
 * | participant | 5       | one thread, or two posts, or five reactions this month           |
 * | contributor | 30      | ten posts this month, or a post a week kept up for three months  |
 * | champion    | 100     | 34 posts this month, or two posts a week kept up for five months |
 * A post a week is 30 / 7 ≈ 4.3 posts × 3 ≈ 13 points a month; kept up for n months it scores
 * 13 × (1 − 0.9ⁿ) / (1 − 0.9): 35 after 3 months, 93 after 12 (so one post a week alone stays a
 * contributor); two posts a week score 26 × (1 − 0.9⁵) / 0.1 ≈ 106 after 5 months.
 */
export const DEFAULT_TIERS: readonly EngagementTier[] = [
  { key: 'observer', name: { ja: '見る専', en: 'Observers' }, min: 0 },
  { key: 'participant', name: { ja: '参加者', en: 'Participants' }, min: 5 },
  { key: 'contributor', name: { ja: 'コントリビューター', en: 'Contributors' }, min: 30 },
  { key: 'champion', name: { ja: 'チャンピオン', en: 'Champions' }, min: 100 },
];

/** The tier of a score: the highest tier whose minimum it reaches (tiers in any order); below every minimum, the lowest. */
export function tierOf(score: number, tiers: readonly EngagementTier[] = DEFAULT_TIERS): EngagementTier {
  if (tiers.length === 0) throw new RangeError('tiers must list at least one tier');
  const steps = [...tiers].sort((a, b) => a.min - b.min);
  let tier = steps[0];
  for (const step of steps) if (score >= step.min) tier = step;
  return tier;
}

/** The tier a change of score moved a member to, and which way; null when the tier stayed. */
export function tierChange(
  before: number,
  after: number,
  tiers: readonly EngagementTier[] = DEFAULT_TIERS,
): { from: EngagementTier; to: EngagementTier; direction: 'up' | 'down' } | null {
  const from = tierOf(before, tiers);
  const to = tierOf(after, tiers);
  return from.key === to.key ? null : { from, to, direction: to.min > from.min ? 'up' : 'down' };
}

const KEY = /^[a-z0-9][a-z0-9-]{0,30}$/;

/**
 * Checks tiers as a manager typed them; returns problems with their field paths (e.g. `tiers[1].min`),
 * empty when valid: 1–10 tiers, lowest first, the first from 0, minimums finite and strictly
 * ascending, keys unique, both names given.
 */
export function tierProblems(tiers: readonly EngagementTier[]): string[] {
  if (tiers.length < 1 || tiers.length > 10) return ['tiers must list 1 to 10 tiers'];
  const problems: string[] = [];
  const seen = new Set<string>();
  tiers.forEach((tier, i) => {
    if (!KEY.test(tier.key)) problems.push(`tiers[${i}].key must be 1–31 lowercase letters, digits or hyphens`);
    else if (seen.has(tier.key)) problems.push(`tiers[${i}].key is used by an earlier tier`);
    seen.add(tier.key);
    for (const lang of ['ja', 'en'] as const) {
      const name = tier.name?.[lang];
      if (typeof name !== 'string' || name.trim() === '' || name.length > 40) problems.push(`tiers[${i}].name.${lang} must be 1–40 characters`);
    }
    if (!Number.isFinite(tier.min)) problems.push(`tiers[${i}].min must be a number`);
    else if (i === 0 && tier.min !== 0) problems.push('tiers[0].min must be 0: every member is in the first tier');
    else if (i > 0 && Number.isFinite(tiers[i - 1].min) && tier.min <= tiers[i - 1].min) {
      problems.push(`tiers[${i}].min must be more than the tier before it (${tiers[i - 1].min})`);
    }
  });
  return problems;
}
