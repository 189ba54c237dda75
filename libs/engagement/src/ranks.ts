/** A rank on the points ladder, reached at `min` points; it may grant a title (称号). */
export interface RankStep {
  key: string;
  name: { ja: string; en: string };
  min: number;
  title?: { ja: string; en: string } | null;
}

export const DEFAULT_RANKS: readonly RankStep[] = [
  { key: 'bronze', name: { ja: 'ブロンズ', en: 'Bronze' }, min: 0, title: null },
  { key: 'silver', name: { ja: 'シルバー', en: 'Silver' }, min: 50, title: null },
  { key: 'gold', name: { ja: 'ゴールド', en: 'Gold' }, min: 200, title: { ja: 'ゴールドファン', en: 'Gold fan' } },
  { key: 'platinum', name: { ja: 'プラチナ', en: 'Platinum' }, min: 500, title: { ja: 'プラチナファン', en: 'Platinum fan' } },
];

export interface RankStanding {
  rank: RankStep;
  next: RankStep | null;
  /** Progress from this rank to the next, 0 to 1 (1 at the top). */
  progress: number;
}

/** Where a member with `points` stands on a ladder (steps in any order). */
export function standing(points: number, ladder: readonly RankStep[] = DEFAULT_RANKS): RankStanding {
  const steps = [...ladder].sort((a, b) => a.min - b.min);
  let index = 0;
  for (let i = 0; i < steps.length; i += 1) if (points >= steps[i].min) index = i;
  const rank = steps[index];
  const next = steps[index + 1] ?? null;
  const progress = next ? Math.max(0, Math.min(1, (points - rank.min) / (next.min - rank.min))) : 1;
  return { rank, next, progress };
}

/** The rank a change of points moved a member to, or null when it stayed. */
export function rankChange(before: number, after: number, ladder: readonly RankStep[] = DEFAULT_RANKS): { from: RankStep; to: RankStep } | null {
  const from = standing(before, ladder).rank;
  const to = standing(after, ladder).rank;
  return from.key === to.key ? null : { from, to };
}

/** The ranks whose titles a member with `points` holds: every rank reached, not only the current one. */
export function rankTitles(points: number, ladder: readonly RankStep[] = DEFAULT_RANKS): RankStep[] {
  return ladder.filter((step) => step.title && points >= step.min).sort((a, b) => a.min - b.min);
}

/** Points each kind of action earns in a community. */
export interface PointsTable {
  /** Starting a thread. */
  thread: number;
  /** Replying. */
  reply: number;
  /** A reaction received from someone else. */
  reactionReceived: number;
}

export const DEFAULT_POINTS: Readonly<PointsTable> = { thread: 5, reply: 2, reactionReceived: 1 };

const KEY = /^[a-z0-9][a-z0-9-]{0,30}$/;

/**
 * Checks a rank ladder as a manager typed it; returns problems with their field paths (e.g.
 * `ranks[1].min`), empty when valid: 1–10 ranks, the first from 0, minimums strictly ascending,
 * keys unique.
 */
export function ladderProblems(ladder: readonly RankStep[]): string[] {
  if (ladder.length < 1 || ladder.length > 10) return ['ranks must list 1 to 10 ranks'];
  const problems: string[] = [];
  const seen = new Set<string>();
  ladder.forEach((step, i) => {
    if (!KEY.test(step.key)) problems.push(`ranks[${i}].key must be 1–31 lowercase letters, digits or hyphens`);
    else if (seen.has(step.key)) problems.push(`ranks[${i}].key is used by an earlier rank`);
    seen.add(step.key);
    if (i === 0 && step.min !== 0) problems.push('ranks[0].min must be 0: every member starts on the first rank');
    if (i > 0 && step.min <= ladder[i - 1].min) problems.push(`ranks[${i}].min must be more than the rank before it (${ladder[i - 1].min})`);
  });
  return problems;
}
