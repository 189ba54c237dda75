import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { STAFF_ROLES } from '@kizuna/contracts';
import { ApiErrors } from '../common/error-response.dto';
import { idOf } from '../common/params';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import { BadgesService, toAwardResponse } from './badges.service';
import {
  AwardBadgeDto,
  AwardResponse,
  BackfillResponse,
  BadgeResponse,
  CreateBadgeDto,
  HolderResponse,
  PreviewBadgeDto,
  PreviewResponse,
  RevokeBadgeQueryDto,
  UpdateBadgeDto,
} from './dto/badge.dto';

@ApiTags('recognition')
@ApiErrors()
@Controller('communities/:slug/badges')
export class BadgesController {
  constructor(private readonly badges: BadgesService) {}

  @Get()
  @CommunityRoute()
  @ApiOperation({ summary: "The community's badges (hidden ones only to staff and holders), with holder counts" })
  @ApiResponse({ status: 200, type: [BadgeResponse] })
  list(@Community() ctx: CommunityContext): Promise<BadgeResponse[]> {
    return this.badges.list(ctx);
  }

  @Post()
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Define a badge, manual or rule-based (owner or manager)' })
  @ApiResponse({ status: 201, type: BadgeResponse })
  create(@Community() ctx: CommunityContext, @Body() body: CreateBadgeDto): Promise<BadgeResponse> {
    return this.badges.create(ctx, body);
  }

  @Post('preview')
  @HttpCode(200)
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Who would meet a rule now; nothing is awarded (owner or manager)' })
  @ApiResponse({ status: 200, type: PreviewResponse })
  preview(@Community() ctx: CommunityContext, @Body() body: PreviewBadgeDto): Promise<PreviewResponse> {
    return this.badges.preview(ctx, body.rule);
  }

  @Get(':badgeId/backfill')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: "Progress of the badge's latest back-fill to members who already qualify (owner or manager)" })
  @ApiResponse({ status: 200, type: BackfillResponse })
  backfill(@Community() ctx: CommunityContext, @Param('badgeId', idOf('badge')) badgeId: string): Promise<BackfillResponse> {
    return this.badges.backfill(ctx, badgeId);
  }

  @Get(':badgeId/awards')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Members holding the badge, with who awarded it, when and why (owner or manager)' })
  @ApiResponse({ status: 200, type: [HolderResponse] })
  holders(@Community() ctx: CommunityContext, @Param('badgeId', idOf('badge')) badgeId: string): Promise<HolderResponse[]> {
    return this.badges.holders(ctx, badgeId);
  }

  @Patch(':badgeId')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Edit or archive a badge; a changed rule is back-filled (owner or manager)' })
  @ApiResponse({ status: 200, type: BadgeResponse })
  update(@Community() ctx: CommunityContext, @Param('badgeId', idOf('badge')) badgeId: string, @Body() body: UpdateBadgeDto): Promise<BadgeResponse> {
    return this.badges.update(ctx, badgeId, body);
  }

  @Post(':badgeId/awards')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Award a badge to a member, with a reason (owner or manager)' })
  @ApiResponse({ status: 201, type: AwardResponse })
  async award(@Community() ctx: CommunityContext, @Param('badgeId', idOf('badge')) badgeId: string, @Body() body: AwardBadgeDto): Promise<AwardResponse> {
    return toAwardResponse(await this.badges.award(ctx, badgeId, body));
  }

  @Delete(':badgeId/awards/:userId')
  @HttpCode(204)
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: "Revoke a member's badge (owner or manager); the history keeps who, when and why" })
  @ApiResponse({ status: 204 })
  revoke(
    @Community() ctx: CommunityContext,
    @Param('badgeId', idOf('badge')) badgeId: string,
    @Param('userId', idOf('award')) userId: string,
    @Query() query: RevokeBadgeQueryDto,
  ): Promise<void> {
    return this.badges.revoke(ctx, badgeId, userId, query.reason ?? '');
  }
}
