/** A rank on the points ladder, reached at `min` points. */
export interface RankStep {
  key: string;
  name: { ja: string; en: string };
  min: number;
}

export const DEFAULT_RANKS: readonly RankStep[] = [
  { key: 'bronze', name: { ja: 'ブロンズ', en: 'Bronze' }, min: 0 },
  { key: 'silver', name: { ja: 'シルバー', en: 'Silver' }, min: 50 },
  { key: 'gold', name: { ja: 'ゴールド', en: 'Gold' }, min: 200 },
  { key: 'platinum', name: { ja: 'プラチナ', en: 'Platinum' }, min: 500 },
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

/** Points each kind of activity earns (per community later; these are the defaults). */
export const DEFAULT_POINTS: Readonly<Record<string, number>> = {
  'thread.created': 5,
  'post.created': 2,
  'reaction.received': 1,
};
