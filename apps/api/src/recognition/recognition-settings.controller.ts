import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { STAFF_ROLES } from '@kizuna/contracts';
import { ApiErrors } from '../common/error-response.dto';
import { Community, type CommunityContext, CommunityRoute } from '../communities/community-access';
import { RecognitionSettingsDto } from './dto/settings.dto';
import { RecognitionSettingsService } from './recognition-settings.service';

@ApiTags('recognition')
@ApiErrors()
@Controller('communities/:slug/recognition/settings')
export class RecognitionSettingsController {
  constructor(private readonly settings: RecognitionSettingsService) {}

  @Get()
  @CommunityRoute()
  @ApiOperation({ summary: 'Points per action and the rank ladder' })
  @ApiResponse({ status: 200, type: RecognitionSettingsDto })
  get(@Community() ctx: CommunityContext): Promise<RecognitionSettingsDto> {
    return this.settings.get(ctx);
  }

  @Put()
  @CommunityRoute({ roles: STAFF_ROLES })
  @ApiOperation({ summary: 'Change points per action and the rank ladder (owner or manager); applies to activity from now on' })
  @ApiResponse({ status: 200, type: RecognitionSettingsDto })
  put(@Community() ctx: CommunityContext, @Body() body: RecognitionSettingsDto): Promise<RecognitionSettingsDto> {
    return this.settings.put(ctx, body);
  }
}
