import { Injectable } from '@nestjs/common';
import { standing } from '@kizuna/engagement';
import { AuthService } from '../auth/auth.service';
import { DomainError } from '../common/domain-error';
import { CommunitiesService } from '../communities/communities.service';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import { BadgeAwardRepository } from './badge-award.repository';
import type { BadgeEntity } from './badge.entity';
import { BadgeRepository } from './badge.repository';
import type { LeaderboardEntryResponse, MemberProfileResponse, MyTitlesResponse } from './dto/profile.dto';
import type { LocalizedName } from './dto/badge.dto';
import { PointsRepository } from './points.repository';
import { ShownTitleRepository } from './shown-title.repository';

const titleOf = (badge: BadgeEntity | undefined): LocalizedName | null =>
  badge?.titleJa && badge.titleEn ? { ja: badge.titleJa, en: badge.titleEn } : null;

const DAY = 86_400_000;

/** Profiles, titles (称号) and the leaderboard: what recognition shows of a member. */
@Injectable()
export class ProfilesService {
  constructor(
    private readonly db: DatabaseService,
    private readonly badges: BadgeRepository,
    private readonly awards: BadgeAwardRepository,
    private readonly points: PointsRepository,
    private readonly titles: ShownTitleRepository,
    private readonly communities: CommunitiesService,
    private readonly auth: AuthService,
  ) {}

  async profile(ctx: CommunityContext, userId: string): Promise<MemberProfileResponse> {
    const { membership, user } = await this.communities.profile(ctx, userId);
    const communityId = ctx.community.id;
    const [awards, badges, points, shown] = await Promise.all([
      this.awards.live(communityId, userId),
      this.badges.listActive(communityId),
      this.points.total(communityId, userId),
      this.titles.shownBy(communityId, [userId]),
    ]);
    const byId = new Map(badges.map((b) => [b.id, b]));
    const held = awards.filter((a) => byId.has(a.badgeId));
    const rank = standing(points);
    return {
      userId,
      displayName: user.displayName,
      role: membership.role,
      joinedAt: membership.joinedAt.toISOString(),
      title: titleOf(byId.get(shown.get(userId) ?? '')),
      badges: held.map((a) => {
        const b = byId.get(a.badgeId)!;
        return { id: b.id, name: { ja: b.nameJa, en: b.nameEn }, icon: b.icon, tier: b.tier, awardedAt: a.awardedAt.toISOString() };
      }),
      points,
      place: await this.points.rankOf(communityId, points),
      rank: { key: rank.rank.key, name: rank.rank.name, nextName: rank.next?.name ?? null, nextAt: rank.next?.min ?? null, progress: rank.progress },
    };
  }

  async myTitles(ctx: CommunityContext): Promise<MyTitlesResponse> {
    const communityId = ctx.community.id;
    const userId = ctx.user!.id;
    const [awards, badges, shown] = await Promise.all([this.awards.live(communityId, userId), this.badges.listActive(communityId), this.titles.shownBy(communityId, [userId])]);
    const heldIds = new Set(awards.map((a) => a.badgeId));
    const titles = badges.filter((b) => heldIds.has(b.id) && titleOf(b)).map((b) => ({ id: b.id, name: titleOf(b)! }));
    const current = shown.get(userId) ?? null;
    return { titles, shown: titles.some((t) => t.id === current) ? current : null };
  }

  /** Shows a title the member holds (or none); a title not held is refused. */
  async chooseTitle(ctx: CommunityContext, titleId: string | null): Promise<MyTitlesResponse> {
    if (!ctx.membership) throw DomainError.forbidden('Join this community first');
    if (titleId !== null && !(await this.myTitles(ctx)).titles.some((t) => t.id === titleId)) {
      throw new DomainError('bad-request', 'TITLE_NOT_HELD', 'titleId must be a title you hold', 'titleId');
    }
    await this.db.transaction(() => this.titles.choose(ctx.community.id, ctx.user!.id, titleId));
    return this.myTitles(ctx);
  }

  async leaderboard(ctx: CommunityContext, period: 'all' | '30d' | '7d'): Promise<LeaderboardEntryResponse[]> {
    const communityId = ctx.community.id;
    const since = period === 'all' ? null : new Date(Date.now() - (period === '30d' ? 30 : 7) * DAY);
    const rows = await this.points.leaderboard(communityId, since, 50);
    const members = new Set((await this.communities.membersAmong(communityId, rows.map((r) => r.userId))).map((m) => m.userId));
    const standingRows = rows.filter((r) => members.has(r.userId));
    const [accounts, shown, badges] = await Promise.all([
      this.auth.findAccounts(standingRows.map((r) => r.userId)),
      this.titles.shownBy(communityId, standingRows.map((r) => r.userId)),
      this.badges.listActive(communityId),
    ]);
    const names = new Map(accounts.map((a) => [a.id, a.displayName]));
    const byId = new Map(badges.map((b) => [b.id, b]));
    let place = 0;
    let previous: number | null = null;
    return standingRows.map((row, i) => {
      if (row.points !== previous) place = i + 1;
      previous = row.points;
      return { place, userId: row.userId, displayName: names.get(row.userId) ?? '', title: titleOf(byId.get(shown.get(row.userId) ?? '')), points: row.points };
    });
  }
}
