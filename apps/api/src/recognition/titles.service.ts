import { Injectable } from '@nestjs/common';
import { rankTitles } from '@kizuna/engagement';
import { DomainError } from '../common/domain-error';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import { BadgeAwardRepository } from './badge-award.repository';
import type { BadgeEntity } from './badge.entity';
import { BadgeRepository } from './badge.repository';
import type { LocalizedName } from './dto/badge.dto';
import type { MyTitlesResponse, TitleResponse } from './dto/profile.dto';
import { PointsRepository } from './points.repository';
import { RecognitionSettingsRepository } from './recognition-settings.repository';
import { ShownTitleRepository } from './shown-title.repository';

const RANK_PREFIX = 'rank:';

/**
 * Titles (称号): granted by a badge (until its expiry, for seasonal and event titles) or by reaching
 * a rank; a member shows one of those they hold. A title no longer held (badge revoked, expired,
 * points lost) is no longer shown, without anyone having to clear the choice.
 */
@Injectable()
export class TitlesService {
  constructor(
    private readonly db: DatabaseService,
    private readonly badges: BadgeRepository,
    private readonly awards: BadgeAwardRepository,
    private readonly points: PointsRepository,
    private readonly settings: RecognitionSettingsRepository,
    private readonly shown: ShownTitleRepository,
  ) {}

  /** The titles each of these members holds now, by user id. */
  async held(communityId: string, userIds: string[]): Promise<Map<string, TitleResponse[]>> {
    const now = Date.now();
    const [badges, awards, totals, { ranks }] = await Promise.all([
      this.badges.listActive(communityId),
      this.awards.liveOf(communityId, userIds),
      this.points.totals(communityId, userIds),
      this.settings.get(communityId),
    ]);
    const titled = new Map(badges.filter((b) => titleOf(b) && (!b.titleExpiresAt || b.titleExpiresAt.getTime() > now)).map((b) => [b.id, b]));
    const held = new Map<string, TitleResponse[]>(userIds.map((id) => [id, []]));
    for (const award of awards) {
      const badge = titled.get(award.badgeId);
      const list = held.get(award.userId)!;
      if (badge && !list.some((t) => t.id === badge.id)) {
        list.push({ id: badge.id, name: titleOf(badge)!, source: 'badge', expiresAt: badge.titleExpiresAt?.toISOString() ?? null });
      }
    }
    for (const userId of userIds) {
      for (const rank of rankTitles(totals.get(userId) ?? 0, ranks)) {
        held.get(userId)!.push({ id: `${RANK_PREFIX}${rank.key}`, name: rank.title!, source: 'rank', expiresAt: null });
      }
    }
    return held;
  }

  /** The title each of these members shows, for names wherever they appear. */
  async shownBy(communityId: string, userIds: string[]): Promise<Map<string, LocalizedName>> {
    const unique = [...new Set(userIds)];
    const chosen = await this.shown.shownBy(communityId, unique);
    if (chosen.size === 0) return new Map();
    const held = await this.held(communityId, [...chosen.keys()]);
    const shown = new Map<string, LocalizedName>();
    for (const [userId, titleId] of chosen) {
      const title = held.get(userId)?.find((t) => t.id === titleId);
      if (title) shown.set(userId, title.name);
    }
    return shown;
  }

  async mine(ctx: CommunityContext): Promise<MyTitlesResponse> {
    const userId = ctx.user!.id;
    const [held, chosen] = await Promise.all([this.held(ctx.community.id, [userId]), this.shown.shownBy(ctx.community.id, [userId])]);
    const titles = held.get(userId) ?? [];
    const current = chosen.get(userId) ?? null;
    return { titles, shown: titles.some((t) => t.id === current) ? current : null };
  }

  /** Shows a title the member holds (or none); a title not held is refused. */
  async choose(ctx: CommunityContext, titleId: string | null): Promise<MyTitlesResponse> {
    if (!ctx.membership) throw DomainError.forbidden('Join this community first');
    if (titleId !== null && !(await this.mine(ctx)).titles.some((t) => t.id === titleId)) {
      throw new DomainError('bad-request', 'TITLE_NOT_HELD', 'titleId must be a title you hold', 'titleId');
    }
    await this.db.transaction(() => this.shown.choose(ctx.community.id, ctx.user!.id, titleId));
    return this.mine(ctx);
  }
}

export const titleOf = (badge: BadgeEntity | undefined): LocalizedName | null =>
  badge?.titleJa && badge.titleEn ? { ja: badge.titleJa, en: badge.titleEn } : null;
