import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ANALYTICS_ROLES } from '@kizuna/contracts';
import { ApiErrors } from '../common/error-response.dto';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import { AnalyticsService } from './analytics.service';
import { OverviewResponse, PeriodQueryDto } from './dto/analytics.dto';

@ApiTags('analytics')
@ApiErrors()
@Controller('communities/:slug/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('overview')
  @CommunityRoute({ roles: ANALYTICS_ROLES })
  @ApiOperation({ summary: 'DAU/WAU/MAU, stickiness, new members, threads, replies, reactions, answered share, median time to first reply; per day; vs the previous period' })
  @ApiResponse({ status: 200, type: OverviewResponse })
  overview(@Community() ctx: CommunityContext, @Query() query: PeriodQueryDto): Promise<OverviewResponse> {
    return this.analytics.overview(ctx, query);
  }
}
