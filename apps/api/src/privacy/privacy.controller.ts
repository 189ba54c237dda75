import { Body, Controller, Delete, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, SignedIn } from '../auth/auth.guards';
import type { UserEntity } from '../auth/user.entity';
import { ApiErrors } from '../common/error-response.dto';
import { DataExportResponse, EraseAccountDto } from './dto/privacy.dto';
import { PrivacyService } from './privacy.service';

@ApiTags('me')
@ApiErrors()
@Controller('me')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyService) {}

  @Get('export')
  @SignedIn()
  @ApiOperation({ summary: 'Everything held about me as one JSON document (a download)' })
  @ApiResponse({ status: 200, type: DataExportResponse })
  async export(@CurrentUser() user: UserEntity, @Res({ passthrough: true }) res: Response): Promise<DataExportResponse> {
    const data = await this.privacy.export(user);
    res.setHeader('Content-Disposition', `attachment; filename="kizuna-data-${data.exportedAt.slice(0, 10)}.json"`);
    return data;
  }

  @Delete()
  @HttpCode(204)
  @SignedIn()
  @ApiOperation({ summary: 'Erase my account (needs my current password); cannot be undone' })
  @ApiResponse({ status: 204 })
  async erase(@CurrentUser() user: UserEntity, @Body() body: EraseAccountDto): Promise<void> {
    await this.privacy.erase(user, body.password);
  }
}
