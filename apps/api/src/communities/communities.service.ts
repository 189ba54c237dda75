import { Injectable } from '@nestjs/common';
import { type Role, STAFF_ROLES } from '@kizuna/contracts';
import { refuseRoleChange } from '@kizuna/engagement';
import { ActivityService } from '../activity/activity.service';
import { AuthService } from '../auth/auth.service';
import type { UserEntity } from '../auth/user.entity';
import { DomainError } from '../common/domain-error';
import { DatabaseService } from '../database/database.service';
import type { CommunityContext } from './community-access';
import type { CommunityEntity, ErasedPostsPolicy } from './community.entity';
import { CommunityRepository } from './community.repository';
import type { ChangeRoleDto, CreateCommunityDto, SuspensionDto, UpdateCommunityDto } from './dto/community.dto';
import type { MembershipEntity } from './membership.entity';
import { type MemberSummary, MembershipRepository } from './membership.repository';

/** 403 for a staff member without two-factor sign-in in a community that requires it. */
export const twoFactorRequired = () =>
  new DomainError('forbidden', 'TWO_FACTOR_REQUIRED', 'This community requires staff to use two-factor sign-in: turn it on at /me/security');

const ROLE_REFUSAL = {
  'not-staff': () => DomainError.forbidden('Only owners and managers can change roles'),
  'owner-only': () => DomainError.forbidden('Only an owner can make or change managers and owners'),
  'last-owner': () => new DomainError('conflict', 'LAST_OWNER', 'A community needs at least one owner: make someone else owner first'),
};

@Injectable()
export class CommunitiesService {
  constructor(
    private readonly db: DatabaseService,
    private readonly communities: CommunityRepository,
    private readonly memberships: MembershipRepository,
    private readonly activity: ActivityService,
    private readonly auth: AuthService,
  ) {}

  /** The community of a slug (404 when unknown) and the caller's membership in it. */
  async access(slug: string, user?: UserEntity): Promise<{ community: CommunityEntity; membership: MembershipEntity | null }> {
    const community = await this.communities.findBySlug(slug);
    if (!community) throw DomainError.notFound('community');
    const membership = user ? await this.memberships.findMember(community.id, user.id) : null;
    return { community, membership };
  }

  /** Like `access`, for a community found through one of its objects (a board, thread or post). */
  async accessById(communityId: string, user?: UserEntity): Promise<CommunityContext> {
    const [community, membership] = await Promise.all([this.communities.findById(communityId), user ? this.memberships.findMember(communityId, user.id) : null]);
    if (!community) throw DomainError.notFound('community');
    return { community, user, membership };
  }

  /** Slugs of communities by id (for links in a person's own lists). */
  async slugs(ids: string[]): Promise<Map<string, string>> {
    return new Map((await this.communities.findByIds([...new Set(ids)])).map((c) => [c.id, c.slug]));
  }

  /** The communities a person belongs to (their ids). */
  async communityIdsOf(userId: string): Promise<string[]> {
    return (await this.memberships.forUser(userId)).map((m) => m.communityId);
  }

  /** Members' user ids in id order after `afterUserId` (walking every member in batches). */
  memberIdsAfter(communityId: string, afterUserId: string | null, limit: number): Promise<string[]> {
    return this.memberships.idsAfter(communityId, afterUserId, limit);
  }

  async memberCount(communityId: string): Promise<number> {
    return this.memberships.countBy(communityId);
  }

  /** Display names of accounts by id (names next to ids in staff lists). */
  async displayNames(userIds: string[]): Promise<Map<string, string>> {
    return new Map((await this.auth.accountNames([...new Set(userIds)])).map((a) => [a.id, a.displayName]));
  }

  /** Members whose display name contains `q` (all when empty), by name (pickers for staff). */
  searchMembers(communityId: string, q: string, limit: number): Promise<MemberSummary[]> {
    return this.memberships.search(communityId, q, limit);
  }

  /** Members of the community among the given accounts. */
  async membersAmong(communityId: string, userIds: string[]): Promise<MembershipEntity[]> {
    return this.memberships.amongUsers(communityId, userIds);
  }

  /** The creator becomes its owner. */
  async create(user: UserEntity, input: CreateCommunityDto): Promise<{ community: CommunityEntity; membership: MembershipEntity }> {
    return this.db.transaction(async () => {
      const community = await this.communities.insertIfSlugFree({
        slug: input.slug,
        name: input.name,
        description: input.description ?? '',
        timeZone: input.timeZone ?? 'Asia/Tokyo',
        defaultLocale: input.defaultLocale ?? 'ja',
      });
      if (!community) throw new DomainError('conflict', 'SLUG_TAKEN', 'slug is already taken', 'slug');
      const { membership } = await this.memberships.join(community.id, user.id, 'owner');
      await this.activity.record({ type: 'community.created', communityId: community.id, actorId: user.id, subject: { type: 'community', id: community.id } });
      await this.activity.record({ type: 'member.joined', communityId: community.id, actorId: user.id, subject: { type: 'user', id: user.id }, data: { role: 'owner' } });
      return { community, membership };
    });
  }

  /** Settings and profile of the community (owner or manager). */
  async update(ctx: CommunityContext, input: UpdateCommunityDto): Promise<CommunityEntity> {
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<CommunityEntity>;
    if (changes.requireStaffTwoFactor !== undefined && changes.requireStaffTwoFactor !== ctx.community.requireStaffTwoFactor) {
      if (ctx.membership?.role !== 'owner') throw DomainError.forbidden('Only an owner can change whether staff must use two-factor sign-in');
      if (changes.requireStaffTwoFactor && !ctx.user?.twoFactorEnabledAt) throw twoFactorRequired();
    }
    if (Object.keys(changes).length === 0) return ctx.community;
    return this.db.transaction(async () => {
      await this.communities.update(ctx.community.id, changes);
      await this.activity.record({
        type: 'community.updated',
        communityId: ctx.community.id,
        actorId: ctx.user!.id,
        subject: { type: 'community', id: ctx.community.id },
        data: { changes: Object.keys(changes) },
      });
      return { ...ctx.community, ...changes };
    });
  }

  async list(limit: number, cursor?: string): Promise<{ items: Array<{ community: CommunityEntity; memberCount: number }>; nextCursor: string | null }> {
    const page = await this.communities.list(limit + 1, cursor);
    const items = page.slice(0, limit);
    const counts = await this.memberships.counts(items.map((c) => c.id));
    return {
      items: items.map((community) => ({ community, memberCount: counts.get(community.id) ?? 0 })),
      nextCursor: page.length > limit ? items[items.length - 1].slug : null,
    };
  }

  /** Idempotent: joining again returns the existing membership (`created: false`). */
  async join(ctx: CommunityContext & { user: UserEntity }): Promise<{ membership: MembershipEntity; created: boolean }> {
    if (ctx.membership) return { membership: ctx.membership, created: false };
    return this.db.transaction(async () => {
      const result = await this.memberships.join(ctx.community.id, ctx.user.id, 'member');
      if (result.created) {
        await this.activity.record({
          type: 'member.joined',
          communityId: ctx.community.id,
          actorId: ctx.user.id,
          subject: { type: 'user', id: ctx.user.id },
          data: { role: 'member' },
        });
      }
      return result;
    });
  }

  async changeRole(ctx: CommunityContext, targetUserId: string, input: ChangeRoleDto): Promise<MembershipEntity> {
    return this.db.transaction(async () => {
      const ownerCount = await this.memberships.lockOwners(ctx.community.id);
      const target = await this.memberships.lockMember(ctx.community.id, targetUserId);
      if (!target) throw DomainError.notFound('member');
      // The guard read the actor's role before the locks; a concurrent change may have demoted them.
      const actor = (await this.memberships.findMember(ctx.community.id, ctx.user!.id))?.role ?? 'member';
      const refusal = refuseRoleChange({ actor, from: target.role, to: input.role, ownerCount });
      if (refusal) throw ROLE_REFUSAL[refusal]();
      if (target.role === input.role) return target;
      const from: Role = target.role;
      await this.memberships.setRole(ctx.community.id, targetUserId, input.role);
      await this.activity.record({
        type: 'member.role_changed',
        communityId: ctx.community.id,
        actorId: ctx.user!.id,
        subject: { type: 'user', id: targetUserId },
        data: { from, to: input.role },
      });
      return { ...target, role: input.role };
    });
  }

  /**
   * Suspends a member or lifts it: moderators suspend members; managers and owners anyone but an
   * owner; nobody themselves.
   */
  async setSuspension(ctx: CommunityContext, targetUserId: string, input: SuspensionDto): Promise<MembershipEntity> {
    return this.db.transaction(async () => {
      const target = await this.memberships.lockMember(ctx.community.id, targetUserId);
      if (!target) throw DomainError.notFound('member');
      const actor = ctx.membership!.role;
      if (targetUserId === ctx.user!.id) throw DomainError.forbidden('You cannot suspend yourself');
      if (target.role === 'owner' || (target.role !== 'member' && !STAFF_ROLES.includes(actor))) {
        throw DomainError.forbidden(target.role === 'owner' ? 'Owners cannot be suspended' : 'Only owners and managers can suspend staff');
      }
      if ((target.suspendedAt !== null) === input.suspended) return target;
      const changes = input.suspended ? { suspendedAt: new Date(), suspendedReason: input.reason ?? '' } : { suspendedAt: null, suspendedReason: null };
      await this.memberships.update(ctx.community.id, { userId: targetUserId }, changes);
      await this.activity.record({
        type: input.suspended ? 'member.suspended' : 'member.unsuspended',
        communityId: ctx.community.id,
        actorId: ctx.user!.id,
        subject: { type: 'user', id: targetUserId },
        data: { reason: input.reason ?? '' },
      });
      return { ...target, ...changes };
    });
  }

  async profile(ctx: CommunityContext, userId: string): Promise<{ membership: MembershipEntity; user: UserEntity }> {
    const membership = await this.memberships.findMember(ctx.community.id, userId);
    const user = membership ? await this.auth.findAccount(userId) : null;
    if (!membership || !user || membership.erasedAt) throw DomainError.notFound('member');
    return { membership, user };
  }

  /**
   * A person's erasure, as communities hold it: each membership stays (members are counted) but is
   * marked erased. Returns the communities they belonged to with each one's policy for their posts.
   */
  async eraseMemberships(userId: string): Promise<Array<{ communityId: string; erasedPostsPolicy: ErasedPostsPolicy }>> {
    const memberships = await this.memberships.forUser(userId);
    await this.memberships.eraseAllOf(userId);
    const communities = await this.communities.findByIds(memberships.map((m) => m.communityId));
    return communities.map((c) => ({ communityId: c.id, erasedPostsPolicy: c.erasedPostsPolicy }));
  }

  async myCommunities(user: UserEntity): Promise<Array<{ membership: MembershipEntity; community: CommunityEntity }>> {
    const memberships = await this.memberships.forUser(user.id);
    const communities = new Map((await this.communities.findByIds(memberships.map((m) => m.communityId))).map((c) => [c.id, c]));
    return memberships.map((membership) => ({ membership, community: communities.get(membership.communityId)! }));
  }
}
