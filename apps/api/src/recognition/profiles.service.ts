import { Injectable } from '@nestjs/common';
import { standing } from '@kizuna/engagement';
import { CommunitiesService } from '../communities/communities.service';
import type { CommunityContext } from '../communities/community-access';
import { BadgeAwardRepository } from './badge-award.repository';
import { BadgeRepository } from './badge.repository';
import type { LocalizedName } from './dto/badge.dto';
import type { LeaderboardEntryResponse, MemberProfileResponse, RecentActivityResponse } from './dto/profile.dto';
import { MemberFactsRepository, type RecentActivityRow } from './member-facts.repository';
import { PerksService } from './perks.service';
import { PointsRepository } from './points.repository';
import { RecognitionSettingsRepository } from './recognition-settings.repository';
import { TitlesService } from './titles.service';

const DAY = 86_400_000;

/** Profiles and the leaderboard: what recognition shows of a member. */
@Injectable()
export class ProfilesService {
  constructor(
    private readonly badges: BadgeRepository,
    private readonly awards: BadgeAwardRepository,
    private readonly points: PointsRepository,
    private readonly settings: RecognitionSettingsRepository,
    private readonly titles: TitlesService,
    private readonly facts: MemberFactsRepository,
    private readonly perks: PerksService,
    private readonly communities: CommunitiesService,
  ) {}

  /** One round of parallel reads (the membership check among them), so a profile costs about one query's latency. */
  async profile(ctx: CommunityContext, userId: string): Promise<MemberProfileResponse> {
    const communityId = ctx.community.id;
    const [{ membership, user }, awards, badges, { points, place }, shown, { ranks }, recent] = await Promise.all([
      this.communities.profile(ctx, userId),
      this.awards.live(communityId, userId),
      this.badges.listActive(communityId),
      this.points.standing(communityId, userId),
      this.titles.shownBy(communityId, [userId]),
      this.settings.get(communityId),
      this.perks.hiddenBoardIds(ctx).then((hidden) => this.facts.recent(communityId, userId, [...hidden], 10)),
    ]);
    const byId = new Map(badges.map((b) => [b.id, b]));
    const rank = standing(points, ranks);
    return {
      userId,
      displayName: user.displayName,
      role: membership.role,
      joinedAt: membership.joinedAt.toISOString(),
      title: shown.get(userId) ?? null,
      badges: awards
        .filter((a) => byId.has(a.badgeId))
        .map((a) => {
          const b = byId.get(a.badgeId)!;
          return { id: b.id, name: { ja: b.nameJa, en: b.nameEn }, icon: b.icon, tier: b.tier, awardedAt: a.awardedAt.toISOString() };
        }),
      points,
      place,
      rank: { key: rank.rank.key, name: rank.rank.name, nextName: rank.next?.name ?? null, nextAt: rank.next?.min ?? null, progress: rank.progress },
      recentActivity: recent.map(toRecentActivity),
    };
  }

  /** Members by points in a period; suspended and erased members are left out. */
  async leaderboard(ctx: CommunityContext, period: 'all' | '30d' | '7d'): Promise<LeaderboardEntryResponse[]> {
    const communityId = ctx.community.id;
    const since = period === 'all' ? null : new Date(Date.now() - (period === '30d' ? 30 : 7) * DAY);
    const rows = await this.points.leaderboard(communityId, since, 50);
    const standingMembers = new Set((await this.communities.membersAmong(communityId, rows.map((r) => r.userId))).filter((m) => !m.suspendedAt && !m.erasedAt).map((m) => m.userId));
    const listed = rows.filter((r) => standingMembers.has(r.userId));
    const userIds = listed.map((r) => r.userId);
    const [names, shown, totals, { ranks }] = await Promise.all([
      this.communities.displayNames(userIds),
      this.titles.shownBy(communityId, userIds),
      period === 'all' ? new Map(listed.map((r) => [r.userId, r.points])) : this.points.totals(communityId, userIds),
      this.settings.get(communityId),
    ]);
    let place = 0;
    let previous: number | null = null;
    return listed.map((row, i) => {
      if (row.points !== previous) place = i + 1;
      previous = row.points;
      const rank = standing(totals.get(row.userId) ?? 0, ranks).rank;
      return {
        place,
        userId: row.userId,
        displayName: names.get(row.userId) ?? '',
        title: shown.get(row.userId) ?? null,
        points: row.points,
        rank: { key: rank.key, name: rank.name },
      };
    });
  }
}

function toRecentActivity(row: RecentActivityRow): RecentActivityResponse {
  const data = row.data;
  const badge = row.type === 'badge.awarded' ? (data.badge as { name: LocalizedName; icon: string }) : null;
  return {
    type: row.type,
    at: new Date(row.at).toISOString(),
    threadId: row.type === 'thread.created' ? row.subject_id : row.type === 'post.created' ? String(data.threadId) : null,
    threadTitle: row.thread_title,
    postId: row.type === 'post.created' ? row.subject_id : row.type === 'thread.created' ? String(data.postId) : null,
    badge: badge ? { name: badge.name, icon: badge.icon } : null,
    rank: row.type === 'rank.changed' ? (data.name as LocalizedName) : null,
  };
}
