import { Body, Controller, Get, HttpStatus, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { MODERATION_ROLES, STAFF_ROLES } from '@kizuna/contracts';
import type { Response } from 'express';
import { CurrentUser, SignedIn } from '../auth/auth.guards';
import { DomainError } from '../common/domain-error';
import { PageQueryDto } from '../common/page-query.dto';
import { idOf } from '../common/params';
import type { UserEntity } from '../auth/user.entity';
import { CommunitiesService } from './communities.service';
import { toCommunityResponse, toMembershipResponse } from './communities.mapper';
import { Community, type CommunityContext, CommunityRoute } from './community-access';
import {
  ChangeRoleDto,
  CommunityListResponse,
  CommunityResponse,
  CreateCommunityDto,
  MembersQueryDto,
  MemberSummaryResponse,
  MembershipResponse,
  SLUG_PATTERN,
  SuspensionDto,
  UpdateCommunityDto,
} from './dto/community.dto';
import { ApiErrors } from '../common/error-response.dto';

@ApiTags('communities')
@ApiErrors()
@Controller('communities')
export class CommunitiesController {
  constructor(private readonly communities: CommunitiesService) {}

  @Post()
  @SignedIn()
  @ApiOperation({ summary: 'Create a community; the creator becomes its owner' })
  @ApiResponse({ status: 201, type: CommunityResponse })
  async create(@CurrentUser() user: UserEntity, @Body() body: CreateCommunityDto): Promise<CommunityResponse> {
    const { community, membership } = await this.communities.create(user, body);
    return toCommunityResponse(community, 1, membership);
  }

  @Get()
  @ApiOperation({ summary: 'Public list of communities (slug order, cursor)' })
  @ApiResponse({ status: 200, type: CommunityListResponse })
  async list(@Query() query: PageQueryDto): Promise<CommunityListResponse> {
    // The cursor is the last slug of the previous page.
    if (query.cursor !== undefined && !SLUG_PATTERN.test(query.cursor)) throw new DomainError('bad-request', 'INVALID_CURSOR', 'cursor is malformed', 'cursor');
    const page = await this.communities.list(query.limit ?? 20, query.cursor);
    return { items: page.items.map((i) => toCommunityResponse(i.community, i.memberCount, null)), nextCursor: page.nextCursor };
  }

  @Get(':slug')
  @CommunityRoute()
  @ApiOperation({ summary: "Public information of a community, with the caller's role when signed in" })
  @ApiResponse({ status: 200, type: CommunityResponse })
  async get(@Community() ctx: CommunityContext): Promise<CommunityResponse> {
    return toCommunityResponse(ctx.community, await this.communities.memberCount(ctx.community.id), ctx.membership);
  }

  @Patch(':slug')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Change the profile and settings of a community (owner or manager)' })
  @ApiResponse({ status: 200, type: CommunityResponse })
  async update(@Community() ctx: CommunityContext, @Body() body: UpdateCommunityDto): Promise<CommunityResponse> {
    const community = await this.communities.update(ctx, body);
    return toCommunityResponse(community, await this.communities.memberCount(community.id), ctx.membership);
  }

  @Post(':slug/join')
  @CommunityRoute({ signedIn: true })
  @ApiOperation({ summary: 'Join as a member (201); joining again returns the membership (200)' })
  @ApiResponse({ status: 201, type: MembershipResponse })
  @ApiResponse({ status: 200, type: MembershipResponse })
  async join(@Community() ctx: CommunityContext, @Res({ passthrough: true }) res: Response): Promise<MembershipResponse> {
    const { membership, created } = await this.communities.join({ ...ctx, user: ctx.user! });
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return toMembershipResponse(ctx.community, membership);
  }

  @Get(':slug/members')
  @CommunityRoute({ roles: MODERATION_ROLES })
  @ApiOperation({ summary: 'Members by display name, for pickers (owner, manager or moderator)' })
  @ApiResponse({ status: 200, type: [MemberSummaryResponse] })
  async members(@Community() ctx: CommunityContext, @Query() query: MembersQueryDto): Promise<MemberSummaryResponse[]> {
    const members = await this.communities.searchMembers(ctx.community.id, query.q ?? '', query.limit ?? 20);
    return members.map((m) => ({ userId: m.userId, displayName: m.displayName, role: m.role, joinedAt: m.joinedAt.toISOString(), suspended: m.suspendedAt !== null }));
  }

  @Put(':slug/members/:userId/suspension')
  @CommunityRoute({ roles: MODERATION_ROLES })
  @ApiOperation({ summary: 'Suspend a member or lift it: they keep reading but cannot post or react (moderators for members; owners and managers for staff)' })
  @ApiResponse({ status: 200, type: MembershipResponse })
  async suspend(@Community() ctx: CommunityContext, @Param('userId', idOf('member')) userId: string, @Body() body: SuspensionDto): Promise<MembershipResponse> {
    return toMembershipResponse(ctx.community, await this.communities.setSuspension(ctx, userId, body));
  }

  @Put(':slug/members/:userId/role')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: "Change a member's role (owner or manager; only owners make managers and owners)" })
  @ApiResponse({ status: 200, type: MembershipResponse })
  async changeRole(
    @Community() ctx: CommunityContext,
    @Param('userId', idOf('member')) userId: string,
    @Body() body: ChangeRoleDto,
  ): Promise<MembershipResponse> {
    return toMembershipResponse(ctx.community, await this.communities.changeRole(ctx, userId, body));
  }
}

@ApiTags('me')
@ApiErrors()
@Controller('me/communities')
export class MyCommunitiesController {
  constructor(private readonly communities: CommunitiesService) {}

  @Get()
  @SignedIn()
  @ApiOperation({ summary: 'Communities I belong to, with my role' })
  @ApiResponse({ status: 200, type: [MembershipResponse] })
  async mine(@CurrentUser() user: UserEntity): Promise<MembershipResponse[]> {
    return (await this.communities.myCommunities(user)).map((m) => toMembershipResponse(m.community, m.membership));
  }
}
