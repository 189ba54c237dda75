import {
  applyDecorators,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth, ApiParam } from '@nestjs/swagger';
import type { Role } from '@kizuna/contracts';
import { JwtAuthGuard, OptionalJwtAuthGuard } from '../auth/auth.guards';
import type { UserEntity } from '../auth/user.entity';
import { DomainError } from '../common/domain-error';
import type { CommunityEntity } from './community.entity';
import { CommunitiesService, twoFactorRequired } from './communities.service';
import type { MembershipEntity } from './membership.entity';

/** Who is asking, in which community: what every community-scoped service call receives. */
export interface CommunityContext {
  community: CommunityEntity;
  user?: UserEntity;
  membership: MembershipEntity | null;
}

interface AccessRule {
  /** Roles allowed; omitted: anyone (signed in or not, per `signedIn`). */
  roles?: readonly Role[];
  signedIn?: boolean;
}

const ACCESS = 'kizuna:community-access';

/** Roles that must have two-factor sign-in on for staff routes where the community requires it (analysts see customer data). */
const TWO_FACTOR_ROLES: readonly Role[] = ['owner', 'manager', 'moderator', 'analyst'];

/**
 * Resolves `:slug` (404 when unknown), loads the caller's membership, and enforces the route's
 * roles: 401 without a token, 403 for a non-member or a role not allowed. On staff routes (roles
 * not including members) of a community requiring it, staff without two-factor sign-in get 403
 * TWO_FACTOR_REQUIRED.
 */
@Injectable()
export class CommunityGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly communities: CommunitiesService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.get<AccessRule>(ACCESS, context.getHandler()) ?? {};
    const request = context.switchToHttp().getRequest();
    const slug = request.params.slug;
    const user: UserEntity | undefined = request.user;
    const { community, membership } = await this.communities.access(String(slug), user);
    if (rule.roles && !rule.roles.includes(membership?.role as Role)) {
      throw DomainError.forbidden(
        membership ? `This needs one of the roles: ${rule.roles.join(', ')}` : 'Join this community first',
      );
    }
    const staffRoute = rule.roles !== undefined && !rule.roles.includes('member');
    if (staffRoute && community.requireStaffTwoFactor && TWO_FACTOR_ROLES.includes(membership!.role) && !user?.twoFactorEnabledAt) {
      throw twoFactorRequired();
    }
    request.communityContext = { community, user, membership } satisfies CommunityContext;
    return true;
  }
}

/** Declares who may call a community route (`/communities/:slug/...`). */
export function CommunityRoute(rule: AccessRule = {}) {
  const signedIn = rule.signedIn || rule.roles !== undefined;
  return applyDecorators(
    SetMetadata(ACCESS, rule),
    UseGuards(signedIn ? JwtAuthGuard : OptionalJwtAuthGuard, CommunityGuard),
    ApiParam({ name: 'slug', type: String, description: 'Community slug', example: 'kizuna-fans' }),
    ...(signedIn ? [ApiBearerAuth()] : []),
  );
}

export const Community = createParamDecorator(
  (_data: unknown, context: ExecutionContext): CommunityContext => context.switchToHttp().getRequest().communityContext,
);
