import { Injectable } from '@nestjs/common';
import { MODERATION_ROLES, type Role } from '@kizuna/contracts';
import { standing } from '@kizuna/engagement';
import { ActivityService } from '../activity/activity.service';
import { DomainError } from '../common/domain-error';
import type { CommunityContext } from '../communities/community-access';
import { DatabaseService } from '../database/database.service';
import { BadgeAwardRepository } from './badge-award.repository';
import { BadgeRepository } from './badge.repository';
import type { AddCodesDto, CreatePerkDto, MyPerkResponse, PerkResponse } from './dto/perk.dto';
import type { PerkEntity } from './perk.entity';
import { type PerkCounts, PerksRepository } from './perks.repository';
import { PointsRepository } from './points.repository';
import { RecognitionSettingsRepository } from './recognition-settings.repository';

/**
 * Perks (限定特典) a badge or a rank unlocks: coupon codes from a pool (each code to one member, one
 * per member), private links, and members-only boards. Redemptions are activity.
 */
@Injectable()
export class PerksService {
  constructor(
    private readonly db: DatabaseService,
    private readonly perks: PerksRepository,
    private readonly badges: BadgeRepository,
    private readonly awards: BadgeAwardRepository,
    private readonly points: PointsRepository,
    private readonly settings: RecognitionSettingsRepository,
    private readonly activity: ActivityService,
  ) {}

  async list(ctx: CommunityContext): Promise<PerkResponse[]> {
    const [perks, counts] = await Promise.all([this.perks.list(ctx.community.id), this.perks.counts(ctx.community.id)]);
    return perks.map((p) => toPerkResponse(p, counts.get(p.id)));
  }

  async create(ctx: CommunityContext, input: CreatePerkDto): Promise<PerkResponse> {
    const communityId = ctx.community.id;
    const { badgeId, rank } = input.unlock;
    if ((badgeId === undefined) === (rank === undefined)) throw new DomainError('bad-request', 'VALIDATION_FAILED', 'unlock must name either a badgeId or a rank', 'unlock');
    if (badgeId !== undefined) {
      const badge = await this.badges.findOneBy(communityId, { id: badgeId });
      if (!badge || badge.archivedAt) throw new DomainError('bad-request', 'VALIDATION_FAILED', 'unlock.badgeId must be a badge of this community', 'unlock.badgeId');
    }
    if (rank !== undefined && !(await this.settings.get(communityId)).ranks.some((r) => r.key === rank)) {
      throw new DomainError('bad-request', 'VALIDATION_FAILED', 'unlock.rank must be a rank of this community', 'unlock.rank');
    }
    if (input.kind === 'link' && !input.url) throw new DomainError('bad-request', 'VALIDATION_FAILED', 'url is needed for a link perk', 'url');
    if (input.kind === 'board' && !(input.boardId && (await this.perks.boardInCommunity(communityId, input.boardId)))) {
      throw new DomainError('bad-request', 'VALIDATION_FAILED', 'boardId must be a board of this community', 'boardId');
    }
    const perk = await this.db.transaction(async () => {
      const created = await this.perks.insert(communityId, {
        nameJa: input.name.ja,
        nameEn: input.name.en,
        descriptionJa: input.description?.ja ?? '',
        descriptionEn: input.description?.en ?? '',
        kind: input.kind,
        badgeId: badgeId ?? null,
        rankKey: rank ?? null,
        url: input.kind === 'link' ? input.url! : null,
        boardId: input.kind === 'board' ? input.boardId! : null,
      });
      await this.activity.record({ type: 'perk.created', communityId, actorId: ctx.user!.id, subject: { type: 'perk', id: created.id }, data: { kind: input.kind } });
      return created;
    });
    return toPerkResponse(perk, undefined);
  }

  async addCodes(ctx: CommunityContext, perkId: string, input: AddCodesDto): Promise<PerkResponse> {
    const perk = await this.requirePerk(ctx, perkId);
    if (perk.kind !== 'coupon') throw new DomainError('bad-request', 'NOT_A_COUPON', 'Only coupon perks have codes', 'codes');
    await this.db.transaction(async () => {
      const added = await this.perks.addCodes(ctx.community.id, perk.id, [...new Set(input.codes)]);
      await this.activity.record({ type: 'perk.codes_added', communityId: ctx.community.id, actorId: ctx.user!.id, subject: { type: 'perk', id: perk.id }, data: { added } });
    });
    return toPerkResponse(perk, (await this.perks.counts(ctx.community.id)).get(perk.id));
  }

  /** The perks I have unlocked, with the code or link each gave me. */
  async mine(ctx: CommunityContext): Promise<MyPerkResponse[]> {
    const userId = ctx.user!.id;
    const [perks, unlocked, mine, counts] = await Promise.all([
      this.perks.list(ctx.community.id),
      this.unlockedBy(ctx.community.id, userId),
      this.perks.mine(ctx.community.id, userId),
      this.perks.counts(ctx.community.id),
    ]);
    return perks.filter(unlocked).map((p) => toMyPerk(p, mine.get(p.id), counts.get(p.id)));
  }

  /** Redeems a perk I unlocked: a coupon gives me a code of the pool, the same one every time after. */
  async redeem(ctx: CommunityContext, perkId: string): Promise<MyPerkResponse> {
    const perk = await this.requirePerk(ctx, perkId);
    const userId = ctx.user!.id;
    if (!(await this.unlockedBy(ctx.community.id, userId))(perk)) throw DomainError.forbidden('This perk is unlocked by a badge or rank you do not hold yet');
    await this.db.transaction(async () => {
      if (!(await this.perks.redeem(ctx.community.id, perk.id, userId))) return;
      if (perk.kind === 'coupon' && !(await this.perks.giveCode(ctx.community.id, perk.id, userId))) {
        throw new DomainError('conflict', 'NO_CODES_LEFT', 'Every code of this perk has been given out');
      }
      await this.activity.record({ type: 'perk.redeemed', communityId: ctx.community.id, actorId: userId, subject: { type: 'perk', id: perk.id }, data: { kind: perk.kind } });
    });
    const mine = await this.perks.mine(ctx.community.id, userId);
    return toMyPerk(perk, mine.get(perk.id), (await this.perks.counts(ctx.community.id)).get(perk.id));
  }

  /** Boards the viewer may not see: members-only boards whose perk they have not unlocked (moderators and staff see all). */
  async hiddenBoardIds(ctx: CommunityContext): Promise<Set<string>> {
    if (MODERATION_ROLES.includes(ctx.membership?.role as Role)) return new Set();
    const boardPerks = await this.perks.boardPerks(ctx.community.id);
    if (boardPerks.length === 0) return new Set();
    const unlocked = ctx.user && ctx.membership ? await this.unlockedBy(ctx.community.id, ctx.user.id) : () => false;
    const open = new Set(boardPerks.filter(unlocked).map((p) => p.boardId!));
    return new Set(boardPerks.map((p) => p.boardId!).filter((id) => !open.has(id)));
  }

  /** Boards some perk makes members-only (marked for staff in board lists). */
  async membersOnlyBoardIds(communityId: string): Promise<Set<string>> {
    return new Set((await this.perks.boardPerks(communityId)).map((p) => p.boardId!));
  }

  /** A test of whether a member has unlocked a perk: holds its badge, or has reached its rank. */
  private async unlockedBy(communityId: string, userId: string): Promise<(perk: PerkEntity) => boolean> {
    const [awards, points, { ranks }] = await Promise.all([this.awards.live(communityId, userId), this.points.total(communityId, userId), this.settings.get(communityId)]);
    const badges = new Set(awards.map((a) => a.badgeId));
    const reached = new Set(ranks.filter((r) => r.min <= standing(points, ranks).rank.min).map((r) => r.key));
    return (perk) => (perk.badgeId !== null && badges.has(perk.badgeId)) || (perk.rankKey !== null && reached.has(perk.rankKey));
  }

  private async requirePerk(ctx: CommunityContext, perkId: string): Promise<PerkEntity> {
    const perk = await this.perks.findOneBy(ctx.community.id, { id: perkId });
    if (!perk) throw DomainError.notFound('perk');
    return perk;
  }
}

function toPerkResponse(perk: PerkEntity, counts: PerkCounts | undefined): PerkResponse {
  return {
    id: perk.id,
    name: { ja: perk.nameJa, en: perk.nameEn },
    description: { ja: perk.descriptionJa, en: perk.descriptionEn },
    kind: perk.kind,
    unlock: { badgeId: perk.badgeId, rank: perk.rankKey },
    url: perk.url,
    boardId: perk.boardId,
    codesTotal: counts?.codesTotal ?? 0,
    codesLeft: counts?.codesLeft ?? 0,
    redemptions: counts?.redemptions ?? 0,
  };
}

function toMyPerk(perk: PerkEntity, mine: { code: string | null; redeemedAt: Date } | undefined, counts: PerkCounts | undefined): MyPerkResponse {
  return {
    id: perk.id,
    name: { ja: perk.nameJa, en: perk.nameEn },
    description: { ja: perk.descriptionJa, en: perk.descriptionEn },
    kind: perk.kind,
    url: perk.url,
    boardId: perk.boardId,
    code: mine?.code ?? null,
    redeemedAt: mine?.redeemedAt.toISOString() ?? null,
    available: perk.kind !== 'coupon' || mine !== undefined || (counts?.codesLeft ?? 0) > 0,
  };
}
