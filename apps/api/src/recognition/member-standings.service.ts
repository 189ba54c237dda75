import { Injectable } from '@nestjs/common';
import { standing } from '@kizuna/engagement';
import { BadgeAwardRepository } from './badge-award.repository';
import { BadgeRepository } from './badge.repository';
import { PointsRepository } from './points.repository';
import { RecognitionSettingsRepository } from './recognition-settings.repository';

export interface MemberStanding {
  points: number;
  rank: string;
  badgeIds: Set<string>;
}

/** Points, rank and badges of many members at once, and awards over time (segments and analytics ask for thousands). */
@Injectable()
export class MemberStandingsService {
  constructor(
    private readonly points: PointsRepository,
    private readonly awards: BadgeAwardRepository,
    private readonly settings: RecognitionSettingsRepository,
    private readonly badges: BadgeRepository,
  ) {}

  async of(communityId: string, userIds: string[]): Promise<Map<string, MemberStanding>> {
    const [totals, awards, { ranks }] = await Promise.all([this.points.totals(communityId, userIds), this.awards.liveOf(communityId, userIds), this.settings.get(communityId)]);
    const standings = new Map<string, MemberStanding>();
    for (const userId of userIds) {
      const points = totals.get(userId) ?? 0;
      standings.set(userId, { points, rank: standing(points, ranks).rank.key, badgeIds: new Set() });
    }
    for (const award of awards) standings.get(award.userId)?.badgeIds.add(award.badgeId);
    return standings;
  }

  /** Badges granted in [from, to): which badge, to whom, when (badge impact analysis). */
  async awardsBetween(communityId: string, from: Date, to: Date): Promise<Array<{ badgeId: string; badgeName: { ja: string; en: string }; userId: string; awardedAt: Date }>> {
    const [awards, badges] = await Promise.all([this.awards.grantedBetween(communityId, from, to), this.badges.listActive(communityId)]);
    const names = new Map(badges.map((b) => [b.id, { ja: b.nameJa, en: b.nameEn }]));
    return awards.filter((a) => names.has(a.badgeId)).map((a) => ({ badgeId: a.badgeId, badgeName: names.get(a.badgeId)!, userId: a.userId, awardedAt: a.awardedAt }));
  }
}
