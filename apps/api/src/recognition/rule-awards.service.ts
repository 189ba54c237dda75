import { Injectable } from '@nestjs/common';
import type { BadgeRule } from '@kizuna/contracts';
import { evaluateRule, needsCustomer } from '@kizuna/engagement';
import { ActivityService } from '../activity/activity.service';
import { CommunitiesService } from '../communities/communities.service';
import type { BadgeEntity } from './badge.entity';
import { BadgeAwardRepository } from './badge-award.repository';
import { BadgeRepository } from './badge.repository';
import { MemberFactsRepository } from './member-facts.repository';

/** What `badge.awarded` carries about the badge (the live toast and notifications read it). */
export const awardedBadge = (badge: BadgeEntity) => ({
  key: badge.key,
  icon: badge.icon,
  tier: badge.tier,
  name: { ja: badge.nameJa, en: badge.nameEn },
  title: badge.titleJa && badge.titleEn ? { ja: badge.titleJa, en: badge.titleEn } : null,
});

/**
 * Awards rule badges to members who meet them. Runs inside the caller's transaction (the outbox
 * dispatcher's or a back-fill batch's); a grant is idempotent (the live-grant unique index
 * decides, so two deliveries racing each other award once) and is itself activity, `badge.awarded`.
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
    const [{ community }, members, held] = await Promise.all([
      this.communities.accessById(communityId),
      this.communities.membersAmong(communityId, userIds),
      this.awards.liveOf(communityId, userIds),
    ]);
    let granted = 0;
    for (const member of members) {
      const mine = new Set(held.filter((a) => a.userId === member.userId).map((a) => a.badgeId));
      const pending = badges.filter((b) => !mine.has(b.id));
      if (pending.length === 0) continue;
      const facts = await this.facts.of(communityId, community.timeZone, member, pending.some((b) => needsCustomer(b.rule!)));
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
          data: { awardId: award.id, userId: member.userId, communitySlug: community.slug, reason: 'rule', manual: false, badge: awardedBadge(badge) },
        });
      }
    }
    return granted;
  }

  /** How far one member is towards each of these rule badges (0 to 1). */
  async progress(communityId: string, timeZone: string, member: { userId: string; joinedAt: Date }, badges: BadgeEntity[]): Promise<Map<string, number>> {
    const rules = badges.filter((b) => b.rule !== null);
    if (rules.length === 0) return new Map();
    const facts = await this.facts.of(communityId, timeZone, member, rules.some((b) => needsCustomer(b.rule!)));
    return new Map(rules.map((b) => [b.id, evaluateRule(b.rule!, facts).progress]));
  }

  /** Who would meet a rule now, without awarding anything: counts and the first qualifiers. */
  async preview(communityId: string, timeZone: string, rule: BadgeRule, sampleSize: number): Promise<{ evaluated: number; qualifying: number; sample: string[] }> {
    const sample: string[] = [];
    let qualifying = 0;
    let evaluated = 0;
    for (let after: string | null = null; ; ) {
      const ids = await this.communities.memberIdsAfter(communityId, after, 200);
      if (ids.length === 0) break;
      for (const member of await this.communities.membersAmong(communityId, ids)) {
        evaluated += 1;
        if (!evaluateRule(rule, await this.facts.of(communityId, timeZone, member, needsCustomer(rule))).met) continue;
        qualifying += 1;
        if (sample.length < sampleSize) sample.push(member.userId);
      }
      after = ids.at(-1)!;
    }
    return { evaluated, qualifying, sample };
  }
}
