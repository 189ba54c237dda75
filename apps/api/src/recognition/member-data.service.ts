import { Injectable } from '@nestjs/common';
import { standing } from '@kizuna/engagement';
import { BadgeAwardRepository } from './badge-award.repository';
import { BadgeRepository } from './badge.repository';
import type { LocalizedName } from './dto/badge.dto';
import type { TitleResponse } from './dto/profile.dto';
import { PointsRepository } from './points.repository';
import { RecognitionSettingsRepository } from './recognition-settings.repository';
import { ShownTitleRepository } from './shown-title.repository';
import { TitlesService } from './titles.service';

export interface RecognitionExport {
  communityId: string;
  badges: Array<{ badgeId: string; name: LocalizedName | null; reason: string; awardedAt: string; revokedAt: string | null }>;
  titles: TitleResponse[];
  shownTitleId: string | null;
  points: number;
  rank: string;
  ledger: Array<{ points: number; reason: string; at: string }>;
}

/** What recognition holds of a member: badges, titles, points and rank (their export), and what goes on erasure. */
@Injectable()
export class MemberDataService {
  constructor(
    private readonly badges: BadgeRepository,
    private readonly awards: BadgeAwardRepository,
    private readonly points: PointsRepository,
    private readonly settings: RecognitionSettingsRepository,
    private readonly shown: ShownTitleRepository,
    private readonly titles: TitlesService,
  ) {}

  async exportFor(communityId: string, userId: string): Promise<RecognitionExport> {
    const [badges, awards, ledger, held, chosen, { ranks }] = await Promise.all([
      this.badges.find(communityId),
      this.awards.find(communityId, { where: { userId }, order: { awardedAt: 'ASC' } }),
      this.points.find(communityId, { where: { userId }, order: { createdAt: 'ASC' } }),
      this.titles.held(communityId, [userId]),
      this.shown.shownBy(communityId, [userId]),
      this.settings.get(communityId),
    ]);
    const names = new Map(badges.map((b) => [b.id, { ja: b.nameJa, en: b.nameEn }]));
    const points = ledger.reduce((sum, entry) => sum + entry.points, 0);
    return {
      communityId,
      badges: awards.map((a) => ({ badgeId: a.badgeId, name: names.get(a.badgeId) ?? null, reason: a.reason, awardedAt: a.awardedAt.toISOString(), revokedAt: a.revokedAt?.toISOString() ?? null })),
      titles: held.get(userId) ?? [],
      shownTitleId: chosen.get(userId) ?? null,
      points,
      rank: standing(points, ranks).rank.key,
      ledger: ledger.map((e) => ({ points: e.points, reason: e.reason, at: e.createdAt.toISOString() })),
    };
  }

  /** On erasure: the member no longer shows a title (badges and points stay as ids for counts). */
  async eraseFor(communityId: string, userId: string): Promise<void> {
    await this.shown.choose(communityId, userId, null);
  }
}
