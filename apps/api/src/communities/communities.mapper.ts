import type { CommunityEntity } from './community.entity';
import type { CommunityResponse, MembershipResponse } from './dto/community.dto';
import type { MembershipEntity } from './membership.entity';

export function toCommunityResponse(community: CommunityEntity, memberCount: number, viewer: MembershipEntity | null): CommunityResponse {
  return {
    id: community.id,
    slug: community.slug,
    name: community.name,
    description: community.description,
    timeZone: community.timeZone,
    defaultLocale: community.defaultLocale,
    memberCount,
    reactionEmojis: community.reactionEmojis,
    autoHideFlagCount: community.autoHideFlagCount,
    newMemberHours: community.newMemberHours,
    newMemberPostsPerHour: community.newMemberPostsPerHour,
    erasedPostsPolicy: community.erasedPostsPolicy,
    requireStaffTwoFactor: community.requireStaffTwoFactor,
    createdAt: community.createdAt.toISOString(),
    viewer: { role: viewer?.role ?? null },
  };
}

export function toMembershipResponse(community: CommunityEntity, membership: MembershipEntity): MembershipResponse {
  return {
    communityId: community.id,
    slug: community.slug,
    name: community.name,
    userId: membership.userId,
    role: membership.role,
    joinedAt: membership.joinedAt.toISOString(),
    suspendedAt: membership.suspendedAt?.toISOString() ?? null,
  };
}
