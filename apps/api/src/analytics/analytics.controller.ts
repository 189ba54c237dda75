import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ANALYTICS_ROLES, STAFF_ROLES } from '@kizuna/contracts';
import { dayIn } from '@kizuna/engagement';
import { ApiErrors } from '../common/error-response.dto';
import { idOf } from '../common/params';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import { AnalyticsSettingsService } from './analytics-settings.service';
import { AnalyticsService } from './analytics.service';
import {
  AnalyticsSettingsDto,
  AtRiskPageResponse,
  AtRiskQueryDto,
  BadgeImpactResponse,
  BoardHealthResponse,
  ContributorResponse,
  EngagementRevenueResponse,
  MemberEngagementResponse,
  OverviewResponse,
  PeriodQueryDto,
  RetentionQueryDto,
  RetentionResponse,
  TiersResponse,
} from './dto/analytics.dto';
import { EngagementService } from './engagement.service';
import { MemberTiersService } from './member-tiers.service';

@ApiTags('analytics')
@ApiErrors()
@Controller('communities/:slug/analytics')
export class AnalyticsController {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly engagement: EngagementService,
    private readonly memberTiers: MemberTiersService,
    private readonly analyticsSettings: AnalyticsSettingsService,
  ) {}

  @Get('overview')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'DAU/WAU/MAU, stickiness, new members, threads, replies, reactions, answered share, median time to first reply; per day; vs the previous period' })
  @ApiResponse({ status: 200, type: OverviewResponse })
  overview(@Community() ctx: CommunityContext, @Query() query: PeriodQueryDto): Promise<OverviewResponse> {
    return this.analytics.overview(ctx, query);
  }

  @Get('tiers')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'Members per engagement tier as of `to` (score: Σ weight × 0.9^months over 12 months)' })
  @ApiResponse({ status: 200, type: TiersResponse })
  tiers(@Community() ctx: CommunityContext, @Query() query: PeriodQueryDto): Promise<TiersResponse> {
    return this.engagement.tiers(ctx, query);
  }

  @Get('engagement-revenue')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'Per tier: linked customers, purchase rate, orders per customer, order value, revenue per member, lift against customers outside the community' })
  @ApiResponse({ status: 200, type: EngagementRevenueResponse })
  engagementRevenue(@Community() ctx: CommunityContext, @Query() query: PeriodQueryDto): Promise<EngagementRevenueResponse> {
    return this.engagement.engagementRevenue(ctx, query);
  }

  @Get('retention')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'Cohorts × periods active: by join week or month, or by first-purchase month of linked customers' })
  @ApiResponse({ status: 200, type: RetentionResponse })
  retention(@Community() ctx: CommunityContext, @Query() query: RetentionQueryDto): Promise<RetentionResponse> {
    return this.engagement.retention(ctx, query);
  }

  @Get('at-risk')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'Champions drifting away: top quarter by peak score, idle 7–28 days or P(alive) < 0.3; a page of them, highest peak score first' })
  @ApiResponse({ status: 200, type: AtRiskPageResponse })
  atRisk(@Community() ctx: CommunityContext, @Query() query: AtRiskQueryDto): Promise<AtRiskPageResponse> {
    return this.engagement.atRisk(ctx, query);
  }

  @Get('top-contributors')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'The 20 members with the highest engagement score, with their threads, replies and reactions received in the period' })
  @ApiResponse({ status: 200, type: [ContributorResponse] })
  topContributors(@Community() ctx: CommunityContext, @Query() query: PeriodQueryDto): Promise<ContributorResponse[]> {
    return this.engagement.topContributors(ctx, query);
  }

  @Get('settings')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'Engagement weights per activity type and tier thresholds' })
  @ApiResponse({ status: 200, type: AnalyticsSettingsDto })
  settings(@Community() ctx: CommunityContext): Promise<AnalyticsSettingsDto> {
    return this.analyticsSettings.get(ctx);
  }

  @Put('settings')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Change engagement weights and tiers (owner or manager)' })
  @ApiResponse({ status: 200, type: AnalyticsSettingsDto })
  saveSettings(@Community() ctx: CommunityContext, @Body() body: AnalyticsSettingsDto): Promise<AnalyticsSettingsDto> {
    return this.analyticsSettings.put(ctx, body);
  }

  @Get('badge-impact')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'Posting and buying in the 30 days after a badge award vs the 30 before, against members not awarded it' })
  @ApiResponse({ status: 200, type: [BadgeImpactResponse] })
  badgeImpact(@Community() ctx: CommunityContext, @Query() query: PeriodQueryDto): Promise<BadgeImpactResponse[]> {
    return this.engagement.badgeImpact(ctx, query);
  }

  @Get('members/:userId')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: "A member's engagement score and tier, with the last 12 weeks (staff and analysts)" })
  @ApiResponse({ status: 200, type: MemberEngagementResponse })
  member(@Community() ctx: CommunityContext, @Param('userId', idOf('member')) userId: string): Promise<MemberEngagementResponse> {
    return this.memberTiers.of(ctx, userId, dayIn(ctx.community.timeZone, new Date()));
  }

  @Get('boards')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'Board health: threads per day, answered share and median time to first reply' })
  @ApiResponse({ status: 200, type: [BoardHealthResponse] })
  boards(@Community() ctx: CommunityContext, @Query() query: PeriodQueryDto): Promise<BoardHealthResponse[]> {
    return this.engagement.boardHealth(ctx, query);
  }
}
