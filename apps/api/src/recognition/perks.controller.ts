import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ROLES, STAFF_ROLES } from '@kizuna/contracts';
import { ApiErrors } from '../common/error-response.dto';
import { idOf } from '../common/params';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import { AddCodesDto, CreatePerkDto, MyPerkResponse, PerkResponse } from './dto/perk.dto';
import { PerksService } from './perks.service';
import { RateLimit } from '../rate-limits/rate-limit.guard';

@ApiTags('recognition')
@ApiErrors()
@Controller('communities/:slug')
export class PerksController {
  constructor(private readonly perks: PerksService) {}

  @Get('perks')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Perks, with codes left and redemptions (owner or manager)' })
  @ApiResponse({ status: 200, type: [PerkResponse] })
  list(@Community() ctx: CommunityContext): Promise<PerkResponse[]> {
    return this.perks.list(ctx);
  }

  @Post('perks')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Offer a perk unlocked by a badge or a rank: coupon, link or members-only board (owner or manager)' })
  @ApiResponse({ status: 201, type: PerkResponse })
  create(@Community() ctx: CommunityContext, @Body() body: CreatePerkDto): Promise<PerkResponse> {
    return this.perks.create(ctx, body);
  }

  @Post('perks/:perkId/codes')
  @RateLimit('uploads')
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: "Add coupon codes to a perk's pool (owner or manager)" })
  @ApiResponse({ status: 201, type: PerkResponse })
  addCodes(@Community() ctx: CommunityContext, @Param('perkId', idOf('perk')) perkId: string, @Body() body: AddCodesDto): Promise<PerkResponse> {
    return this.perks.addCodes(ctx, perkId, body);
  }

  @Get('me/perks')
  @CommunityRoute({ roles: ROLES })
  @ApiOperation({ summary: 'The perks I have unlocked here, with my codes' })
  @ApiResponse({ status: 200, type: [MyPerkResponse] })
  mine(@Community() ctx: CommunityContext): Promise<MyPerkResponse[]> {
    return this.perks.mine(ctx);
  }

  @Post('perks/:perkId/redeem')
  @CommunityRoute({ roles: ROLES })
  @ApiOperation({ summary: 'Redeem a perk I unlocked: a coupon gives me one code, the same one each time' })
  @ApiResponse({ status: 201, type: MyPerkResponse })
  redeem(@Community() ctx: CommunityContext, @Param('perkId', idOf('perk')) perkId: string): Promise<MyPerkResponse> {
    return this.perks.redeem(ctx, perkId);
  }
}
