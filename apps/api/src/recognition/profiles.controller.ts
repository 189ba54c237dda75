import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@kizuna/contracts';
import { ApiErrors } from '../common/error-response.dto';
import { idOf } from '../common/params';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import { ChooseTitleDto, LeaderboardEntryResponse, LeaderboardQueryDto, MemberProfileResponse, MyTitlesResponse } from './dto/profile.dto';
import { ProfilesService } from './profiles.service';
import { TitlesService } from './titles.service';

@ApiTags('recognition')
@ApiErrors()
@Controller('communities/:slug')
export class ProfilesController {
  constructor(
    private readonly profiles: ProfilesService,
    private readonly titles: TitlesService,
  ) {}

  @Get('members/:userId')
  @CommunityRoute()
  @ApiOperation({ summary: "A member's profile: display name, shown title, badges, points, rank and progress, recent activity" })
  @ApiResponse({ status: 200, type: MemberProfileResponse })
  profile(@Community() ctx: CommunityContext, @Param('userId', idOf('member')) userId: string): Promise<MemberProfileResponse> {
    return this.profiles.profile(ctx, userId);
  }

  @Get('me/title')
  @CommunityRoute({ roles: ROLES })
  @ApiOperation({ summary: 'The titles (称号) I hold here and the one I show' })
  @ApiResponse({ status: 200, type: MyTitlesResponse })
  myTitles(@Community() ctx: CommunityContext): Promise<MyTitlesResponse> {
    return this.titles.mine(ctx);
  }

  @Put('me/title')
  @CommunityRoute({ roles: ROLES })
  @ApiOperation({ summary: 'Choose the title I show (only one I hold), or none' })
  @ApiResponse({ status: 200, type: MyTitlesResponse })
  chooseTitle(@Community() ctx: CommunityContext, @Body() body: ChooseTitleDto): Promise<MyTitlesResponse> {
    return this.titles.choose(ctx, body.titleId);
  }

  @Get('leaderboard')
  @CommunityRoute()
  @ApiOperation({ summary: 'Members by points: all time, last 30 or 7 days (suspended members left out)' })
  @ApiResponse({ status: 200, type: [LeaderboardEntryResponse] })
  leaderboard(@Community() ctx: CommunityContext, @Query() query: LeaderboardQueryDto): Promise<LeaderboardEntryResponse[]> {
    return this.profiles.leaderboard(ctx, query.period ?? 'all');
  }
}
