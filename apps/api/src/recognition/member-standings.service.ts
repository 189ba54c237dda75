import { Injectable } from '@nestjs/common';
import { standing } from '@kizuna/engagement';
import { BadgeAwardRepository } from './badge-award.repository';
import { PointsRepository } from './points.repository';
import { RecognitionSettingsRepository } from './recognition-settings.repository';

export interface MemberStanding {
  points: number;
  rank: string;
  badgeIds: Set<string>;
}

/** Points, rank and badges of many members at once (segments and analytics ask for thousands). */
@Injectable()
export class MemberStandingsService {
  constructor(
    private readonly points: PointsRepository,
    private readonly awards: BadgeAwardRepository,
    private readonly settings: RecognitionSettingsRepository,
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
}
