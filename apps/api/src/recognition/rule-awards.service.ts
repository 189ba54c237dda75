import { Injectable } from '@nestjs/common';
import { evaluateRule } from '@kizuna/engagement';
import { ActivityService } from '../activity/activity.service';
import { CommunitiesService } from '../communities/communities.service';
import type { BadgeEntity } from './badge.entity';
import { BadgeAwardRepository } from './badge-award.repository';
import { BadgeRepository } from './badge.repository';
import { MemberFactsRepository } from './member-facts.repository';

/**
 * Awards rule badges to members who meet them. Runs inside the caller's transaction (the outbox
 * dispatcher's); a grant is idempotent (the live-grant unique index decides, so two deliveries
 * racing each other award once) and is itself activity, `badge.awarded`.
 */
@Injectable()
export class RuleAwardsService {
  constructor(
    private readonly badges: BadgeRepository,
    private readonly awards: BadgeAwardRepository,
    private readonly facts: MemberFactsRepository,
    private readonly communities: CommunitiesService,
    private readonly activity: ActivityService,
  ) {}

  /** Evaluates the given rule badges (all of the community's when omitted) for some members. */
  async evaluate(communityId: string, userIds: string[], only?: BadgeEntity[]): Promise<number> {
    const badges = (only ?? (await this.badges.listActive(communityId))).filter((b) => b.rule !== null);
    if (badges.length === 0 || userIds.length === 0) return 0;
    const [{ community }, members] = await Promise.all([
      this.communities.accessById(communityId),
      this.communities.membersAmong(communityId, userIds),
    ]);
    let granted = 0;
    for (const member of members) {
      const held = new Set((await this.awards.live(communityId, member.userId)).map((a) => a.badgeId));
      const pending = badges.filter((b) => !held.has(b.id));
      if (pending.length === 0) continue;
      const facts = {
        now: new Date(),
        timeZone: community.timeZone,
        joinedAt: member.joinedAt,
        activity: await this.facts.activity(communityId, member.userId),
        maxReactionsOnOnePost: await this.facts.maxReactionsOnOnePost(communityId, member.userId),
      };
      for (const badge of pending) {
        if (!evaluateRule(badge.rule!, facts).met) continue;
        const award = await this.awards.grant(communityId, { badgeId: badge.id, userId: member.userId, grantKey: '', reason: 'rule', awardedBy: null });
        if (!award) continue;
        granted += 1;
        await this.activity.record({
          type: 'badge.awarded',
          communityId,
          actorId: null,
          subject: { type: 'badge', id: badge.id },
          data: {
            awardId: award.id,
            userId: member.userId,
            reason: 'rule',
            manual: false,
            badge: { key: badge.key, icon: badge.icon, tier: badge.tier, name: { ja: badge.nameJa, en: badge.nameEn } },
          },
        });
      }
    }
    return granted;
  }
}
