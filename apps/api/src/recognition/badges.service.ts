import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type BadgeRule, STAFF_ROLES, type Role } from '@kizuna/contracts';
import { ruleProblems } from '@kizuna/engagement';
import { ActivityService } from '../activity/activity.service';
import { DomainError } from '../common/domain-error';
import { CommunitiesService } from '../communities/communities.service';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import type { BadgeAwardEntity } from './badge-award.entity';
import { BadgeAwardRepository } from './badge-award.repository';
import type { BadgeEntity } from './badge.entity';
import { BadgeRepository } from './badge.repository';
import { BadgeBackfillService } from './badge-backfill.service';
import type { BadgeBackfillEntity } from './badge-backfill.entity';
import type { AwardBadgeDto, BackfillResponse, BadgeResponse, CreateBadgeDto, HolderResponse, PreviewResponse, UpdateBadgeDto } from './dto/badge.dto';
import { awardedBadge, RuleAwardsService } from './rule-awards.service';

const isStaff = (ctx: CommunityContext) => STAFF_ROLES.includes(ctx.membership?.role as Role);

@Injectable()
export class BadgesService {
  constructor(
    private readonly db: DatabaseService,
    private readonly badges: BadgeRepository,
    private readonly awards: BadgeAwardRepository,
    private readonly communities: CommunitiesService,
    private readonly activity: ActivityService,
    private readonly ruleAwards: RuleAwardsService,
    private readonly backfills: BadgeBackfillService,
  ) {}

  /**
   * Badges of the community; hidden ones only to staff and holders. The caller's progress towards
   * rule badges they lack, and for staff the latest back-fill of each.
   */
  async list(ctx: CommunityContext): Promise<BadgeResponse[]> {
    const communityId = ctx.community.id;
    const [badges, holders, mine] = await Promise.all([
      this.badges.listActive(communityId),
      this.awards.holderCounts(communityId),
      ctx.user ? this.awards.live(communityId, ctx.user.id) : Promise.resolve([]),
    ]);
    const held = new Set(mine.map((a) => a.badgeId));
    const visible = badges.filter((b) => !b.hiddenUntilEarned || held.has(b.id) || isStaff(ctx));
    const [progress, backfills] = await Promise.all([
      ctx.membership ? this.ruleAwards.progress(communityId, ctx.community.timeZone, ctx.membership, visible.filter((b) => !held.has(b.id))) : new Map<string, number>(),
      isStaff(ctx) ? this.backfills.latest(communityId, visible.map((b) => b.id)) : new Map<string, BadgeBackfillEntity>(),
    ]);
    return visible.map((b) => ({
      ...toBadgeResponse(b, holders.get(b.id) ?? 0, held.has(b.id)),
      progress: progress.get(b.id) ?? null,
      backfill: backfills.has(b.id) ? toBackfillResponse(backfills.get(b.id)!) : null,
    }));
  }

  /** Who would meet a rule now (nothing is awarded). */
  async preview(ctx: CommunityContext, rule: unknown): Promise<PreviewResponse> {
    const problems = ruleProblems(rule);
    if (problems.length > 0) throw new DomainError('bad-request', 'INVALID_RULE', problems.join('; '), 'rule');
    const result = await this.ruleAwards.preview(ctx.community.id, ctx.community.timeZone, rule as BadgeRule, 20);
    const names = await this.communities.displayNames(result.sample);
    return { qualifying: result.qualifying, evaluated: result.evaluated, sample: result.sample.map((userId) => ({ userId, displayName: names.get(userId) ?? '' })) };
  }

  async backfill(ctx: CommunityContext, badgeId: string): Promise<BackfillResponse> {
    await this.requireBadge(ctx, badgeId);
    const job = (await this.backfills.latest(ctx.community.id, [badgeId])).get(badgeId);
    if (!job) throw DomainError.notFound('backfill');
    return toBackfillResponse(job);
  }

  /** Members holding a badge, with who awarded it and why. */
  async holders(ctx: CommunityContext, badgeId: string): Promise<HolderResponse[]> {
    await this.requireBadge(ctx, badgeId);
    const awards = await this.awards.holdersOf(ctx.community.id, badgeId);
    const names = await this.communities.displayNames(awards.map((a) => a.userId));
    return awards.map((a) => ({ ...toAwardResponse(a), displayName: names.get(a.userId) ?? '' }));
  }

  async create(ctx: CommunityContext, input: CreateBadgeDto): Promise<BadgeResponse> {
    if (input.rule !== undefined) {
      const problems = ruleProblems(input.rule);
      if (problems.length > 0) throw new DomainError('bad-request', 'INVALID_RULE', problems.join('; '), 'rule');
    }
    const badge = await this.db.transaction(async () => {
      const created = await this.badges.insertIfKeyFree(ctx.community.id, {
        key: input.key,
        nameJa: input.name.ja,
        nameEn: input.name.en,
        descriptionJa: input.description?.ja ?? '',
        descriptionEn: input.description?.en ?? '',
        icon: input.icon,
        tier: input.tier,
        grouping: input.grouping ?? '',
        rule: input.rule ?? null,
        multiple: input.multiple ?? false,
        hiddenUntilEarned: input.hiddenUntilEarned ?? false,
        titleJa: input.grantsTitle?.ja ?? null,
        titleEn: input.grantsTitle?.en ?? null,
        titleExpiresAt: input.titleExpiresAt ? new Date(input.titleExpiresAt) : null,
      });
      if (!created) throw new DomainError('conflict', 'BADGE_KEY_TAKEN', 'key is already used by another badge of this community', 'key');
      await this.activity.record({ type: 'badge.created', communityId: ctx.community.id, actorId: ctx.user!.id, subject: { type: 'badge', id: created.id } });
      if (created.rule) await this.backfills.enqueue(ctx.community.id, created.id);
      return created;
    });
    return this.withBackfill(ctx, toBadgeResponse(badge, 0, false));
  }

  /** Edits a badge; a changed rule is back-filled (the recognition consumer sees `badge.updated`). */
  async update(ctx: CommunityContext, badgeId: string, input: UpdateBadgeDto): Promise<BadgeResponse> {
    const badge = await this.requireBadge(ctx, badgeId);
    if (input.rule !== undefined && input.rule !== null) {
      const problems = ruleProblems(input.rule);
      if (problems.length > 0) throw new DomainError('bad-request', 'INVALID_RULE', problems.join('; '), 'rule');
    }
    const changes: Partial<BadgeEntity> = {
      ...(input.name ? { nameJa: input.name.ja, nameEn: input.name.en } : {}),
      ...(input.description ? { descriptionJa: input.description.ja, descriptionEn: input.description.en } : {}),
      ...(input.icon !== undefined ? { icon: input.icon } : {}),
      ...(input.tier !== undefined ? { tier: input.tier } : {}),
      ...(input.grouping !== undefined ? { grouping: input.grouping } : {}),
      ...(input.rule !== undefined ? { rule: input.rule } : {}),
      ...(input.hiddenUntilEarned !== undefined ? { hiddenUntilEarned: input.hiddenUntilEarned } : {}),
      ...(input.grantsTitle !== undefined ? { titleJa: input.grantsTitle?.ja ?? null, titleEn: input.grantsTitle?.en ?? null } : {}),
      ...(input.titleExpiresAt !== undefined ? { titleExpiresAt: input.titleExpiresAt ? new Date(input.titleExpiresAt) : null } : {}),
      ...(input.archived ? { archivedAt: new Date() } : {}),
    };
    const updated = { ...badge, ...changes };
    if (Object.keys(changes).length > 0) {
      await this.db.transaction(async () => {
        await this.badges.update(ctx.community.id, { id: badgeId }, changes);
        await this.activity.record({
          type: 'badge.updated',
          communityId: ctx.community.id,
          actorId: ctx.user!.id,
          subject: { type: 'badge', id: badgeId },
          data: { changes: Object.keys(changes) },
        });
        if (input.rule && !updated.archivedAt) await this.backfills.enqueue(ctx.community.id, badgeId);
      });
    }
    const holders = (await this.awards.holderCounts(ctx.community.id)).get(badgeId) ?? 0;
    return this.withBackfill(ctx, toBadgeResponse(updated, holders, false));
  }

  /** A manager's award, with the reason; a second grant of a single-grant badge is 409. */
  async award(ctx: CommunityContext, badgeId: string, input: AwardBadgeDto): Promise<BadgeAwardEntity> {
    const badge = await this.requireBadge(ctx, badgeId);
    const [member] = await this.communities.membersAmong(ctx.community.id, [input.userId]);
    if (!member || member.erasedAt) throw DomainError.notFound('member');
    return this.db.transaction(async () => {
      const award = await this.awards.grant(ctx.community.id, {
        badgeId: badge.id,
        userId: input.userId,
        grantKey: badge.multiple ? randomUUID() : '',
        reason: input.reason,
        awardedBy: ctx.user!.id,
      });
      if (!award) throw new DomainError('conflict', 'ALREADY_AWARDED', 'This member already holds this badge');
      await this.activity.record({
        type: 'badge.awarded',
        communityId: ctx.community.id,
        actorId: ctx.user!.id,
        subject: { type: 'badge', id: badge.id },
        data: { awardId: award.id, userId: input.userId, communitySlug: ctx.community.slug, reason: input.reason, manual: true, badge: awardedBadge(badge) },
      });
      return award;
    });
  }

  async revoke(ctx: CommunityContext, badgeId: string, userId: string, reason: string): Promise<void> {
    const badge = await this.requireBadge(ctx, badgeId);
    await this.db.transaction(async () => {
      const revoked = await this.awards.revoke(ctx.community.id, badge.id, userId, ctx.user!.id, reason);
      if (revoked === 0) throw DomainError.notFound('award');
      await this.activity.record({
        type: 'badge.revoked',
        communityId: ctx.community.id,
        actorId: ctx.user!.id,
        subject: { type: 'badge', id: badge.id },
        data: { userId, reason },
      });
    });
  }

  /** The badge as staff see it after saving: with the back-fill it started. */
  private async withBackfill(ctx: CommunityContext, badge: BadgeResponse): Promise<BadgeResponse> {
    const job = (await this.backfills.latest(ctx.community.id, [badge.id])).get(badge.id);
    return { ...badge, backfill: job ? toBackfillResponse(job) : null };
  }

  private async requireBadge(ctx: CommunityContext, badgeId: string): Promise<BadgeEntity> {
    const badge = await this.badges.findOneBy(ctx.community.id, { id: badgeId });
    if (!badge || badge.archivedAt) throw DomainError.notFound('badge');
    return badge;
  }
}

export function toAwardResponse(award: BadgeAwardEntity) {
  return { id: award.id, badgeId: award.badgeId, userId: award.userId, reason: award.reason, awardedBy: award.awardedBy, awardedAt: award.awardedAt.toISOString() };
}

function toBackfillResponse(job: BadgeBackfillEntity): BackfillResponse {
  return {
    status: job.status,
    total: job.total,
    done: job.done,
    awarded: job.awarded,
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export function toBadgeResponse(badge: BadgeEntity, holders: number, held: boolean): BadgeResponse {
  return {
    id: badge.id,
    key: badge.key,
    name: { ja: badge.nameJa, en: badge.nameEn },
    description: { ja: badge.descriptionJa, en: badge.descriptionEn },
    icon: badge.icon,
    tier: badge.tier,
    grouping: badge.grouping,
    rule: badge.rule,
    multiple: badge.multiple,
    hiddenUntilEarned: badge.hiddenUntilEarned,
    grantsTitle: badge.titleJa && badge.titleEn ? { ja: badge.titleJa, en: badge.titleEn } : null,
    titleExpiresAt: badge.titleExpiresAt?.toISOString() ?? null,
    holders,
    held,
    progress: null,
    backfill: null,
  };
}
