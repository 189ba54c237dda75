import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { MODERATION_ROLES } from '@kizuna/contracts';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import { QueuePageResponse, SearchPageResponse, SearchQueryDto } from './dto/thread.dto';
import { PageQueryDto } from '../common/page-query.dto';
import { ModerationService } from './moderation.service';
import { SearchService } from './search.service';
import { ApiErrors } from '../common/error-response.dto';

@ApiTags('boards')
@ApiErrors()
@Controller('communities/:slug')
export class CommunityBoardsController {
  constructor(
    private readonly moderation: ModerationService,
    private readonly search: SearchService,
  ) {}

  @Get('moderation/queue')
  @CommunityRoute({ roles: MODERATION_ROLES })
  @ApiOperation({ summary: 'Posts with open reports, oldest first (moderators)' })
  @ApiResponse({ status: 200, type: QueuePageResponse })
  queue(@Community() ctx: CommunityContext, @Query() query: PageQueryDto): Promise<QueuePageResponse> {
    return this.moderation.queue(ctx, query);
  }

  @Get('search')
  @CommunityRoute()
  @ApiOperation({ summary: 'Search thread titles and posts for any substring (Japanese included), ranked, highlighted' })
  @ApiResponse({ status: 200, type: SearchPageResponse })
  find(@Community() ctx: CommunityContext, @Query() query: SearchQueryDto): Promise<SearchPageResponse> {
    return this.search.run(ctx, query);
  }
}
