import { Injectable } from '@nestjs/common';
import { addDays, engagementScore, tierOf } from '@kizuna/engagement';
import { ActivityService } from '../activity/activity.service';
import { DomainError } from '../common/domain-error';
import { CommunitiesService } from '../communities/communities.service';
import type { CommunityContext } from '../communities/community-access';
import { AnalyticsSettingsRepository } from './analytics-settings.repository';
import { AnalyticsRepository } from './analytics.repository';
import type { MemberEngagementResponse } from './dto/analytics.dto';

const SCORE_DAYS = 360;

/**
 * A member's engagement score and tier. After each of their activities the tier is recomputed and a
 * change is recorded as `tier.changed` (in the outbox consumer's transaction, so once).
 */
@Injectable()
export class MemberTiersService {
  constructor(
    private readonly rollups: AnalyticsRepository,
    private readonly activity: ActivityService,
    private readonly communities: CommunitiesService,
    private readonly settings: AnalyticsSettingsRepository,
  ) {}

  async update(communityId: string, userId: string, today: string): Promise<void> {
    const model = await this.settings.get(communityId);
    const score = await this.score(communityId, userId, today, model.weights);
    const tier = tierOf(score, model.tiers);
    const before = await this.rollups.swapTier(communityId, userId, tier.key, score);
    if (before === null || before === tier.key) return;
    const previous = model.tiers.find((t) => t.key === before);
    await this.activity.record({
      type: 'tier.changed',
      communityId,
      actorId: null,
      subject: { type: 'user', id: userId },
      data: { userId, from: before, to: tier.key, direction: previous && previous.min > tier.min ? 'down' : 'up', score },
    });
  }

  /** For staff: a member's score, tier, and the last 12 weeks of scores. */
  async of(ctx: CommunityContext, userId: string, today: string): Promise<MemberEngagementResponse> {
    const [member] = await this.communities.membersAmong(ctx.community.id, [userId]);
    if (!member) throw DomainError.notFound('member');
    const [days, model] = await Promise.all([this.rollups.memberDaysOf(ctx.community.id, userId, addDays(today, -(SCORE_DAYS + 84)), today), this.settings.get(ctx.community.id)]);
    const counts = days.map((d) => ({ day: d.day, counts: d.counts }));
    const score = engagementScore(counts, model.weights, today);
    const tier = tierOf(score, model.tiers);
    return {
      userId,
      score,
      tier: { key: tier.key, name: tier.name },
      weekly: Array.from({ length: 12 }, (_, i) => {
        const asOf = addDays(today, -7 * (11 - i));
        return { asOf, score: engagementScore(counts, model.weights, asOf) };
      }),
      lastActiveDay: days.filter((d) => d.active).at(-1)?.day ?? null,
    };
  }

  private async score(communityId: string, userId: string, today: string, weights: Record<string, number>): Promise<number> {
    const days = await this.rollups.memberDaysOf(communityId, userId, addDays(today, -SCORE_DAYS), today);
    return engagementScore(days.map((d) => ({ day: d.day, counts: d.counts })), weights, today);
  }
}
